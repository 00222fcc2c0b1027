namespace EmergencyPlans.Core.Plans;

/// <summary>
/// One thing wrong with a plan or city file: which file, which rule (or path), what is wrong. <see cref="Problem"/> is
/// English, for the exception message the service logs; <see cref="Chinese"/> says the same to the city's plan-data
/// editors (<c>plans check</c>), with the file's own field names, codes and values kept as written.
/// </summary>
public sealed record PlanProblem(string File, string Rule, string Problem, string Chinese)
{
    /// <summary>
    /// The Chinese of a problem made by the exception's message-only constructors (the standard exception shape; nothing
    /// in the service raises one): the service refused the file and the log says why. No problem of the loader may carry it.
    /// </summary>
    internal const string Unexplained = "服务拒绝使用此文件；原因尚无中文说明，请查看服务日志";

    /// <summary>The English line, as it goes into the exception message and the log.</summary>
    public override string ToString() => $"{File}: {Rule}: {Problem}";
}

/// <summary>Raised when plans/ cannot be loaded; lists every problem found, not only the first.</summary>
public sealed class PlanValidationException : Exception
{
    public PlanValidationException(IReadOnlyList<PlanProblem> problems)
        : base("Invalid plan data:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public PlanValidationException()
        : this([])
    {
    }

    public PlanValidationException(string message)
        : base(message)
    {
        Problems = [new PlanProblem("?", "?", message, PlanProblem.Unexplained)];
    }

    public PlanValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new PlanProblem("?", "?", message, PlanProblem.Unexplained)];
    }

    public IReadOnlyList<PlanProblem> Problems { get; } = [];
}
