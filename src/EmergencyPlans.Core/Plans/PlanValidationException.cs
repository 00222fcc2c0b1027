namespace EmergencyPlans.Core.Plans;

/// <summary>One thing wrong with a plan or city file: which file, which rule (or path), what is wrong.</summary>
public sealed record PlanProblem(string File, string Rule, string Problem)
{
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
