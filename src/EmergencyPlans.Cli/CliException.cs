namespace EmergencyPlans.Cli;

/// <summary>
/// A failure the command line reports to its user in Chinese with its own exit code (<see cref="ExitCodes"/>), without a
/// stack trace: plans that cannot be loaded, a plans folder that is not there. Caught once, in Program.cs.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this(ExitCodes.InvalidInput, "输入无效")
    {
    }

    public CliException(string message)
        : this(ExitCodes.InvalidInput, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.InvalidInput;
    }

    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; }
}
