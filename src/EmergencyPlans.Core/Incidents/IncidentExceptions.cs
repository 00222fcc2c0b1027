namespace EmergencyPlans.Core.Incidents;

/// <summary>A command names a duty or warning the incident does not have (404).</summary>
public sealed class IncidentPartNotFoundException : Exception
{
    public IncidentPartNotFoundException(string what, string key)
        : base($"{what} '{key}' was not found.")
    {
        What = what;
        Key = key;
    }

    public IncidentPartNotFoundException()
        : this("part", "?")
    {
    }

    public IncidentPartNotFoundException(string message)
        : this("part", message)
    {
    }

    public IncidentPartNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        What = "part";
        Key = "?";
    }

    /// <summary>obligation | warning.</summary>
    public string What { get; }

    /// <summary>The key or id the command named.</summary>
    public string Key { get; }
}

/// <summary>A command is well formed but the incident's plan does not allow it (400, naming the field).</summary>
public sealed class IncidentCommandRejectedException : Exception
{
    public IncidentCommandRejectedException(string field, string message)
        : base(message)
    {
        Field = field;
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
}
