using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// The service's own default levels for categories whose framework logs cost more than they tell, given as rules an operator's
/// configuration still overrides. Of two filter rules for the same category (and no provider) the later one wins, and the
/// configuration's rules are added first (<c>WebApplication.CreateBuilder</c>): a rule added by <c>ILoggingBuilder.AddFilter</c> came
/// after them and beat <c>Logging:LogLevel:Microsoft.AspNetCore</c>, whatever the operator set. These are put first instead.
/// </summary>
internal static class DefaultLogLevels
{
    /// <summary>Logs of <paramref name="category"/> (and its sub-categories) from <paramref name="level"/> up, unless the configuration says otherwise.</summary>
    public static IServiceCollection AddDefaultLogLevel(this IServiceCollection services, string category, LogLevel level) =>
        services.Configure<LoggerFilterOptions>(o => o.Rules.Insert(0, new LoggerFilterRule(null, category, level, null)));
}
