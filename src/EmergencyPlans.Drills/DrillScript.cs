using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Drills;

/// <summary>
/// A tabletop drill script (docs/drills.md): who plays, what the control cell injects at which offset, what the
/// participants do, and what the facilitator expects. Every element keeps the line it was written on, so a
/// problem found while validating or running it names that line.
/// </summary>
public sealed record DrillScript(
    string File,
    string Title,
    string PlanId,
    DateTimeOffset Start,
    TimeSpan End,
    string? Scope,
    IReadOnlyList<DrillParticipant> Participants,
    DrillIncident Incident,
    IReadOnlyList<DrillObjective> Objectives,
    IReadOnlyList<DrillStep> Steps,
    IReadOnlyList<DrillExpectation> Expectations)
{
    /// <summary>The participant with id <paramref name="id"/>.</summary>
    public DrillParticipant Participant(string id)
    {
        // A loop, not First with a lambda capturing the id: every action of a drill asks.
        for (var i = 0; i < Participants.Count; i++)
        {
            if (string.Equals(Participants[i].Id, id, StringComparison.Ordinal))
            {
                return Participants[i];
            }
        }

        throw new InvalidOperationException("Sequence contains no matching element");
    }
}

/// <summary>One player: an id used in the script, the name shown in the report, and the role they play (RoleCatalogue).</summary>
public sealed record DrillParticipant(string Id, string Name, string Role, int Line);

/// <summary>What the drill sets out to test (演练目标); met when every expectation it lists passes.</summary>
public sealed record DrillObjective(string Id, string Text, IReadOnlyList<string> Expectations, int Line);

/// <summary>The first report: when the incident happened and when, by whom, it reached the duty office.</summary>
public sealed record DrillIncident(
    TimeSpan OccurredAt,
    TimeSpan ReportedAt,
    string ReportedBy,
    string County,
    string? Place,
    string Nature,
    string ReporterName,
    string? ReporterUnit,
    string? FiguresJson,
    string? ConditionsJson,
    int Line);

/// <summary>Whether a step is an inject of the control cell (MSEL) or an action of a participant.</summary>
public enum DrillStepSource
{
    Inject,
    Action,
}

/// <summary>
/// One line of the master scenario events list: an inject, or a participant's action. Which fields are set
/// depends on <see cref="Kind"/> (docs/drills.md lists them).
/// </summary>
public sealed record DrillStep
{
    public required DrillStepSource Source { get; init; }
    public required int Line { get; init; }

    /// <summary>Position in the script, for a stable order among steps at the same offset (injects first).</summary>
    public required int Order { get; init; }
    public required TimeSpan At { get; init; }
    public required string Kind { get; init; }
    public string? Text { get; init; }

    /// <summary>The participant acting (actions only).</summary>
    public string? By { get; init; }
    public string? FiguresJson { get; init; }
    public string? ConditionsJson { get; init; }
    public string? County { get; init; }
    public string? OrderedBy { get; init; }

    /// <summary>record-clock-event command-handover: who took command on site (C 4.2).</summary>
    public string? TakenBy { get; init; }

    /// <summary>occurrence-time: when the incident really happened, as an offset from the start (not after the inject).</summary>
    public TimeSpan? OccurredAt { get; init; }
    public string? Duty { get; init; }
    public string? Level { get; init; }
    /// <summary>decide-response: activate (the default), adjust, propose (the office's proposal) or decline (the decider turns it down).</summary>
    public string ResponseAction { get; init; } = "activate";
    public bool DelegatedByCommander { get; init; }
    public string? WarningAction { get; init; }
    public string? Colour { get; init; }

    /// <summary>Which warning of the drill (1 = the first proposed); the latest when omitted.</summary>
    public int? Warning { get; init; }
    public string? ProvinceApproval { get; init; }

    /// <summary>
    /// change-warning, lift only: true when the issuing office confirms the road 4.6 assessment (经评估符合相应条件时), which a lift needs while
    /// the latest report still meets a colour that no other warning in force covers; null when the script does not say.
    /// </summary>
    public bool? ConditionsAssessed { get; init; }
    public string? Reason { get; init; }
    public string? Event { get; init; }
    public string? ReportKind { get; init; }

    /// <summary>terminate-response: true when the deciding body confirms the plan's termination conditions; null when the script does not say.</summary>
    public bool? ConditionsConfirmed { get; init; }

    /// <summary>
    /// terminate-response: terminate (the default), propose (the office proposes the end, N 2.2(2) 提出……终止建议) or decline (the body that would
    /// end it turns the proposal down; the level stays in force).
    /// </summary>
    public string TerminationAction { get; init; } = "terminate";
}

