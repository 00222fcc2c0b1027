namespace EmergencyPlans.Application.Common;

/// <summary>The caller's If-Match is stale: 412 with the current state so the officer can redo the change on it.</summary>
public sealed class StaleVersionException : Exception
{
    public StaleVersionException(long expected, long current, object? currentState)
        : base(expected < 0
            ? $"The If-Match sent is an entity tag that names no version of this incident; it is at version {current}. Send the ETag of the version your change is based on (e.g. \"{current}\")."
            : $"The incident changed: you sent version {expected}, it is now at version {current}. Review the current state and apply your change again.")
    {
        Expected = expected;
        Current = current;
        CurrentState = currentState;
    }

    public StaleVersionException()
        : this(0, 0, null)
    {
    }

    public StaleVersionException(string message)
        : base(message)
    {
    }

    public StaleVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long Expected { get; }
    public long Current { get; }
    public object? CurrentState { get; }
}
