using Microsoft.Extensions.Options;

namespace EmergencyPlans.Core.Plans;

/// <summary>Where the plan files are read from. Bound from the <see cref="Section"/> section (<c>EmergencyPlans:PlansDirectory</c>).</summary>
public sealed class PlanCatalogOptions
{
    /// <summary>The configuration section shared by the host's own settings.</summary>
    public const string Section = "EmergencyPlans";

    /// <summary>The plans/ folder; a relative path is taken from the content root. Absolute after start-up.</summary>
    public string PlansDirectory { get; set; } = "plans";
}

/// <summary>Refuses a plans folder that is not there, naming the setting as the operator types it.</summary>
internal sealed class PlanCatalogOptionsValidator : IValidateOptions<PlanCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, PlanCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Setting = PlanCatalogOptions.Section + ":" + nameof(PlanCatalogOptions.PlansDirectory);
        if (string.IsNullOrWhiteSpace(options.PlansDirectory))
        {
            return ValidateOptionsResult.Fail($"{Setting} is required: the folder holding the plan files");
        }

        return Directory.Exists(options.PlansDirectory)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{Setting} '{options.PlansDirectory}' does not exist");
    }
}
