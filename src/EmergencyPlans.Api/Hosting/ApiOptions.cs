namespace EmergencyPlans.Api.Hosting;

/// <summary>Limits the HTTP edge enforces. Bound from the <see cref="Section"/> section, validated at start-up.</summary>
public sealed class ApiLimitsOptions
{
    public const string Section = "EmergencyPlans";

    /// <summary>Largest request body accepted, in bytes (<c>EmergencyPlans:MaxRequestBodyBytes</c>); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
