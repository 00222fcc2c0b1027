namespace EmergencyPlans.Core.Plans;

/// <summary>
/// One thing wrong with a plan or city file: which file, which rule (or path), what is wrong. <see cref="Problem"/> is
/// English, for the exception message the service logs; <see cref="Chinese"/> says the same to the city's plan-data
/// editors (<c>plans check</c>), with the file's own field names, codes and values kept as written.
/// </summary>
public sealed record PlanProblem(string File, string Rule, string Problem, string Chinese)
{
    /// <summary>
    /// Only for a problem raised outside the loader whose creator has no Chinese to give (the decision engine's
    /// rule-count guard, and the message-only constructors of <see cref="PlanValidationException"/>): the Chinese then
    /// says only that the service refused the file and the log says why. Every problem of <see cref="PlanLoader"/>
    /// gives its own Chinese.
    /// </summary>
    internal PlanProblem(string file, string rule, string problem)
        : this(file, rule, problem, Unexplained)
    {
    }

    /// <summary>The Chinese of a problem created without one; no problem of the loader may carry it.</summary>
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
        Problems = [new PlanProblem("?", "?", message)];
    }

    public PlanValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new PlanProblem("?", "?", message)];
    }

    public IReadOnlyList<PlanProblem> Problems { get; } = [];
}
