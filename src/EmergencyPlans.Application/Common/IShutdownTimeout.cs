namespace EmergencyPlans.Application.Common;

/// <summary>
/// How long the host lets the requests still running end once it is stopping, before it cuts them: the API host's
/// <c>HostOptions:ShutdownTimeout</c> as it is in force (30 s unless set). The log line of a 122 submission the stop cut (event 8103)
/// says it; it named .NET's default, "30 s unless set", with the setting at 5 s (review s58, operations nits). The Application layer
/// does not see the host's options: the host that cuts requests registers it (the API host; the CLI cuts none and registers none).
/// </summary>
public interface IShutdownTimeout
{
    /// <summary>The host's wait for the requests still running at a stop.</summary>
    TimeSpan ShutdownTimeout { get; }
}
