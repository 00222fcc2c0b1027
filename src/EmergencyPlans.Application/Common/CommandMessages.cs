using EmergencyPlans.Core.Contract;
using FluentValidation;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// Validation messages that several requests share, in both languages (<see cref="Localized"/>): the API answers in
/// English, a drill report shows the same refusal in Chinese.
/// </summary>
internal static class CommandMessages
{
    public static string BodyRequired => Localized.Pick("a JSON body is required", "缺少请求体（JSON）");

    public static string ReasonRequired => Localized.Pick("reason is required: every decision records why", "缺少理由 reason：每项决定都要记下为什么");

    public static string NotATime(string field) =>
        Localized.Pick($"{field} must be an ISO 8601 date and time with its UTC offset", $"{field} 须为带时区偏移的 ISO 8601 日期时间");

    public static string InTheFuture(string field, string english, string chinese) =>
        Localized.Pick($"{field} is in the future{english}", $"{field} 晚于当前时间{chinese}");
}

/// <summary>Rules several requests share.</summary>
internal static class CommandRules
{
    /// <summary>
    /// A time a person gives for something that has happened (a report made, a clock's start, the occurrence): ISO 8601 with its offset,
    /// and not later than now beyond <see cref="AssessmentContract.ClockTolerance"/>; <paramref name="english"/> and <paramref name="chinese"/>
    /// say why a future time cannot be, after the field's name.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> APastTime<T>(this IRuleBuilderInitial<T, string?> rule, TimeProvider clock, string field, string english, string chinese) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(t => AssessmentContract.ParseOccurredAt(t) is not null)
            .WithMessage(_ => CommandMessages.NotATime(field))
            .Must(t => AssessmentContract.ParseOccurredAt(t) <= clock.GetUtcNow() + AssessmentContract.ClockTolerance)
            .WithMessage(_ => CommandMessages.InTheFuture(field, english, chinese));

    /// <summary>
    /// The time an act recorded afterwards was taken (a report's <c>madeAt</c>, a decision's <c>decidedAt</c>), checked by
    /// <see cref="APastTime{T}"/>; null when not given, or not before <paramref name="now"/>: a time within the clock tolerance ahead of the
    /// service's clock is read as now, the act recorded as it is taken.
    /// </summary>
    public static DateTimeOffset? TakenBefore(string? text, DateTimeOffset now) =>
        AssessmentContract.ParseOccurredAt(text) is { } taken && taken < now ? taken : null;
}
