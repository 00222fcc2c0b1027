namespace EmergencyPlans.Core.Assessment;

/// <summary>No version of the plan was in force when the incident occurred, or the plan is unknown.</summary>
public sealed class PlanNotInForceException : Exception
{
    public PlanNotInForceException(string planId, DateTimeOffset occurredAt, bool planKnown, string? chinese = null)
        : base(planKnown
            ? $"No version of plan '{planId}' was in force at {occurredAt:O}."
            : $"Unknown plan '{planId}'.")
    {
        PlanId = planId;
        OccurredAt = occurredAt;
        PlanKnown = planKnown;
        _chinese = chinese;
    }

    private readonly string? _chinese;

    public PlanNotInForceException()
        : this("?", default, false)
    {
    }

    public PlanNotInForceException(string message)
        : base(message)
    {
        PlanId = "?";
    }

    public PlanNotInForceException(string message, Exception innerException)
        : base(message, innerException)
    {
        PlanId = "?";
    }

    public string PlanId { get; }
    public DateTimeOffset OccurredAt { get; }
    public bool PlanKnown { get; }

    /// <summary>
    /// What <see cref="Exception.Message"/> says, in Chinese: the catalog's wording when the engine gave it
    /// (<see cref="Plans.PlanCatalog.NotInForceChinese"/>), else made from the plan and the time (the city's clock, <see cref="Contract.CityTime"/>),
    /// worded as the validators' failure on <c>occurredAt</c> is; a generic sentence for an exception made from a message alone.
    /// </summary>
    public string Chinese => _chinese ?? (PlanId == "?"
        ? "没有有效的预案"
        : PlanKnown
            ? $"{Contract.CityTime.Minute(OccurredAt)} 时预案“{PlanId}”尚无有效版本"
            : $"没有预案“{PlanId}”");
}
