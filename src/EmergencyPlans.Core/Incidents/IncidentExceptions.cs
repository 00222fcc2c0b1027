namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// Something a request names does not exist: an incident, a version of it, a duty or a warning (404). One type for
/// every layer, so the API maps "not found" in one place.
/// </summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string what, string id)
        : base($"{what} '{id}' was not found.")
    {
        What = what;
        Id = id;
    }

    public NotFoundException()
        : this("resource", "?")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
        What = "resource";
        Id = "?";
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        What = "resource";
        Id = "?";
    }

    /// <summary>incident, incident version, obligation, warning.</summary>
    public string What { get; }

    /// <summary>The id or key the request named.</summary>
    public string Id { get; }
}

/// <summary>A command is well formed but the incident's plan does not allow it (400, naming the field).</summary>
public sealed class IncidentCommandRejectedException : Exception
{
    public IncidentCommandRejectedException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <param name="field">The JSON path of the request field at fault.</param>
    /// <param name="message">Why, for integrators (the problem document).</param>
    /// <param name="chinese">Why, for people in Jincheng (a drill's after-action report).</param>
    public IncidentCommandRejectedException(string field, string message, string chinese)
        : this(field, message)
    {
        Chinese = chinese;
    }

    public IncidentCommandRejectedException()
        : this("$", "the command was rejected")
    {
    }

    public IncidentCommandRejectedException(string message)
        : this("$", message)
    {
    }

    public IncidentCommandRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
    }

    /// <summary>The JSON path of the request field at fault.</summary>
    public string Field { get; }

    /// <summary>Why, in Chinese, for people; null where only a malformed request meets it.</summary>
    public string? Chinese { get; }

    /// <summary>
    /// 400 (the default) for a request the plan does not allow as written; 409 for one it does not allow in the incident's present state, which
    /// the same request may pass once the state changes (a warning lifted while the latest report still meets its colour, R 4.6).
    /// </summary>
    public int Status { get; init; } = 400;

    /// <summary>
    /// True when the refusal is of a time the request gives (a <c>madeAt</c> or <c>decidedAt</c> before the occurrence, after now, out of
    /// order, of another period): the plan is not what refuses it, and the problem is titled for the time (review s58, construction 10b:
    /// a fulfilment made before the occurrence was titled 本预案不允许此操作).
    /// </summary>
    public bool AboutTime { get; init; }

    /// <summary>
    /// Members the problem document carries beside <c>errors</c>, for a client to act on without reading the text (the 4.6 refusal's
    /// <c>stillMet</c>: the colour, clause and rule the report still meets); null for none.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
}
