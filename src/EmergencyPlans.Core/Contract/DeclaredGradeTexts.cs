using System.Xml;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// How the duties that hang on a declared grade are said to people (a plan with no grade table: the natural-disaster plan's 4.1.3 重特大,
/// 4.1.5 重大及以上, 4.2.1 重大以上, which the competent department declares, <c>declaredGrade</c>). One wording for the CLI card's line, the
/// assessment's question (<see cref="AssessmentResponse.JudgementsToConsider"/>, judgement <see cref="Judgement"/>) and the alerts, so the
/// card and the alert never ask it two ways (a natural-disaster duty officer's review, session 61, ND-03: only the card asked).
/// </summary>
public static class DeclaredGradeTexts
{
    /// <summary>The question's <see cref="JudgementToConsiderDto.Judgement"/>: the report field that answers it.</summary>
    public const string Judgement = "declaredGrade";

    /// <summary>The question's <see cref="JudgementToConsiderDto.Label"/>: the grades the plan's duties read (4.1.3 重特大; 4.1.5 重大及以上).</summary>
    public const string Label = "重大或特别重大";

    /// <summary>
    /// The lowest level the figures call for at which the assessment and the escalation alert put the question: Ⅱ. The plan ties no level to
    /// the grade; the review asked it "at least at Ⅱ and Ⅰ" (ND-03), where a 重大 disaster is likely. Below, the card still lists the duties.
    /// </summary>
    public const ResponseLevel AskedFrom = ResponseLevel.II;

    /// <summary>The card's line before the duties (<c>灾害等级尚未认定；认定为重大或特别重大时还须：</c>), <paramref name="term"/> the plan's word for the grade.</summary>
    public static string Heading(string term) => $"{term}尚未认定；认定为{Label}时还须：";

    /// <summary>
    /// The question in one sentence: <see cref="Heading"/>, then each duty as <see cref="Duty(ObligationDto)"/> says it, then where the answer goes:
    /// <c>灾害等级尚未认定；认定为重大或特别重大时还须：向本级党委和政府及上级应急管理部门报告（第一时间，4.1.3）；…逐级上报上级应急管理部门（12-09 01:30前，每日，4.1.5）；…。认定结果记入报告的 declaredGrade。</c>
    /// </summary>
    public static string Question(string term, IEnumerable<ObligationDto> duties)
    {
        ArgumentNullException.ThrowIfNull(duties);
        return $"{Heading(term)}{string.Join("；", duties.Select(Duty))}。认定结果记入报告的 {Judgement}。";
    }

    /// <summary>A duty as the question lists it: what is done and to whom (<see cref="DutyWords"/>), then when and the clause.</summary>
    public static string Duty(ObligationDto duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return Duty(DutyWords.Of(duty.To, duty.Act, null, duty.Words, duty.Code, null).Brief, duty.DueAt, duty.Timing, duty.Words, duty.Every, duty.Clause);
    }

    /// <summary>
    /// A duty as the question lists it, from its parts: <c>逐级上报上级应急管理部门（12-09 01:30前，每日，4.1.5）</c>,
    /// <c>组织相关部门召开灾情会商会，全面客观评估、核定灾情（及时，4.2.1）</c>.
    /// </summary>
    /// <param name="named">What is done and to whom (<see cref="DutyName.Brief"/>).</param>
    /// <param name="dueAt">Its due time; null for a duty owed 立即, 及时 or with no stated time.</param>
    /// <param name="timing">Its timing as the contract spells it (<c>immediately</c>).</param>
    /// <param name="words">The plan's words (a limit they refer to and do not state is said so).</param>
    /// <param name="every">Its repeat period (ISO 8601); null when it does not repeat.</param>
    /// <param name="clause">The clause.</param>
    /// <remarks>A duty owed at once is said in the plan's own word for it (4.1.3 第一时间), as the card's hints say it; it read 立即.</remarks>
    public static string Duty(string named, DateTimeOffset? dueAt, string timing, string words, string? every, string clause) =>
        $"{named}（{(dueAt is { } due ? CityTime.DayMinute(due) + "前" : timing == "immediately" && DutyWords.AtOnceWord(words) is { } word ? word : Names.ChineseTiming(timing, words))}{(every is null ? "" : "，" + Every(every))}，{clause}）";

    private static string Every(string iso) => XmlConvert.ToTimeSpan(iso) is var every && every == TimeSpan.FromDays(1) ? "每日" : "每" + Names.Chinese(every);
}