/// <summary>A facilitator's expectation: passes or fails, never a partial score.</summary>
public sealed record DrillExpectation
{
    public required string Id { get; init; }
    public required int Line { get; init; }
    public required string Kind { get; init; }
    public string? Text { get; init; }
    public string? Level { get; init; }
    public string? Role { get; init; }
    public TimeSpan? By { get; init; }
    public TimeSpan? At { get; init; }
    public string? Duty { get; init; }

    /// <summary>
    /// duty-on-time, duty-met: the county whose instances of a duty owed per county (N 5.6, <c>eachCounty</c>) are judged, alone; null for
    /// every instance. The keys of such a duty are numbered in the order raised, which depends on the raises and on earlier instances being
    /// met, so <c>#n</c> does not name a county (a drill facilitator's review, s63 D63-01).
    /// </summary>
    public string? County { get; init; }
    public string? Grade { get; init; }
    public string? Colour { get; init; }

    /// <summary>The corrective action (纠正措施) to record when it fails; a default for its kind otherwise.</summary>
    public string? CorrectiveAction { get; init; }
}

/// <summary>The kinds a script may use: one list each, looped over by the reader, the schema test and the docs.</summary>
public static class DrillKinds
{
    public const string Figures = "figures";
    public const string Weather = "weather";
    public const string Hazmat = "hazmat";
    public const string CountyDisrupted = "county-disrupted";

    /// <summary>N 5.6: a county reports that it started its county-level relief response (启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告).</summary>
    public const string CountyResponseActivated = "county-response-activated";
    public const string CityRequest = "city-request";
    public const string DispatchOrder = "dispatch-order";
    public const string OccurrenceTime = "occurrence-time";
    public const string Message = "message";

    public const string FulfilDuty = "fulfil-duty";
    public const string FileReport = "file-report";
    public const string DecideResponse = "decide-response";
    public const string ChangeWarning = "change-warning";
    public const string TerminateResponse = "terminate-response";
    public const string RecordClockEvent = "record-clock-event";

    public const string LevelActivated = "level-activated";
    public const string DutyOnTime = "duty-on-time";
    public const string DutyMet = "duty-met";
    public const string NoUnauthorisedActions = "no-unauthorised-actions";
    public const string GradeAt = "grade-at";
    public const string WarningIssued = "warning-issued";
    public const string WarningLifted = "warning-lifted";
    public const string ResponseTerminated = "response-terminated";

    /// <summary>Inject kinds, each with what it becomes in the incident (Chinese, for the report).</summary>
    public static IReadOnlyList<(string Kind, string Label)> Injects { get; } =
    [
        (Figures, "新的灾情/伤亡数字（续报）"),
        (Weather, "天气变化"),
        (Hazmat, "危险化学品泄漏"),
        (CountyDisrupted, "县（市、区）交通受影响或中断"),
        (CountyResponseActivated, "县（市、区）报告已启动县级自然灾害救助应急响应"),
        (CityRequest, "市委、市政府要求核实"),
        (DispatchOrder, "救灾物资调拨指令"),
        (OccurrenceTime, "核实事发时间"),
        (Message, "情景信息"),
    ];

    public static IReadOnlyList<(string Kind, string Label)> Actions { get; } =
    [
        (FulfilDuty, "报告已报送"),
        (FileReport, "续报/终报"),
        (DecideResponse, "启动/调整响应"),
        (ChangeWarning, "预警"),
        (TerminateResponse, "终止响应"),
        (RecordClockEvent, "记录事件节点"),
    ];

    public static IReadOnlyList<(string Kind, string Label)> Expectations { get; } =
    [
        (LevelActivated, "按时启动响应"),
        (DutyOnTime, "职责按时履行"),
        (DutyMet, "职责在演练结束前履行"),
        (NoUnauthorisedActions, "无越权行为"),
        (GradeAt, "研判等级"),
        (WarningIssued, "按时发布预警"),
        (WarningLifted, "按时解除预警"),
        (ResponseTerminated, "按时终止响应"),
    ];

    public static string Label(IReadOnlyList<(string Kind, string Label)> list, string kind)
    {
        ArgumentNullException.ThrowIfNull(list);
        // A loop, not FirstOrDefault with a lambda: every step of a drill asks, and the lambda captured the kind (a closure and an enumerator a step).
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Kind, kind, StringComparison.Ordinal))
            {
                return list[i].Label ?? kind;
            }
        }

        return kind;
    }

    /// <summary>A script's colour (yellow, orange, red) as people read it: 橙色预警.</summary>
    public static string WarningName(string? colour) =>
        colour is null ? "" : Names.TryParseColour(colour, out var c) ? Names.Chinese(c) + "预警" : colour;

    /// <summary>A warning as people read it: 橙色预警; 预警 for one without a colour (construction 3.2.2).</summary>
    public static string WarningNamed(string? colour) => colour is null ? "预警" : WarningName(colour);
}
