using EmergencyPlans.Core.Contract;
using FluentValidation;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// The rules every list's paging parameters share, each saying the parameter and what it takes in the caller's language. FluentValidation's
/// own wording (<c>'after' 必须大于或等于 '0'。</c>) read differently from every other refusal of the service (a duty officer's review, session 54).
/// </summary>
public static class QueryRules
{
    /// <summary>A page size from 1 to <paramref name="max"/>.</summary>
    public static IRuleBuilderOptions<T, int?> PageLimit<T>(this IRuleBuilder<T, int?> rule, int max) =>
        rule.InclusiveBetween(1, max)
            .WithMessage(_ => Localized.Pick($"limit must be a whole number from 1 to {max}", $"limit 须为 1 至 {max} 的整数"))
            .OverridePropertyName("limit");

    /// <summary>An offset or a position: 0 or more.</summary>
    public static IRuleBuilderOptions<T, int?> NotNegative<T>(this IRuleBuilder<T, int?> rule, string name) =>
        rule.GreaterThanOrEqualTo(0).WithMessage(_ => Said(name)).OverridePropertyName(name);

    /// <summary>An id or a position: 0 or more.</summary>
    public static IRuleBuilderOptions<T, long?> NotNegative<T>(this IRuleBuilder<T, long?> rule, string name) =>
        rule.GreaterThanOrEqualTo(0).WithMessage(_ => Said(name)).OverridePropertyName(name);

    private static string Said(string name) => Localized.Pick($"{name} must be 0 or more", $"{name} 须为 0 或更大的整数");
}
