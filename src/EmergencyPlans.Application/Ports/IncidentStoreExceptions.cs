namespace EmergencyPlans.Application.Ports;

/// <summary>
/// The incident's stored version is not the one the caller based its change on; nothing was written.
/// The API answers 412 with the current state.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(Guid incidentId, long expectedVersion, long currentVersion)
        : base($"Incident {incidentId} is at version {currentVersion}, not the expected version {expectedVersion}.")
    {
        IncidentId = incidentId;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public Guid IncidentId { get; }

    public long ExpectedVersion { get; }

    /// <summary>The version stored when the conflict was detected.</summary>
    public long CurrentVersion { get; }
}

/// <summary>No incident with this id is stored.</summary>
public sealed class IncidentNotFoundException : Exception
{
    public IncidentNotFoundException(Guid incidentId)
        : base($"Incident {incidentId} does not exist.")
    {
        IncidentId = incidentId;
    }

    public Guid IncidentId { get; }
}

/// <summary>An incident with this id is already stored (for example a retried create).</summary>
public sealed class IncidentAlreadyExistsException : Exception
{
    public IncidentAlreadyExistsException(Guid incidentId)
        : base($"Incident {incidentId} already exists.")
    {
        IncidentId = incidentId;
    }

    public Guid IncidentId { get; }
}

/// <summary>Another request recorded the same Idempotency-Key first; nothing was written. Look the key up again.</summary>
public sealed class IdempotencyKeyTakenException : Exception
{
    public IdempotencyKeyTakenException(string key)
        : base($"Idempotency key '{key}' was recorded by another request.")
    {
        Key = key;
    }

    public IdempotencyKeyTakenException()
        : this("?")
    {
    }

    public IdempotencyKeyTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "?";
    }

    public string Key { get; }
}
