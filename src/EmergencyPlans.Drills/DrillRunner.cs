using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmergencyPlans.Application;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Drills;

/// <summary>
/// Runs a drill script through the same use cases as a real incident: each inject and action becomes the
/// Mediator command the API would send (open, file a report, record a clock event, fulfil a duty, decide,
/// warn, terminate), handled by the Application handlers, the Incident aggregate, its lifecycles and duty
/// clocks. Each run gets its own container with a simulated clock (<see cref="DrillClock"/>) and its own
/// in-memory store (<see cref="DrillIncidentStore"/>), wired like the host (AddCore, AddApplication,
/// AddInfrastructure, the host's AddMediator), so nothing of a drill reaches the real store.
/// </summary>
/// <param name="engine">The host's engine (its plans are reused, not loaded again).</param>
/// <param name="configuration">The host's configuration, for the same wiring.</param>
/// <param name="addMediator">The host's <c>services.AddMediator(...)</c> with its pipeline behaviours (generated into the host).</param>
public sealed partial class DrillRunner(DecisionEngine engine, IConfiguration configuration, Action<IServiceCollection> addMediator)
{
    /// <summary>The name the control cell (导调组) records injects under, acting as the duty office that receives them.</summary>
    public const string ControlCell = "导调组";

    /// <summary>The channel of the reports injects become (<see cref="ReportSource.Channel"/>), as 122 is the feed's.</summary>
    public const string InjectChannel = "drill-inject";

    /// <summary>The file name of a script that has none (posted to the API): the report names it by its title instead.</summary>
    public const string Unnamed = "";

    public DecisionEngine Engine => engine;

    /// <summary>Reads and validates a script against this runner's plans.</summary>
    /// <remarks>Its problems are for the facilitator: in Chinese whatever the host's culture (<see cref="Localized"/>).</remarks>
    public DrillScript Read(string yaml, string file)
    {
        using (Localized.InChinese())
        {
            return new DrillScriptReader(engine).Read(yaml, file);
        }
    }

    /// <summary>
    /// Reads a script and runs it once, exactly as <c>drill run</c> does, for what only a run can tell: an action that records a duty the
    /// incident does not owe yet at that moment (a duty officer answering the city's request to verify before the request's inject, the
    /// office director's report to the HQ's leaders written before his own Ⅲ activation at the same minute). Each is a warning naming the
    /// action's line, in the words the run's report gives it (行动未被受理); no other logic judges it. A script with warnings is valid.
    /// </summary>
    /// <exception cref="DrillScriptException">The script is invalid.</exception>
    public async Task<(DrillScript Script, IReadOnlyList<DrillProblem> Warnings)> ValidateAsync(string yaml, string file, CancellationToken cancellationToken = default)
    {
        var script = Read(yaml, file);
        var report = await RunAsync(script, yaml, cancellationToken).ConfigureAwait(false);
        return (script, [.. Warnings(report, file).Concat(UnreachedKeys(script, report, file)).Concat(NeverRaisedDuties(script, report, file)).Concat(UnreadFigures(script, file))
            .Concat(UndeclaredGrades(script, file)).Concat(ContradictedExpectations(script, file)).Concat(CountyListWarnings(script, file)).OrderBy(w => w.Line)]);
    }

    /// <summary>
    /// N 5.6 county lists a report gives in a way the facilitator likely did not mean (a drill facilitator's review, s63 D63-03): a report whose
    /// <c>countiesResponseActivated</c> leaves out a county an earlier report or <c>county-response-activated</c> inject had named (the engine
    /// takes a report's list as replacing the earlier one, so that county reads as not started from then on), and <c>countyResponseActivated:
    /// false</c> beside a list naming the incident's own county. A warning on the report's line each; the script stays valid.
    /// </summary>
    private IEnumerable<DrillProblem> CountyListWarnings(DrillScript script, string file)
    {
        var plan = engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);
        if (!plan.Reads.Contains(CountyLists.ResponseActivated))
        {
            yield break;
        }

        var known = new List<string>();
        var reports = script.Steps.Select(s => (s.Kind, s.FiguresJson, s.County, s.Line)).Prepend((Kind: "", script.Incident.FiguresJson, County: (string?)null, script.Incident.Line));
        foreach (var (kind, json, county, line) in reports)
        {
            if (kind == DrillKinds.CountyResponseActivated && county is not null)
            {
                if (!known.Contains(county, StringComparer.Ordinal))
                {
                    known.Add(county);
                }

                continue;
            }

            if (json is null || !json.Contains("ResponseActivated", StringComparison.Ordinal) || JsonNode.Parse(json) is not JsonObject figures)
            {
                continue;
            }

            if (figures[CountyLists.ResponseActivated] is JsonArray listed)
            {
                var now = listed.Select(n => n!.GetValue<string>()).ToList();
                var dropped = known.Where(c => !now.Contains(c, StringComparer.Ordinal)).ToList();
                if (dropped.Count > 0)
                {
                    var names = string.Join("、", dropped);
                    yield return new DrillProblem(file, line,
                        $"警告：第{line.ToString(CultureInfo.InvariantCulture)}行的 {CountyLists.ResponseActivated} 不再列出{names}：报告的名单取代此前的名单，"
                        + $"按本系统规则此后视为{names}未启动县级自然灾害救助应急响应（其职责不再据此履行）；如{names}仍在响应中，请在名单中保留，"
                        + "或改用 county-response-activated 注入逐县报告（只增不减）");
                }

                known = now;
            }

            if (figures["countyResponseActivated"] is JsonValue own && own.TryGetValue<bool>(out var started) && !started
                && (figures[CountyLists.ResponseActivated] is JsonArray ? known : []).Contains(script.Incident.County, StringComparer.Ordinal))
            {
                yield return new DrillProblem(file, line,
                    $"警告：第{line.ToString(CultureInfo.InvariantCulture)}行 countyResponseActivated: false（{script.Incident.County}未启动县级响应）与同一报告的 "
                    + $"{CountyLists.ResponseActivated} 列出{script.Incident.County}相矛盾：两者取并集，运行时视为{script.Incident.County}已启动");
            }
        }
    }

    /// <summary>
    /// An expectation the plan's authority contradicts: a <c>level-activated</c> whose <c>role</c> may not activate that level (C 4.3.1(2) Ⅲ
    /// 由市指挥部办公室主任宣布启动; a deputy who may start C Ⅱ only when delegated, 4.3.2(2), and whose decisions in the script never say so), or a
    /// <c>warning-issued</c> / <c>warning-lifted</c> whose warning nobody in the script may approve or lift (R 4.4.1 orange: the commander). A
    /// warning on the expectation's line naming the clause: the run refuses those actions as 越权 and the expectation cannot pass, and the report
    /// blamed the players for it (a drill facilitator's review, s54 F7). Judged by the plan's own authority, the one the aggregate refuses by
    /// (<see cref="Core.Plans.Plan.ActivationAuthority"/>, <see cref="Core.Plans.Plan.WarningAuthority"/>), not by a table of the drill's.
    /// </summary>
    private IEnumerable<DrillProblem> ContradictedExpectations(DrillScript script, string file)
    {
        var plan = engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);
        foreach (var e in script.Expectations)
        {
            if (e.Kind == DrillKinds.LevelActivated && e.Role is { } role && Names.TryParseLevel(e.Level, out var level)
                && plan.Response.Find(level) is { } definition && !plan.ActivationAuthority.MayActivate(new LifecycleActor(role, role), level))
            {
                var post = plan.RoleNames.Of(role);
                var named = Names.Chinese(level);
                var rule = $"{definition.Clause} {definition.Words.Split(',', '，', '。')[0]}";
                var delegated = plan.ActivationAuthority.MayActivate(new LifecycleActor(role, role, delegatedByCommander: true), level);
                if (delegated && script.Steps.Any(s => s.Kind == DrillKinds.DecideResponse && s.DelegatedByCommander && s.By is { } by
                                                       && script.Participant(by).Role == role))
                {
                    // The script has him decide as delegated (C 4.3.2(2) 委托副指挥长): the expectation may pass.
                    continue;
                }

                yield return new DrillProblem(file, e.Line, delegated
                    ? $"警告：预期 {e.Id} 要求由{post}启动{named}响应，而预案 {rule}（{post}须受{plan.RoleNames.Of(RoleCatalogue.Commander)}委托，脚本中其决定均未注明受委托 delegatedByCommander）："
                      + "运行时其决定将被判为越权，此预期不会通过"
                    : $"警告：预期 {e.Id} 要求由{post}启动{named}响应，而预案 {rule}：{post}无权启动{named}响应，运行时其决定将被判为越权，此预期不会通过");
            }
            else if (e.Kind is DrillKinds.WarningIssued or DrillKinds.WarningLifted && plan.Warnings is { } warnings && plan.WarningAuthority is { } authority)
            {
                WarningColour? colour = Names.TryParseColour(e.Colour, out var c) ? c : null;
                if (colour is null && (warnings.Colours.Count > 0 || warnings.Ungraded is null))
                {
                    // A road lift without a colour: any warning lifted passes, whoever may lift it.
                    continue;
                }

                var rule = colour is { } k ? warnings.Colours.FirstOrDefault(r => r.Colour == k) : null;
                var (clause, words) = rule is not null ? (rule.ApprovalClause, rule.ApprovedBy) : (warnings.Ungraded!.ApprovalClause, warnings.Ungraded.ApprovedBy);
                // Who the plan has act: the approver to issue (R 4.4.1; red: the province approves, the city office issues, so the office must
                // play), the issuer to lift (4.6 谁发布、谁解除).
                IReadOnlyList<string> roles = e.Kind == DrillKinds.WarningLifted || rule is { ApproverRoles: var approvers } && approvers.Any(r => RoleCatalogue.Find(r) is { Credential: false })
                    ? authority.IssuerRoles(colour)
                    : authority.ApproverRoles(colour);
                if (roles.Count == 0 || script.Participants.Any(p => roles.Contains(p.Role, StringComparer.Ordinal)))
                {
                    continue;
                }

                var name = colour is { } w ? Names.Chinese(w) + "预警" : "预警";
                var (act, by) = e.Kind == DrillKinds.WarningLifted
                    ? ("解除", $"{(rule?.IssuedBy ?? warnings.Ungraded!.IssuedBy)}解除（{warnings.LiftedBy.Clause}）")
                    : ("发布", $"{words}批准（{clause}）");
                yield return new DrillProblem(file, e.Line,
                    $"警告：预期 {e.Id} 要求{act}{name}，而预案规定{name}由{by}；参演人员中无人担任{string.Join("、", roles.Select(plan.RoleNames.Of))}，运行时无人能{act}，此预期不会通过");
            }
        }
    }

    /// <summary>
    /// A <c>grade-at</c> expectation under a plan without a grade table (natural disaster: the grade is the one the competent department
    /// declares, <c>declaredGrade</c>) in a script that reports no declared grade by its time: a warning on the expectation's line. It cannot
    /// pass, and the run's evidence said only that there was no grade yet, as if the figures were short of a table the plan does not have
    /// (a drill facilitator's review, D10).
    /// </summary>
    private IEnumerable<DrillProblem> UndeclaredGrades(DrillScript script, string file)
    {
        var plan = engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);
        if (plan.Grade is not null)
        {
            yield break;
        }

        foreach (var e in script.Expectations.Where(e => e.Kind == DrillKinds.GradeAt && e.At is not null))
        {
            var declared = script.Steps.Where(s => s.At <= e.At!.Value).Select(s => s.FiguresJson).Prepend(script.Incident.FiguresJson).Any(Declares);
            if (!declared)
            {
                yield return new DrillProblem(file, e.Line,
                    $"警告：预期 {e.Id}：{plan.Metadata.Title}不设分级标准，{plan.GradeTerm}以主管部门的认定为准；脚本在 {DrillScriptReader.FormatOffset(e.At!.Value)} "
                    + "前未写入认定的灾害等级（figures 的 declaredGrade），运行时此预期不会通过");
            }
        }

        static bool Declares(string? json)
        {
            if (json is null)
            {
                return false;
            }

            using var figures = JsonDocument.Parse(json);
            return figures.RootElement.ValueKind == JsonValueKind.Object && figures.RootElement.TryGetProperty("declaredGrade", out var grade)
                && grade.ValueKind != JsonValueKind.Null;
        }
    }

    /// <summary>
    /// A figure the script reports that the plan's criteria never read (被困 and 涉险 under the natural-disaster plan, which reads 死亡和失踪,
    /// 紧急转移安置, 倒塌房屋 and 因旱需救助): a warning on its report's line, as the assessment lists it in <c>figuresNotUsed</c>. Not a problem of
    /// the script: a figure may be given for the record, as a report to the duty office gives it; but a facilitator who meant it to move the
    /// level is told it will not (a drill facilitator's review, D10: the figures passed validate and showed in the timeline unremarked).
    /// </summary>
    private IEnumerable<DrillProblem> UnreadFigures(DrillScript script, string file)
    {
        var plan = engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);
        var reports = script.Steps.Select(s => (s.FiguresJson, s.Line)).Prepend((script.Incident.FiguresJson, script.Incident.Line));
        foreach (var (json, line) in reports)
        {
            // The script's figures passed the API's figure validator when read: their domain value is the report's, and the plan says which
            // of them it does not read (Plan.FiguresNotRead, as the assessment's figuresNotUsed does).
            if (json is null || JsonSerializer.Deserialize<FiguresDto>(json) is not { } figures)
            {
                continue;
            }

            var unread = plan.FiguresNotRead(figures.ToFigures()).Select(f => $"{plan.FigureLabels.Of(f)}（{f.Name}）").ToArray();
            if (unread.Length > 0)
            {
                yield return new DrillProblem(file, line,
                    $"警告：{plan.Metadata.Title}的分级、响应和预警条件不读取 {string.Join("、", unread)}：写入只作记录，不改变等级、响应和职责");
            }
        }
    }

    /// <summary>
    /// An expectation naming a later instance's key (<c>continuation-report#9</c>, <c>verify-on-request#2</c>) that the run never gives: a
    /// warning on the expectation's line, in the words of its evidence. Not a problem of the script (exit 2): whether a period, a request or a
    /// decision comes is known only once the script runs, and a drill may expect an instance that the participants' decisions should have
    /// raised (a second 启动通知 after a raise nobody made), a finding of the drill, not a mistake of its author.
    /// </summary>
    private static IEnumerable<DrillProblem> UnreachedKeys(DrillScript script, DrillReport report, string file) =>
        script.Expectations
            .Where(e => e.Duty is { } key && key.Contains('#', StringComparison.Ordinal) && !report.Duties.Any(d => d.Key == key))
            .Select(e =>
            {
                var key = e.Duty!;
                var code = DutyNames.CodeOf(key);
                var evidence = report.Expectations.FirstOrDefault(r => r.Id == e.Id)?.Evidence ?? "演练中未产生该职责";
                return new DrillProblem(file, e.Line,
                    $"警告：预期 {e.Id} 的职责键 {key} 在演练中未产生：{evidence}（运行时此预期未通过；同一职责第一次为 {code}，此后依次为 {code}#2、{code}#3……）");
            });

    /// <summary>
    /// An expectation naming a duty (by its code) the run never raises at all: the plan has it, but the scenario's grade, circumstances and
    /// injects do not call for it (C 4.1(三)'s notice to the foreign affairs offices with no foreign casualties, C 4.1(二)'s 直报 on a grade never
    /// 重大). A warning on the expectation's line in the words of its evidence; it passed validate silently and the run blamed the players
    /// (a drill facilitator's review, s60 F4).
    /// </summary>
    private static IEnumerable<DrillProblem> NeverRaisedDuties(DrillScript script, DrillReport report, string file) =>
        script.Expectations
            .Where(e => e.Duty is { } code && !code.Contains('#', StringComparison.Ordinal) && !report.Duties.Any(d => d.Code == code))
            .Select(e =>
            {
                var result = report.Expectations.FirstOrDefault(r => r.Id == e.Id);
                return new DrillProblem(file, e.Line,
                    $"警告：预期 {e.Id} 所涉职责 {e.Duty} 在演练中未产生：{result?.Evidence ?? "演练中未产生该职责"}（运行时此预期"
                    + (result is { NotApplicable: true } ? "记为不适用；如需评估它，在脚本中给出触发它的情形，否则删去此预期）" : "未通过）"));
            });

    /// <summary>The warnings <see cref="ValidateAsync"/> gives of a run's report: each action refused as not owed yet, with the problem the report lists for it.</summary>
    public static IReadOnlyList<DrillProblem> Warnings(DrillReport report, string file)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            .. report.Actions.Where(a => a.NotYetOwed is not null).Select(a =>
            {
                var listed = report.Problems.FirstOrDefault(p => p.Category == RefusedCategory && p.Reference == ActionReference(a.Line));
                return new DrillProblem(file, a.Line,
                    $"警告：{listed?.Problem ?? $"{a.Offset} {a.Who}：{a.What}：{a.Detail}"}（运行时此行动记为“被拒绝”，列入问题与纠正措施；"
                    + (a.NotCalledForByTheReport ? "请核对所选职责是否与已报情况研判的等级相符）" : "请核对此行动的时间和顺序）"));
            }),
        ];
    }

    /// <summary>The category 问题与纠正措施 lists a refused action under.</summary>
    internal const string RefusedCategory = "行动未被受理";

    /// <summary>How a problem names the action it comes from (its line in the script).</summary>
    /// <summary>What raises a duty of <paramref name="start"/>, and what to do first for it (a request, an arrival, a decision).</summary>
    internal static (string RaisedBy, string First) RaisedByOf(DutyStart start) => Run.RaisedBy(start);

    internal static string ActionReference(int line) => $"行动（第{line.ToString(CultureInfo.InvariantCulture)}行）";

    /// <summary>Reads, validates and runs a script.</summary>
    /// <exception cref="DrillScriptException">The script is invalid.</exception>
    public Task<DrillReport> RunAsync(string yaml, string file, CancellationToken cancellationToken = default) =>
        RunAsync(Read(yaml, file), yaml, cancellationToken);

    /// <summary>Runs a validated script; <paramref name="yaml"/> is its text, whose hash identifies the run in the report.</summary>
    public async Task<DrillReport> RunAsync(DrillScript script, string yaml, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(yaml);
        // The report is the facilitator's, in Chinese, refusals included, whatever the host's culture; set in this
        // asynchronous method, the culture goes back to the caller's when it returns.
        CultureInfo.CurrentUICulture = Localized.Chinese;
        var clock = new DrillClock(script.Start + script.Incident.ReportedAt);
        var store = new DrillIncidentStore(clock, engine.Catalog);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(engine.Catalog);
        services.AddSingleton(engine);
        services.AddSingleton<IIncidentStore>(store);
        services.AddCore(configuration).AddApplication().AddInfrastructure(configuration);
        addMediator(services);
        await using var provider = services.BuildServiceProvider();
        var run = new Run(script, clock, provider.GetRequiredService<ISender>(), provider.GetRequiredService<IncidentWriter>(), store);
        return await run.ExecuteAsync(yaml, engine, cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    /// <summary>
    /// A refusal's text without the request members it names for a client (如已受市指挥部指挥长委托，决定时应注明受委托（delegatedByCommander:
    /// true）): in the leaders' report those are a script's keys, which nobody there writes (a drill facilitator's review, s54 F10).
    /// </summary>
    internal static string ForPeople(string message) => MemberHint().Replace(message, "");

    [GeneratedRegex("（(?:delegatedByCommander|conditionsAssessed|conditionsConfirmed|provinceApproval): *(?:true|false)）")]
    private static partial Regex MemberHint();

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed class Run(DrillScript script, DrillClock clock, ISender sender, IncidentWriter writer, DrillIncidentStore store)
    {
        // The entries and the actions as values in chunks the collector never copies (ChunkedList: as objects they were the drill's most
        // numerous after the incident's own timeline entries). The lists below are sized for the script up front (a step writes one time
        // and one snapshot of the assessment): grown by doubling, a long drill's lists left a copy of every smaller array behind, on the
        // large object heap once past a few thousand steps.
        private readonly ChunkedList<DrillTimelineEntry> _timeline = [];
        private readonly List<TimeSpan> _timelineAt = new(script.Steps.Count + 1); // each entry's exact offset, for the report's order (its texts may stop at the minute)
        private readonly ChunkedList<DrillActionResult> _actions = [];

        // The fulfil-duty actions refused (越权 or 被拒绝) before the incident had the duty they name, by their place in _actions and _timeline.
        private readonly List<(int Action, int Entry, DrillStep Step)> _unnamed = [];
        private readonly List<(TimeSpan At, string? Grade, bool Determined, string? Level)> _assessed = new(script.Steps.Count + 1);
        // Each level put in force, by an activation or (Adjusted) an adjustment of the level in force (From): the level-activated expectations
        // read them, and say each as the incident's events do (启动, or 调整响应级别 raising or lowering it).
        private readonly List<(TimeSpan At, ResponseLevel Level, string Role, ResponseLevel? From, bool Adjusted)> _activations = [];
        // The level in force after the accepted decisions so far (an activation or adjustment puts one in force, an end none), as the incident
        // holds it: the actions say an adjustment from it.
        private ResponseLevel? _inForce;
        private readonly List<(TimeSpan At, string? Colour)> _issued = [];
        private readonly List<TimeSpan> _terminations = [];
        private readonly List<(TimeSpan At, int Line, string What, string Why)> _refusedInjects = [];
        // Each county list as last reported (first report, figures injects, file-report actions), by its figure (disruptedCounties,
        // countiesResponseActivated): a county-disrupted or county-response-activated inject adds its county to its list, so it never
        // forgets a county a later report named.
        private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);
        // N 5.6: each county concerned (the incident's own from the first report, then those of affectedCounties) and each that started its
        // county response, from when first reported: 演练概况's 县（市、区） row (a drill facilitator's review, s63 D63-07).
        private readonly List<(string County, TimeSpan At)> _concerned = [];
        private readonly List<(string County, TimeSpan At)> _started = [];
        private readonly Dictionary<int, string> _warningColours = [];
        // Each warning at each colour while in force (issued or adjusted to, then lifted or adjusted away): the chart's warning lane, 演练概况's 预警
        // row and the warning-lifted expectation read them.
        private readonly List<DrillWarningSpan> _warningSpans = [];
        private readonly Dictionary<string, string> _who = new(StringComparer.Ordinal);
        private readonly DrillClockTexts _texts = new(script.Start.Offset);
        // What the last accepted command answered: a receipt, not a view, which would list everything raised so far at every step.
        private IncidentChange _receipt = null!;
        private Core.Plans.Plan _plan = null!;
        // The road warning the conditions reported so far call for (road 4.3), and since when that colour has been called for.
        private (TimeSpan Since, WarningResult Warning)? _warningCalled;
        private (IncidentReport Report, DateTimeOffset OccurredAt)? _warningJudged;
        // The reports in force while the grade was undetermined, from when: a grade-at expectation names the figures still unknown. Only
        // those a grade-at expectation reads are kept (see Snapshot); the times those expectations ask about, in order.
        private readonly List<(TimeSpan At, IncidentReport Report, DateTimeOffset OccurredAt)> _undetermined = [];
        private readonly TimeSpan[] _gradeAsked = [.. script.Expectations.Where(e => e.Kind == DrillKinds.GradeAt && e.At is not null).Select(e => e.At!.Value).Order()];
        private DecisionEngine _engine = null!;

        private static readonly Actor Control = new(ControlCell, [RoleCatalogue.DutyOfficer]);

        public async Task<DrillReport> ExecuteAsync(string yaml, DecisionEngine engine, CancellationToken ct)
        {
            _plan = engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);
            _engine = engine;
            var incident = script.Incident;
            var reportedBy = script.Participant(incident.ReportedBy);
            var figures = Figures(incident.FiguresJson);
            if (_plan.Reads.Contains(CountyLists.Affected))
            {
                _concerned.Add((incident.County, incident.ReportedAt));
            }

            Remember(incident.FiguresJson, incident.ReportedAt);
            var open = new OpenIncidentRequest
            {
                Plan = script.PlanId,
                OccurredAt = (script.Start + incident.OccurredAt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                Figures = figures,
                Conditions = Conditions(incident.ConditionsJson),
                Location = new LocationDto { County = incident.County, Place = incident.Place },
                Nature = incident.Nature,
                Reporter = new ReporterDto { Name = incident.ReporterName, Unit = incident.ReporterUnit },
                Drill = true,
            };
            try
            {
                _receipt = await sender.Send(new OpenIncidentCommand(open, ActorOf(reportedBy), Answer: IncidentAnswer.Receipt), ct).ConfigureAwait(false);
            }
            catch (ValidationException e)
            {
                throw new DrillScriptException([.. e.Errors.Select(x => new DrillProblem(script.File, incident.Line, $"首报不被接受：{x.PropertyName}：{x.ErrorMessage}"))]);
            }

            Entry(incident.ReportedAt, "inject", reportedBy.Name, $"首报：{Where.Of(incident.County, incident.Place)}，{incident.Nature}{FiguresText(incident.FiguresJson)}", "事件建立", incident.Line);
            CalledFor(incident.ReportedAt, firstReport: true);
            Snapshot(incident.ReportedAt);

            foreach (var step in script.Steps)
            {
                clock.MoveTo(script.Start + step.At);
                if (step.Source == DrillStepSource.Inject)
                {
                    await InjectAsync(step, ct).ConfigureAwait(false);
                }
                else
                {
                    await ActAsync(step, ct).ConfigureAwait(false);
                }

                Snapshot(step.At);
            }

            clock.MoveTo(script.Start + script.End);
            NameRefusedDuties();
            var final = await writer.CurrentViewAsync(_receipt.Id, ct).ConfigureAwait(false);
            var evaluation = new Evaluation(script, engine, final, key => store.DutyTimes(_receipt.Id, key), key => store.DutyOutcome(_receipt.Id, key), _texts, _timeline, _timelineAt, _actions, _assessed, _activations, _issued,
                _terminations, _refusedInjects, _warningCalled, UnknownsAt, _warningSpans);
            var report = await evaluation.ReportAsync(yaml, ct).ConfigureAwait(false);
            return report with { ResponseLevels = ResponseChanges(final), Warnings = [.. _warningSpans], Overview = WithCounties(report.Overview) };
        }

        /// <summary>
        /// The response's decisions for the chart's level lane, as the incident's response recorded them: the levels each decision carries
        /// (<see cref="LifecycleDecision.Level"/>, <see cref="LifecycleDecision.FromLevel"/>, <see cref="LifecycleDecision.ProposalNotAdopted"/>),
        /// set where the response lifecycle decides. The decision's text ("Ⅲ级→Ⅱ级") is for people and may be reworded, so nothing here reads it,
        /// and nothing here folds the response again.
        /// </summary>
        private List<DrillResponseChange> ResponseChanges(IncidentView final) =>
        [
            .. final.Response.Decisions.Where(d => d.At <= script.Start + script.End).Select(d =>
            {
                var offset = d.At - script.Start < TimeSpan.Zero ? TimeSpan.Zero : d.At - script.Start;
                var code = Level(d.Level);
                var level = code is { } l ? Names.Chinese(l) : null;
                var from = Level(d.FromLevel) is { } f ? Names.Chinese(f) : null;
                var notAdopted = Level(d.ProposalNotAdopted) is { } n ? Names.Chinese(n) : null;
                var (change, text) = Enum.Parse<ResponseTrigger>(d.Trigger) switch
                {
                    ResponseTrigger.Propose => ("propose", $"提出启动{level}响应的建议"),
                    // The level declined is the one proposed: while a level is in force (a higher one proposed), "不同意启动响应" read as if none were.
                    ResponseTrigger.Decline => ("decline", level is null ? "不同意启动响应" : $"不同意启动{level}响应"),
                    ResponseTrigger.Activate when notAdopted is not null => ("activate", $"启动{level}响应（未采纳{notAdopted}响应的建议）"),
                    ResponseTrigger.Activate => ("activate", code is { } activated ? DrillResponseWords.Activated(activated) : "启动响应"),
                    // R 5.7 调整响应级别, C 4.4 提高或降低: worded as the expectations and the actions word it (it read 由Ⅲ级调整为Ⅱ级响应).
                    ResponseTrigger.Adjust => ("adjust", code is { } adjusted ? DrillResponseWords.Adjusted(Level(d.FromLevel), adjusted) : "调整响应级别"),
                    // N 2.2(2) 提出……终止建议: the level stays in force until the body that ends it decides; neither is an end.
                    ResponseTrigger.ProposeTermination => ("propose-termination", $"提出终止{level}响应的建议"),
                    ResponseTrigger.DeclineTermination => ("decline-termination", $"不同意终止{level}响应"),
                    _ => ("terminate", $"终止{level}响应"),
                };
                return new DrillResponseChange(_texts.Offset(offset), Minute(offset), change, level, text)
                {
                    Code = code is { } c ? Names.Of(c) : null,
                    From = from,
                    NotAdopted = notAdopted,
                };
            }),
        ];

        private static ResponseLevel? Level(string? code) => Names.TryParseLevel(code, out var level) ? level : null;

        private async Task InjectAsync(DrillStep step, CancellationToken ct)
        {
            var label = DrillKinds.Label(DrillKinds.Injects, step.Kind);
            var what = step.Text is null ? label : $"{label}：{step.Text}";
            var figures = step.Kind switch
            {
                DrillKinds.Figures or DrillKinds.Hazmat => HazmatFigures(step),
                DrillKinds.CountyDisrupted => Accumulated(PlanCountyLists.Disrupted, step.County!),
                DrillKinds.CountyResponseActivated => Accumulated(CountyLists.ResponseActivated, step.County!),
                _ => null,
            };
            IRequest<IncidentChange>? command = step.Kind switch
            {
                DrillKinds.Figures or DrillKinds.Hazmat or DrillKinds.CountyDisrupted or DrillKinds.CountyResponseActivated => Report(Control, "continuation", step.Text ?? label, figures, null, source: Injected(step)),
                DrillKinds.Weather when step.ConditionsJson is not null => Report(Control, "continuation", step.Text ?? label, null, step.ConditionsJson, source: Injected(step)),
                DrillKinds.CityRequest => ClockEvent(Control, ClockEvents.CityRequest, null, step.Text),
                DrillKinds.DispatchOrder => ClockEvent(Control, ClockEvents.DispatchOrder, step.OrderedBy, step.Text),
                DrillKinds.OccurrenceTime => Report(Control, "continuation", step.Text ?? label, null, null, Iso(step.OccurredAt!.Value), Injected(step)),
                _ => null,
            };
            if (step.FiguresJson is not null)
            {
                what += FiguresText(step.FiguresJson);
            }
            else if (step.Kind is DrillKinds.CountyDisrupted or DrillKinds.CountyResponseActivated)
            {
                what += $"（{step.County}）";
            }
            else if (step.OccurredAt is { } occurredAt)
            {
                what += $"（事发时间为{At(occurredAt)}）";
            }

            what = RepeatedTexts.Shared(what);
            if (command is null)
            {
                Entry(step.At, "inject", ControlCell, what, null, step.Line);
                return;
            }

            var (ok, _, why, _) = await SendAsync(command, ct).ConfigureAwait(false);
            if (!ok)
            {
                _refusedInjects.Add((step.At, step.Line, what, why!));
            }
            else
            {
                Remember(figures, step.At);
            }

            var outcome = ok ? Recorded(step.Kind) : "未能记录：" + why;
            if (ok && step.Kind == DrillKinds.CountyResponseActivated)
            {
                outcome = await CountyReportedAsync(step, ct).ConfigureAwait(false) ?? outcome;
            }

            Entry(step.At, "inject", ControlCell, what, outcome, step.Line);
            if (ok)
            {
                CalledFor(step.At, firstReport: false);
            }
        }

        /// <summary>
        /// N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": the county's own report that it started is that report. Its
        /// instance of the duty, raised by the report just filed (or still owed from an earlier one), is recorded as made at the inject's time,
        /// for the county, by the control cell (a party outside the city command: ADR 0003 #70, #77); the timeline says 已记录 and whose report
        /// it was, never that a participant made it. Null when the county owes no such report (none raised, or met already).
        /// </summary>
        private async Task<string?> CountyReportedAsync(DrillStep step, CancellationToken ct)
        {
            var county = step.County!;
            var code = _plan.Obligations.FirstOrDefault(o => o.EachCounty == CountyLists.ResponseActivated && DutyWords.Deed(o) == DutyDeed.Report)?.Code;
            if (code is null || store.CountyKey(_receipt.Id, code, county) is not { } key || store.DutyOutcome(_receipt.Id, key) is not { MetAt: null, EndedAt: null })
            {
                return null;
            }

            var command = new FulfilObligationCommand(_receipt.Id, key, _receipt.Version,
                new FulfilmentRequest { MadeAt = Iso(step.At), Note = step.Text ?? $"{county}报告已启动县级自然灾害救助应急响应" }, Control, Answer: IncidentAnswer.Receipt);
            var (ok, _, why, _) = await SendAsync(command, ct).ConfigureAwait(false);
            return ok && store.Duty(_receipt.Id, key) is { } said
                ? $"已记录：{said.Full}（{county}报告）"
                : ok ? null : $"已记录为续报；{county}的报告未能记录：{why}";
        }

        private static string Recorded(string kind) => kind switch
        {
            DrillKinds.CityRequest or DrillKinds.DispatchOrder => "已记录为事件节点",
            DrillKinds.OccurrenceTime => "已更正事发时间，自事发起算的时限随之调整",
            _ => "已记录（导调组通报，不计为续报）",
        };

        private async Task ActAsync(DrillStep step, CancellationToken ct)
        {
            var participant = script.Participant(step.By!);
            var actor = ActorOf(participant);
            var role = RoleCatalogue.Find(participant.Role)!;
            var post = _plan.RoleNames.Of(role.Id);
            // A duty met is said once the command names it (the key's duty, or the earliest owed of the code); the others before.
            var what = step.Kind == DrillKinds.FulfilDuty ? null : Describe(step);
            var needed = step.Kind switch
            {
                DrillKinds.FulfilDuty => RoleCapabilities.Fulfil,
                DrillKinds.FileReport => RoleCapabilities.Report,
                DrillKinds.DecideResponse or DrillKinds.TerminateResponse => RoleCapabilities.Decide,
                DrillKinds.ChangeWarning => RoleCapabilities.Warn,
                _ => RoleCapabilities.Report,
            };
            string verdict;
            string? detail;
            string? correction = null;
            string? notYetOwed = null;
            var notCalledFor = false;
            var noLongerNeeded = false;
            // A duty owed per county named by its code and county (N 5.6): that county's instance, whichever its key (s63 D63-01).
            var noCountyInstance = false;
            if (step.Kind == DrillKinds.FulfilDuty && step.County is { } dutyCounty)
            {
                if (store.CountyKey(_receipt.Id, step.Duty!, dutyCounty) is { } countyKey)
                {
                    step = step with { Duty = countyKey };
                }
                else
                {
                    noCountyInstance = true;
                }
            }

            if (noCountyInstance && role.Can(needed))
            {
                var rule = _plan.Obligations.First(o => o.Code == step.Duty);
                verdict = "refused";
                detail = $"此时事件对{step.County}尚未产生该职责：{DutyWords.Said(rule)}（{rule.Clause}：“{rule.Words}”）按县（市、区）分别产生，"
                         + $"{step.County}尚未列入{(rule.EachCounty == CountyLists.ResponseActivated ? "已启动县级响应的县（市、区）" : "所涉及县（市、区）")}，{At(step.At)} 时不能记为{Done(DutyWords.Deed(rule))}";
                correction = $"核对所履行职责的县（市、区）：{step.County}列入{(rule.EachCounty == CountyLists.ResponseActivated ? "已启动县级响应的县（市、区）" : "所涉及县（市、区）")}之后，才产生其职责";
            }
            else if (!role.Can(needed))
            {
                // The API's authorisation policy would answer 403 before any handler: the same refusal here.
                verdict = "unauthorised";
                detail = await EndRefusalAsync(step, actor, ct).ConfigureAwait(false) ?? RoleRefusal(step, role.Id, post, needed);
                correction = RoleCorrection(role.Id, post, needed);
            }
            else
            {
                var command = Command(step, actor);
                var (ok, unauthorised, why, error) = await SendAsync(command, ct).ConfigureAwait(false);
                if (step.Kind == DrillKinds.ChangeWarning && error is IncidentCommandRejectedException { Field: "provinceApproval" }
                    && ProvinceApproval(step) is { } rule)
                {
                    // Road 4.4.1 红色预警 "报省人民政府或者省人民政府授权的省有关部门批准后": without that approval no city post may approve
                    // it, the commander included. The engine refuses it as a missing field of the request; for the drill it is a question of
                    // authority (越权), said without the request's field name.
                    unauthorised = true;
                    var named = $"{Names.Chinese(rule.Colour)}预警";
                    why = $"{post}无权批准发布{named}：{named}须报{rule.ApprovedBy}批准后方可发布，本次行动未取得{rule.ApprovedBy}的批准"
                          + $"（依据：{Citation.Of(_plan.Metadata.DocumentNumber, rule.ApprovalClause)} {rule.ApprovalWords}）";
                    correction = $"{named}须报{rule.ApprovedBy}批准后由{rule.IssuedBy}发布（{rule.ApprovalClause}）：{rule.IssuedBy}提出建议后即报{rule.ApprovedBy}批准，"
                                 + $"取得批准后再发布并记明批准单位；市级领导不能代替{rule.ApprovedBy}批准，在值班手册中标注{named}的报批流程";
                }
                else if (step.Kind == DrillKinds.ChangeWarning && error is IncidentCommandRejectedException { Field: "conditionsAssessed", Status: 409 } stillMet
                         && _plan.Warnings?.LiftedBy is { } liftedBy)
                {
                    // R 4.6 "经评估符合相应条件时…解除预警": the engine's refusal ends by telling the client which member to send; the report is read by
                    // the leaders, who are told what to do before lifting, and the corrective action is about that assessment, not the generic
                    // check of the response and the duties (a drill facilitator's review, s54 F10).
                    var met = stillMet.Extensions?.GetValueOrDefault("stillMet") is IReadOnlyDictionary<string, string> m ? m.GetValueOrDefault("clause") : null;
                    var said = why ?? "";
                    var advice = said.IndexOf("如现场情况已有变化", StringComparison.Ordinal);
                    why = (advice > 0 ? said[..advice] : ForPeople(said) + "。")
                          + $"解除前应先评估预警条件是否已消除（{liftedBy.Clause}）：现场情况已有变化的，先续报新的观测（如能见度、风力、抢修时间）；"
                          + "已有事实证明危险已经解除的，经发布单位评估后再解除，并记明评估结论";
                    correction = $"解除预警前，由发布单位对照预警条件{(met is null ? "" : $"（{met}）")}重新评估（{liftedBy.Clause}：{liftedBy.Words}）："
                                 + "取得表明条件已消除的新观测并续报，或经评估确认危险已经解除后，再解除预警并记明评估结论";
                }
                else if (step.Kind == DrillKinds.ChangeWarning && error is LifecycleAuthorityException { Lifecycle: "WarningLifecycle" } && why is not null
                         && step.WarningAction is "issue" or "adjust" or "lift" or "reject")
                {
                    // The refusal names the warning by its colour (市指挥部副指挥长无权批准发布橙色预警；可由：市指挥部指挥长): the engine's says
                    // 无权批准发布 alone, and the colour is what decides who may (R 4.4.1; a drill facilitator's review, s54 F8).
                    var verb = $"{post}无权{step.WarningAction switch { "issue" => "批准发布", "adjust" => "调整", "lift" => "解除", _ => "不予批准" }}";
                    var name = DrillKinds.WarningNamed(_warningColours.GetValueOrDefault(step.Warning ?? _receipt.Warnings.Count));
                    if (why.StartsWith(verb, StringComparison.Ordinal) && !why.AsSpan(verb.Length).StartsWith(name, StringComparison.Ordinal))
                    {
                        why = verb + name + why[verb.Length..];
                    }
                }
                else if (step.Kind == DrillKinds.FulfilDuty && error is LifecycleTransitionException { Lifecycle: "ObligationLifecycle" }
                         && store.DutyOutcome(_receipt.Id, step.Duty!) is { } outcome && store.Duty(_receipt.Id, step.Duty!) is { } recorded)
                {
                    // The duty was met already, or had ended: said in plain words with when and why, not in the lifecycle's (该报告职责当前为
                    // “已终止”，不能记为已报送（已是最终状态）), which leaders do not read (a drill facilitator's review, s54 F3).
                    var deed = Done(recorded.Deed)[1..];
                    if (outcome.MetAt is { } madeAt)
                    {
                        // A second record of a report already made (the office's proposal met by his propose, recorded again): the
                        // participants' (or the script's) double entry, listed with a correction about it.
                        why = $"该{Thing(recorded.Deed)}已于{_texts.Offset(madeAt - script.Start)}{deed}，不能重复记录";
                        correction = "同一项职责只记录一次：记录前核对它是否已由此前的行动办结（如提出建议、续报时已一并报送）";
                    }
                    else if (outcome is { EndedAt: { } endedAt, EndedReason: { } reason, EndedUnmet: false })
                    {
                        // The plan stopped requiring it (N 4.1.5 零报告 once the disaster is declared 较大): nothing was owed, so nothing was
                        // missed; the action is shown, not listed as a problem.
                        var (cause, _) = DrillDutyEnds.Cause(_plan, endedAt - script.Start, reason, _assessed);
                        var clause = _plan.Obligations.FirstOrDefault(o => o.Code == DutyNames.CodeOf(step.Duty!))?.Clause;
                        why = $"该{Thing(recorded.Deed)}已不再需要（{_texts.Offset(endedAt - script.Start)}起：{cause}{(clause is null ? "" : $"，{clause}")}），无需{deed}";
                        noLongerNeeded = true;
                    }
                    else if (outcome is { EndedAt: { } closedAt, EndedUnmet: true })
                    {
                        why = $"事件已于{_texts.Offset(closedAt - script.Start)}关闭，该{Thing(recorded.Deed)}在关闭前未{deed}，关闭后不能再补记";
                    }
                }
                else if (step.Kind == DrillKinds.FulfilDuty && error is NotFoundException { What: "obligation" }
                         && _plan.Obligations.FirstOrDefault(o => o.Code == DutyNames.CodeOf(step.Duty!)) is { } duty)
                {
                    // The duty is the plan's, but the incident did not owe it yet at this moment (C 4.3.1(2) 报告市指挥部有关领导 is owed once
                    // Ⅲ is activated): said in the plan's words, not as an unknown code.
                    var said = DutyWords.Said(duty);
                    notYetOwed = duty.Code;
                    if (Given(duty.Code) is > 0 and var given && step.Duty!.Length > duty.Code.Length)
                    {
                        // A later instance (continuation-report#9) of a duty the incident already has: that instance has not come, the duty
                        // is not waiting for a decision.
                        var nth = step.Duty[(duty.Code.Length + 1)..];
                        why = $"此时该职责（{said}，{duty.Clause}）只产生了{given}次，第{nth}次尚未产生，{At(step.At)} 时不能记为{Done(DutyWords.Deed(duty))}；"
                              + $"须在第{nth}次产生（下一期开始、再次要求核实或伤亡人数再次变化等）之后履行";
                        correction = $"核对所履行的职责键 {step.Duty}：该职责依产生的先后为 {duty.Code}、{duty.Code}#2、{duty.Code}#3……，履行已产生且未履行的那一次";
                    }
                    else if (duty.Start is DutyStart.Occurrence or DutyStart.Receipt)
                    {
                        // Raised by what the report's figures give (C 4.1(二): the 30-minute phone report for 较大以上或暂时无法判明等级, the
                        // 1-hour report for 一般), not by a decision or an order: it was told to make a decision first (如启动响应), which no
                        // later moment would have mended (a drill facilitator's review, D5). Said as such, with the duties of the same
                        // recipient the incident does owe.
                        notCalledFor = true;
                        var owed = _plan.Obligations
                            .Where(o => o.Code != duty.Code && o.To == duty.To && o.Start is DutyStart.Occurrence or DutyStart.Receipt && store.Duty(_receipt.Id, o.Code) is not null)
                            .DistinctBy(o => o.Code).ToArray();
                        var grade = store.LatestReport(_receipt.Id)?.Assessed is { Grade: { } g } assessed
                            ? $"（已报情况研判为{Names.Chinese(g)}{(assessed.GradeDetermined ? "" : "，尚未确定")}）"
                            : "";
                        why = $"按已报情况事件不负有此项职责：{said}（{duty.Clause}：“{duty.Words}”）依事件等级或响应条件产生{grade}，{At(step.At)} 时不能记为{Done(DutyWords.Deed(duty))}"
                              + (owed.Length == 0 ? "" : $"；此时应履行的是：{string.Join("、", owed.Select(o => $"{DutyWords.Said(o)}（{o.Code}，{o.Clause}）"))}");
                        correction = $"对照{duty.Clause}，按已报情况研判的等级选择应履行的报告职责"
                                     + (owed.Length == 0 ? "" : $"（{string.Join("、", owed.Select(o => o.Code))}）") + "；等级变化后再按新的等级履行";
                    }
                    else if (duty.Start == DutyStart.DispatchOrder && duty.OrderedBy is { } orderLevel
                             && _plan.Obligations.FirstOrDefault(o => o.Start == DutyStart.DispatchOrder && o.OrderedBy is { } other && other != orderLevel
                                 && store.Duty(_receipt.Id, o.Code) is not null) is { } ordered)
                    {
                        // 晋市政发〔2026〕1号 (十九) "首批救灾物资县级6小时、市级8小时运抵灾区": the order given was the other level's, so its duty is the
                        // one owed; this one waits for an order of its own level. It was told to wait for a dispatch order, as if none had come
                        // (a drill facilitator's review, D7).
                        why = $"此时尚未产生该职责：{said}（{duty.Clause}：“{duty.Words}”）须有{OrderLevel(orderLevel)}调拨指令（orderedBy: {orderLevel}）；"
                              + $"导调组下达的是{OrderLevel(ordered.OrderedBy!)}调拨指令（orderedBy: {ordered.OrderedBy}），对应的是{DutyWords.Said(ordered)}（{ordered.Code}）";
                        correction = $"按调拨指令的层级履行对应的运抵职责：{OrderLevel(ordered.OrderedBy!)}指令对应 {ordered.Code}，{OrderLevel(orderLevel)}指令对应 {duty.Code}";
                    }
                    else
                    {
                        var (raisedBy, first) = RaisedBy(duty.Start);
                        why = $"此时尚未产生该职责：{said}（{duty.Clause}：“{duty.Words}”），{At(step.At)} 时事件还不负有此项职责，不能记为{Done(DutyWords.Deed(duty))}；"
                              + $"须在{raisedBy}之后履行";
                        correction = $"按预案程序的先后顺序处置：{first}，再履行该职责（{said}，{duty.Clause}）；"
                                     + "同一时刻的多项行动按先后顺序记录";
                    }
                }

                verdict = ok ? "accepted" : unauthorised ? "unauthorised" : "refused";
                detail = why;
                if (ok)
                {
                    Record(step, participant);
                }
            }

            var dutyName = step.Kind != DrillKinds.FulfilDuty || noCountyInstance ? null : verdict == "accepted" ? store.LastFulfilled(_receipt.Id) : store.Duty(_receipt.Id, step.Duty!);
            // Said again word for word at every such action (已报送：… for each request verified): one instance kept (RepeatedTexts).
            what = RepeatedTexts.Shared(what ?? Describe(step, dutyName, verdict == "accepted", participant));
            if (step.Kind == DrillKinds.FulfilDuty && dutyName is null && verdict != "accepted" && !noCountyInstance)
            {
                // Named from the plan's rule for now: the incident may owe the duty later in the run, and is then named as it names it.
                _unnamed.Add((_actions.Count, _timeline.Count, step));
            }

            var text = verdict switch { "accepted" => "合规", "unauthorised" => "越权（未执行）", _ => "被拒绝" };
            _actions.Add(new DrillActionResult(_texts.Offset(step.At), At(step.At), Minute(step.At), participant.Name, participant.Role,
                post, step.Kind, what, verdict, text, detail, step.Line) { Correction = correction, NotYetOwed = notYetOwed, NotCalledForByTheReport = notCalledFor, Exact = step.At, NoLongerNeeded = noLongerNeeded });
            Entry(step.At, "action", Who(participant, post), what, detail is null ? text : $"{text}：{detail}", step.Line);
            if (verdict == "accepted" && step.Kind == DrillKinds.FileReport)
            {
                CalledFor(step.At, firstReport: false);
            }
        }

        /// <summary>The level of a relief dispatch order as the notice says it: 县级 (county), 市级 (city).</summary>
        private static string OrderLevel(string orderedBy) => orderedBy switch { "county" => "县级", "city" => "市级", _ => orderedBy };

        /// <summary>
        /// What raises a duty of <paramref name="start"/>, said in a refusal of it recorded too early, and what to do first. A 核实 answered
        /// before the city asked (C 4.1(二) 市委、市政府要求核实的…) was told to make a decision first (如启动响应): it is raised by the request.
        /// </summary>
        internal static (string RaisedBy, string First) RaisedBy(DutyStart start) => start switch
        {
            DutyStart.CityRequest => ("市委、市政府要求核实（导调组的 city-request 注入）", "先由导调组注入市委、市政府的核实要求"),
            DutyStart.DispatchOrder => ("下达调拨指令（dispatch-order 注入）", "先由导调组注入调拨指令"),
            DutyStart.Arrival => ("到达现场（record-clock-event arrival）", "先记录到达现场"),
            DutyStart.HandlingFinished => ("处置结束（record-clock-event handling-finished）", "先记录处置结束"),
            DutyStart.SituationStable => ("灾情稳定（record-clock-event situation-stable）", "先记录灾情稳定"),
            DutyStart.CasualtyChange => ("伤亡人数发生变化（figures 注入或续报）", "先注入或报告变化后的伤亡人数"),
            DutyStart.WarningIssued => ("预警发布", "先发布预警"),
            DutyStart.Termination => ("终止响应", "先终止响应"),
            _ => ("产生它的决定或情形（如启动相应级别的响应）", "先作出产生该职责的决定（如启动响应）"),
        };

        /// <summary>
        /// A refused <c>fulfil-duty</c> named from the plan's rule (it named a duty the incident did not have then: the report to the HQ's leaders
        /// written before the Ⅲ activation that raises it) is named as the incident names that duty when the incident came to have it by the end,
        /// as the accepted one is (<see cref="DutyWords"/>): one report said one duty in two wordings, 试图记为已报送：立即向市指挥部报告 and
        /// 已报送：向市指挥部报告：“…”. Only a duty the incident never had keeps the rule's words.
        /// </summary>
        private void NameRefusedDuties()
        {
            foreach (var (action, entry, step) in _unnamed)
            {
                if (store.Duty(_receipt.Id, step.Duty!) is not { } duty)
                {
                    continue;
                }

                var what = Describe(step, duty, done: false);
                _actions[action] = _actions[action] with { What = what };
                _timeline[entry] = _timeline[entry] with { What = what };
            }
        }

        /// <summary>
        /// Why a participant's role may not do it, and who may, as people read it and as the aggregate's own refusals say it: a proposal names
        /// those the plan has propose that level (the office, R 5.3.1–5.3.2, C 4.3.x(2)) or says the plan has none for it (road Ⅲ, 5.3.3: the
        /// office director starts it himself); a response decision names the bodies the plan gives that level (谁启动、谁终止 for a termination),
        /// each with its clause and the plan's number; otherwise the roles that hold the capability. It named the level's deciders for a
        /// proposal (a duty officer's proposal of road Ⅲ read 可由：市指挥部办公室主任、市指挥部指挥长、市指挥部副指挥长（依据 5.3.3）, bodies the
        /// aggregate itself refuses), without the plan's number, and the deputy of construction Ⅱ as 经…授权.
        /// </summary>
        /// <summary>
        /// The corrective action for an action the participant's role cannot take at all, where it is not a question of deciding levels or
        /// approving warnings (whose authority the report's default action is about): an observer's action is the script's mistake, an
        /// evaluator takes no part; a report or a duty belongs to other roles. Every such action was told to train on the levels' and
        /// warnings' authority (a drill facilitator's review, D11: an observer recording a handover). Null for a decision or a warning.
        /// </summary>
        private string? RoleCorrection(string participantRole, string post, RoleCapabilities needed) =>
            participantRole == RoleCatalogue.Observer
                ? $"{post}只观察、不参与处置：核对脚本中此行动的执行人（by），改由承担此项工作的参演人员执行"
                : needed is RoleCapabilities.Report or RoleCapabilities.Fulfil
                    ? $"明确分工：此项工作由{string.Join("、", RoleCatalogue.With(needed).Select(_plan.RoleNames.Of))}承担，{post}不承担；在值班手册中写明各项报告和记录的责任人"
                    : null;

        private string RoleRefusal(DrillStep step, string participantRole, string post, RoleCapabilities needed)
        {
            var authority = _plan.ActivationAuthority;
            if (step.Kind == DrillKinds.TerminateResponse && step.TerminationAction == "propose" && RefusalTexts.TerminationProposal(_plan, participantRole) is { } proposalRefused)
            {
                // N 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议: who proposes an end, as the API says it (it read 无此权限 and the roles that decide).
                return proposalRefused;
            }

            if (step.Kind == DrillKinds.DecideResponse && step.ResponseAction == "propose" && Names.TryParseLevel(step.Level, out var proposed)
                && _plan.Response.Find(proposed) is not null && _plan.Response.Proposal is not null)
            {
                // As the API refuses a proposal (RefusalTexts.ProposalRefusal): the level named, who proposes it, or that it is decided without one.
                return RefusalTexts.ProposalRefusal(_plan, participantRole, proposed);
            }

            var level = step.Kind switch
            {
                DrillKinds.DecideResponse when step.ResponseAction != "decline" && Names.TryParseLevel(step.Level, out var asked) => asked,
                _ => (ResponseLevel?)null,
            };
            if (level is { } l && authority.GrantsFor(l) is { Count: > 0 } grants)
            {
                // As the aggregate refuses a level (RefusalTexts.LevelRefusal): the level named, and what the role may do instead.
                var adjust = step.ResponseAction == "adjust";
                return RefusalTexts.LevelRefusal(_plan, participantRole, adjust ? ResponseTrigger.Adjust : ResponseTrigger.Activate, l,
                    adjust ? _inForce : null, [.. grants.Select(g => g.ToString())], ActivationGrant.Bases(grants));
            }

            return $"{post}无此权限；可由：{string.Join("、", RoleCatalogue.With(needed).Select(_plan.RoleNames.Of))}";
        }

        /// <summary>
        /// The refusal of an end (or of the decline of a proposed end) by a role that decides nothing (the duty officer), in the incident's own
        /// words: the incident refuses it to any role but the body that decided the level in force and those above it in its organ (谁启动、
        /// 谁终止, ADR 0003), naming them with the termination clause. It named who may activate the level in force (可由：市指挥部指挥长、
        /// 市指挥部副指挥长（依据 5.3.2 …决定启动Ⅱ级响应）), not who may end it, a second reading of the rule beside the incident's. Null when
        /// no level is in force (the incident refuses for the state, not the role).
        /// </summary>
        private async ValueTask<string?> EndRefusalAsync(DrillStep step, Actor actor, CancellationToken ct)
        {
            // The level in force, not the one the latest figures call for (_receipt.Level): Ⅳ stays in force when later figures call for none,
            // and its end is still refused for the role (session 57).
            if (step.Kind != DrillKinds.TerminateResponse || step.TerminationAction == "propose" || _inForce is null)
            {
                return null;
            }

            // A role without the capability to decide is in no organ of the plan (the loader places only the deciding roles): the incident
            // refuses it, and its refusal changes nothing.
            var (ok, unauthorised, why, _) = await SendAsync(Command(step, actor), ct).ConfigureAwait(false);
            return ok
                ? throw new InvalidOperationException($"{string.Join(",", actor.Roles)} ended the response: a role that decides nothing is in an organ of the plan")
                : unauthorised ? why : null;
        }

        private void Record(DrillStep step, DrillParticipant participant)
        {
            switch (step.Kind)
            {
                // A proposal or a decline puts no level in force (R 5.3.2 提出…建议, 决定启动): only an activation or an adjustment counts.
                // The incident takes action adjust as a ResponseAdjusted (its level changed while in force), any other as a ResponseActivated.
                case DrillKinds.DecideResponse when step.ResponseAction is not ("propose" or "decline") && Names.TryParseLevel(step.Level, out var level):
                    var adjusted = step.ResponseAction == "adjust";
                    _activations.Add((step.At, level, participant.Role, adjusted ? _inForce : null, adjusted));
                    _inForce = level;
                    break;
                // A proposal to end or its decline ends nothing (N 2.2(2) 提出……终止建议, 5.7 按启动响应的相关权限终止响应).
                case DrillKinds.TerminateResponse when step.TerminationAction == "terminate":
                    _terminations.Add(step.At);
                    _inForce = null;
                    break;
                case DrillKinds.FileReport:
                    Remember(step.FiguresJson, step.At);
                    break;
                case DrillKinds.ChangeWarning:
                    var n = step.WarningAction == "propose" ? _receipt.Warnings.Count : step.Warning ?? _receipt.Warnings.Count;
                    if (step.Colour is { } colour)
                    {
                        _warningColours[n] = colour;
                    }

                    if (step.WarningAction is "issue" or "adjust" && _warningColours.TryGetValue(n, out var issued))
                    {
                        _issued.Add((step.At, issued));
                    }
                    else if (step.WarningAction == "issue" && _plan.Warnings is { Colours.Count: 0 })
                    {
                        // Construction 3.2.2: issued without a colour; a warning-issued expectation without one passes on it.
                        _issued.Add((step.At, null));
                    }

                    Span(step, n, _plan.RoleNames.Of(participant.Role));
                    break;
            }
        }

        /// <summary>
        /// Keeps what an accepted warning action did to the warning's time in force: an issue opens it at its colour, an adjustment closes the
        /// colour in force and opens the new one, a lift closes it (R 4.4.1, 4.6; C 3.2.2, 3.2.4).
        /// </summary>
        private void Span(DrillStep step, int n, string post)
        {
            var open = _warningSpans.FindLastIndex(w => w.Warning == n && w.To is null);
            if (step.WarningAction is "adjust" or "lift" && open >= 0)
            {
                _warningSpans[open] = _warningSpans[open] with
                {
                    To = step.At, EndedOffset = _texts.Offset(step.At), EndedMinute = Minute(step.At), Ended = step.WarningAction,
                };
            }

            if (step.WarningAction is "issue" or "adjust")
            {
                var colour = _warningColours.GetValueOrDefault(n);
                // R 4.4.1 红色预警: approved by the province, issued by the city office; the city post is the issuer, not the approver.
                // The approver and the issuer apart: it read （省…批准，市指挥部办公室主任发布批准）, the overview appending 批准 (s60 F6).
                var province = step.ProvinceApproval is { Length: > 0 } p ? p : null;
                _warningSpans.Add(new DrillWarningSpan(n, colour, DrillKinds.WarningNamed(colour), _texts.Offset(step.At), Minute(step.At), province ?? post, step.WarningAction,
                    null, null, null) { From = step.At, Issuer = province is null ? null : post });
            }
        }

        /// <summary>
        /// The warning an action names, as people read it: its colour (橙色预警), with its number when the script proposes more than one of that
        /// colour (橙色预警（预警2）). It read 预警1 alone, without the colour (a drill facilitator's review, s54 F8).
        /// </summary>
        private string WarningNamed(int n)
        {
            var colour = _warningColours.GetValueOrDefault(n);
            var name = DrillKinds.WarningNamed(colour);
            var same = 0;
            foreach (var c in ProposedColours)
            {
                if (c == colour)
                {
                    same++;
                }
            }

            return same > 1 ? $"{name}（预警{n.ToString(CultureInfo.InvariantCulture)}）" : name;
        }

        // The colour of each warning the script proposes, in order (null under construction): tells apart two warnings of one colour.
        private string?[] ProposedColours => field ??= [.. script.Steps.Where(s => s.Kind == DrillKinds.ChangeWarning && s.WarningAction == "propose").Select(s => s.Colour)];

        private IRequest<IncidentChange> Command(DrillStep step, Actor actor) => step.Kind switch
        {
            DrillKinds.FulfilDuty => new FulfilObligationCommand(_receipt.Id, step.Duty!, _receipt.Version,
                new FulfilmentRequest { MadeAt = Iso(step.At), Note = step.Text }, actor, Answer: IncidentAnswer.Receipt),
            DrillKinds.FileReport => Report(actor, step.ReportKind!, step.Text, step.FiguresJson, step.ConditionsJson),
            DrillKinds.DecideResponse => new DecideResponseCommand(_receipt.Id, _receipt.Version, new ResponseDecisionRequest
            {
                Level = step.ResponseAction == "decline" ? null : step.Level, Action = step.ResponseAction, Reason = step.Reason,
                DelegatedByCommander = step.DelegatedByCommander ? true : null,
            }, actor, Answer: IncidentAnswer.Receipt),
            DrillKinds.TerminateResponse => new TerminateResponseCommand(_receipt.Id, _receipt.Version, new TerminationRequest
            {
                Reason = step.Reason, ConditionsConfirmed = step.ConditionsConfirmed, Action = step.TerminationAction == "terminate" ? null : step.TerminationAction,
                DelegatedByCommander = step.DelegatedByCommander ? true : null,
            }, actor, Answer: IncidentAnswer.Receipt),
            DrillKinds.ChangeWarning => new ChangeWarningCommand(_receipt.Id, _receipt.Version, new WarningRequest
            {
                Action = step.WarningAction, Colour = step.Colour, Reason = step.Reason, ProvinceApproval = step.ProvinceApproval, ConditionsAssessed = step.ConditionsAssessed,
                WarningId = step.WarningAction == "propose" ? null : WarningId(step.Warning),
            }, actor, Answer: IncidentAnswer.Receipt),
            _ => ClockEvent(actor, step.Event!, null, step.Text, step.TakenBy),
        };

        private Guid? WarningId(int? ordinal)
        {
            var n = ordinal ?? _receipt.Warnings.Count;
            return n >= 1 && n <= _receipt.Warnings.Count ? _receipt.Warnings[n - 1] : Guid.Empty;
        }

        private async ValueTask<(bool Ok, bool Unauthorised, string? Why, Exception? Error)> SendAsync(IRequest<IncidentChange> command, CancellationToken ct)
        {
            try
            {
                _receipt = await sender.Send(command, ct).ConfigureAwait(false);
                return (true, false, null, null);
            }
            catch (LifecycleAuthorityException e)
            {
                return (false, true, Clean(RefusalTexts.Text(e, _plan)), e);
            }
            catch (Exception e) when (e is ValidationException or LifecycleTransitionException or NotFoundException or IncidentCommandRejectedException or InvalidOperationException)
            {
                return (false, false, Clean(RefusalTexts.Text(e, _plan)), e);
            }
        }

        /// <summary>
        /// The colour a warning action would issue (adjust: its colour; issue: the colour proposed) when the plan has it approved by a body
        /// outside the city (road 4.4.1 红色预警: the province), else null.
        /// </summary>
        private WarningColourRule? ProvinceApproval(DrillStep step)
        {
            var n = step.Warning ?? _receipt.Warnings.Count;
            var colour = step.WarningAction == "adjust" ? step.Colour : _warningColours.GetValueOrDefault(n);
            return _plan.Warnings?.Colours.FirstOrDefault(c => Names.Of(c.Colour) == colour
                                                               && c.ApproverRoles.Any(r => RoleCatalogue.Find(r) is { Credential: false }));
        }

        /// <summary>
        /// Messages may name ids, which differ between runs: the report names warnings by their number instead. They may also end with the
        /// member a client sends (（delegatedByCommander: true）, （conditionsAssessed: true）), said for the duty office's client and written
        /// in the engine's text; the report is read by leaders, so it says what to state in words alone (<see cref="ForPeople"/>).
        /// </summary>
        private static string Clean(string message) => ForPeople(GuidPattern().Replace(message, "…"));


        private FileReportCommand Report(Actor actor, string kind, string? summary, string? figuresJson, string? conditionsJson, string? occurredAt = null,
            ReportSource? source = null) =>
            new(_receipt.Id, _receipt.Version, new FileReportRequest
            {
                Kind = kind, Summary = summary, Figures = Figures(figuresJson), Conditions = Conditions(conditionsJson), OccurredAt = occurredAt,
            }, actor, Source: source, Answer: IncidentAnswer.Receipt);

        /// <summary>
        /// An inject is what the control cell tells the duty office (an MSEL event), not the office's own 续报 to 市委、市政府: like a 122
        /// record, a report with a source raises what the news calls for (立即续报 on changed casualties, a higher level) and meets no
        /// duty. The participants' <c>file-report</c> is the 续报 the drill evaluates.
        /// </summary>
        private static ReportSource Injected(DrillStep step) =>
            new(InjectChannel, step.Line.ToString(CultureInfo.InvariantCulture), ControlCell, step.Order);

        private RecordClockEventCommand ClockEvent(Actor actor, string kind, string? orderedBy, string? note, string? takenBy = null) =>
            new(_receipt.Id, _receipt.Version, new ClockEventRequest
            {
                Kind = kind, OrderedBy = orderedBy, Note = note, TakenBy = takenBy, HappenedAt = Iso(clock.GetUtcNow() - script.Start),
            }, actor, Answer: IncidentAnswer.Receipt);

        private static string? HazmatFigures(DrillStep step)
        {
            if (step.Kind != DrillKinds.Hazmat)
            {
                return step.FiguresJson;
            }

            var o = step.FiguresJson is null ? new JsonObject() : (JsonObject)JsonNode.Parse(step.FiguresJson)!;
            o["hazmatRelease"] ??= true;
            return o.ToJsonString();
        }

        /// <summary>
        /// The counties of <paramref name="list"/> (disruptedCounties, countiesResponseActivated) as last reported plus <paramref name="county"/>;
        /// remembered once the report is accepted. The one way a county inject reports a list: it never drops a county an earlier report named.
        /// </summary>
        private string Accumulated(string list, string county) =>
            new JsonObject { [list] = new JsonArray([.. _lists.GetValueOrDefault(list, []).Append(county).Distinct(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c))]) }.ToJsonString();

        /// <summary>
        /// An accepted report's county lists, when it gives them, are the ones known from then on; a county concerned or started for the first
        /// time is kept with <paramref name="at"/> for 演练概况.
        /// </summary>
        private void Remember(string? figuresJson, TimeSpan at)
        {
            // Most reports name no counties: their figures are not parsed again for them (one parse an inject in a million-inject drill).
            if (figuresJson is null || !(figuresJson.Contains("Counties\"", StringComparison.Ordinal) || figuresJson.Contains("ResponseActivated\"", StringComparison.Ordinal))
                || JsonNode.Parse(figuresJson) is not JsonObject figures)
            {
                return;
            }

            foreach (var list in PlanCountyLists.All)
            {
                if (figures[list] is JsonArray a)
                {
                    _lists[list] = [.. a.Select(n => n!.GetValue<string>())];
                }
            }

            if (!_plan.Reads.Contains(CountyLists.Affected))
            {
                return;
            }

            foreach (var county in _lists.GetValueOrDefault(CountyLists.Affected, []))
            {
                First(_concerned, county, at);
            }

            if (figures["countyResponseActivated"] is JsonValue own && own.TryGetValue<bool>(out var started) && started)
            {
                First(_started, script.Incident.County, at);
            }

            if (figures[CountyLists.ResponseActivated] is JsonArray activated)
            {
                foreach (var county in activated)
                {
                    First(_started, county!.GetValue<string>(), at);
                }
            }

            static void First(List<(string County, TimeSpan At)> counties, string county, TimeSpan at)
            {
                if (!counties.Exists(c => c.County == county))
                {
                    counties.Add((county, at));
                }
            }
        }

        /// <summary>
        /// 演练概况's 县（市、区） row under a plan owing 5.6 per county: the counties concerned, the incident's own first, each from when it became
        /// concerned, and those that started their county response, with when (s63 D63-07); the overview unchanged under any other plan.
        /// </summary>
        private DrillOverview WithCounties(DrillOverview overview)
        {
            if (_concerned.Count == 0)
            {
                return overview;
            }

            var lines = _concerned.Select((c, i) =>
            {
                var started = _started.FindIndex(s => s.County == c.County);
                return new DrillCountyLine(c.County, i == 0, _texts.Offset(c.At), Minute(c.At),
                    started < 0 ? null : _texts.Offset(_started[started].At), started < 0 ? null : Minute(_started[started].At));
            }).ToList();
            // A county that started without being listed as concerned (a list the script left incomplete) is still said.
            foreach (var (county, at) in _started.Where(s => !_concerned.Exists(c => c.County == s.County)))
            {
                lines.Add(new DrillCountyLine(county, false, _texts.Offset(at), Minute(at), _texts.Offset(at), Minute(at)));
            }

            var concerned = string.Join("、", lines.Select(l => l.IncidentCounty ? $"{l.County}（事发地，{l.Since}起）" : $"{l.County}（{l.Since}起）"));
            var startedText = lines.Where(l => l.Started is not null).OrderBy(l => l.StartedMinute).Select(l => $"{l.County}（{l.Started}）").ToList();
            return overview with
            {
                Counties = lines,
                CountiesText = $"所涉及：{concerned}；已启动县级响应：{(startedText.Count == 0 ? "无" : string.Join("、", startedText))}",
            };
        }

        /// <summary>
        /// What the plan calls for at a report just filed, shown in the engine's lane as an escalation is: at the first report the level its
        /// figures call for (the engine recommends a level only when a later report raises it, so a first report that already calls for Ⅱ
        /// showed nothing); at any report, a road warning whose colour the conditions now call for (road 4.3), when it is new or higher.
        /// </summary>
        private void CalledFor(TimeSpan at, bool firstReport)
        {
            if (store.LatestReport(_receipt.Id) is not { } latest)
            {
                return;
            }

            if (firstReport && latest.Assessed.Level is { } level && _plan.Response.Find(level) is { } definition)
            {
                var clause = latest.Assessed.Because.Count > 0 ? latest.Assessed.Because[0].Clause : definition.Clause;
                Entry(at, "engine", "系统",
                    $"首报研判达到{Names.Chinese(level)}响应条件{(latest.Assessed.LevelDetermined ? "" : "（数字不全，可能更高）")}：建议启动{Names.Chinese(level)}响应（由{definition.Authority}决定）",
                    "依据 " + Citation.Of(_plan.Metadata.DocumentNumber, clause), null);
            }

            if (_plan.Warnings is null)
            {
                return;
            }

            // The same report at the same occurrence time calls for the same warning, and what was shown for it stays as the last call left
            // it: a 续报 without figures keeps the report object, so the warning is judged again only when the figures or the time change.
            if (_warningJudged is { } judged && ReferenceEquals(judged.Report, latest.Report) && judged.OccurredAt == latest.OccurredAt)
            {
                return;
            }

            _warningJudged = (latest.Report, latest.OccurredAt);
            var warning = DecisionEngine.AssessWarning(_plan, latest.Report.ToInput(script.PlanId, latest.OccurredAt));
            if (warning is null)
            {
                _warningCalled = null;
                return;
            }

            if (_warningCalled is { } before && before.Warning.Colour.Colour >= warning.Colour.Colour)
            {
                // The same colour (or a lower one now) is still called for: nothing new to show; since when is kept for the same colour.
                _warningCalled = before.Warning.Colour.Colour == warning.Colour.Colour ? (before.Since, warning) : (at, warning);
                return;
            }

            _warningCalled = (at, warning);
            var colour = warning.Colour;
            Entry(at, "engine", "系统",
                $"建议发布{Names.Chinese(colour.Colour)}预警：{warning.Because[0].Words}（经{colour.ApprovedBy}批准后由{colour.IssuedBy}发布，{colour.ApprovalClause}）",
                "依据 " + Citation.Of(_plan.Metadata.DocumentNumber, warning.Because[0].Clause), null);
        }

        /// <summary>How many instances of the duty <paramref name="code"/> the incident has so far (code, code#2, code#3…).</summary>
        private int Given(string code)
        {
            var n = 0;
            while (store.Duty(_receipt.Id, n == 0 ? code : $"{code}#{(n + 1).ToString(CultureInfo.InvariantCulture)}") is not null)
            {
                n++;
            }

            return n;
        }

        private string Iso(TimeSpan offset) => (script.Start + offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        private void Snapshot(TimeSpan at)
        {
            _assessed.Add((at, _receipt.Grade, _receipt.GradeDetermined, _receipt.Level));
            if (!_receipt.GradeDetermined && _receipt.Grade is not null && store.LatestReport(_receipt.Id) is { } latest
                && (_undetermined.Count == 0 || !ReferenceEquals(_undetermined[^1].Report, latest.Report) || _undetermined[^1].OccurredAt != latest.OccurredAt))
            {
                // The report in force since the last one kept is read only by an expectation asking about a time from then to now; with none,
                // this one takes its place. A long drill otherwise kept every report it merged (three objects each) to its end (ADR 0007).
                if (_undetermined.Count > 0 && !Asked(_undetermined[^1].At, at))
                {
                    _undetermined[^1] = (at, latest.Report, latest.OccurredAt);
                }
                else
                {
                    _undetermined.Add((at, latest.Report, latest.OccurredAt));
                }
            }
        }

        /// <summary>Whether a grade-at expectation asks about a time from <paramref name="from"/> up to (not including) <paramref name="until"/>.</summary>
        private bool Asked(TimeSpan from, TimeSpan until)
        {
            var i = Array.BinarySearch(_gradeAsked, from);
            i = i < 0 ? ~i : i;
            // BinarySearch finds one of equal times, not the first: any equal to from is asked.
            return i < _gradeAsked.Length && _gradeAsked[i] < until;
        }

        /// <summary>
        /// What at <paramref name="at"/> could still raise the grade, as the plan names it: the engine's unknowns for the grade alone
        /// (<see cref="Core.Assessment.Assessment.UnknownsThatCouldRaiseGrade"/>: deaths, serious injuries, the direct loss, and the people
        /// of unknown fate who may count as dead), not those that raise only the level (被困 and 涉险, C 4.3.2(1)②): the evidence is about
        /// the grade (事故等级, 条例第三条). People of unknown fate whose number was reported (失联 1) are not unknown: their fate is (ADR 0003
        /// #32), said so (失联1人（下落未明，可能计入死亡）).
        /// </summary>
        private GradeUnknowns UnknownsAt(TimeSpan at)
        {
            var hit = _undetermined.LastOrDefault(u => u.At <= at);
            if (hit.Report is null || _plan.Grade is not { } grade)
            {
                return GradeUnknowns.None;
            }

            var input = hit.Report.ToInput(script.PlanId, hit.OccurredAt);
            var assessment = _engine.Assess(_plan, input);
            var unknown = new List<string>();
            var fateUnknown = new List<string>();
            foreach (var name in FigureNames.Of(assessment.UnknownsThatCouldRaiseGrade))
            {
                if (grade.UnknownFate is { } f && FigureNames.TryParse(name, out Figure figure) && f.Figure == figure && input.TryGet(figure, out var count))
                {
                    var definition = FigureCatalog.Of(figure);
                    fateUnknown.Add($"{_plan.FigureLabels.Of(definition)}{count.ToString("0.##", CultureInfo.InvariantCulture)}{definition.Unit}"
                                    + $"（下落未明，可能计入{_plan.FigureLabels.Of(f.CountsAs)}）");
                }
                else
                {
                    unknown.Add(_plan.FigureLabels.Of(name));
                }
            }

            return new GradeUnknowns(unknown, fateUnknown);
        }

        private void Entry(TimeSpan at, string lane, string who, string what, string? outcome, int? line)
        {
            _timeline.Add(new DrillTimelineEntry(_texts.Offset(at), At(at), Minute(at), lane, who, what, outcome, line));
            _timelineAt.Add(at);
        }

        private string At(TimeSpan offset) => _texts.At(script.Start + offset);

        private static int Minute(TimeSpan offset) => (int)offset.TotalMinutes;

        private static Actor ActorOf(DrillParticipant p) => new(p.Name, [p.Role]);

        /// <summary>A participant as the timeline names them, 张三（值班员）: one text a participant for the whole run, not one an action.</summary>
        private string Who(DrillParticipant participant, string post)
        {
            if (!_who.TryGetValue(participant.Id, out var who))
            {
                _who[participant.Id] = who = $"{participant.Name}（{post}）";
            }

            return who;
        }

        private static FiguresDto? Figures(string? json) => json is null ? null : JsonSerializer.Deserialize<FiguresDto>(json);

        private static ConditionsDto? Conditions(string? json) => json is null ? null : JsonSerializer.Deserialize<ConditionsDto>(json, Web);

        /// <param name="step">The step.</param>
        /// <param name="duty">For a duty met: the incident's duty as people name it, when the incident has it.</param>
        /// <param name="done">For a duty: false when the action was refused (越权 or 被拒绝), said as what was attempted (试图记为已报送：…), never as done.</param>
        /// <param name="by">For a duty met: the participant who recorded it.</param>
        private string Describe(DrillStep step, DutyName? duty = null, bool done = true, DrillParticipant? by = null)
        {
            var label = DrillKinds.Label(DrillKinds.Actions, step.Kind);
            var what = step.Kind switch
            {
                DrillKinds.FulfilDuty => Met(label, step.Duty!, duty, done, by),
                DrillKinds.FileReport => (step.ReportKind == "final" ? "终报" : "续报") + FiguresText(step.FiguresJson),
                DrillKinds.DecideResponse => (step.ResponseAction == "decline" ? "不同意启动响应"
                    // An adjustment from the level in force, raised or lowered (R 5.7 调整响应级别, C 4.4 提高或降低), as the expectations say it.
                    : step.ResponseAction == "adjust" && Names.TryParseLevel(step.Level, out var to) ? DrillResponseWords.Adjusted(_inForce, to)
                    : $"{ResponseVerb(step.ResponseAction)}{(Names.TryParseLevel(step.Level, out var l) ? Names.Chinese(l) : step.Level)}响应{(step.ResponseAction == "propose" ? "的建议" : "")}")
                      // C 4.3.2(2) 委托副指挥长: the delegation is what makes the deputy's decision valid, as the incident's timeline says.
                      + (step.DelegatedByCommander == true ? _plan.RoleNames.DelegatedByCommander : ""),
                // The warning named by its colour (橙色预警：批准发布, 橙色预警：调整为红色预警); it read 预警1：批准发布 (s54 F8).
                DrillKinds.ChangeWarning when step.WarningAction == "propose" => $"{DrillKinds.WarningNamed(step.Colour)}：提出",
                // Issued on the province's approval (R 4.4.1 "一级(红色)预警,报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布"): the
                // city office only issues it, and the label says whose approval it issues on; it read 红色预警：批准发布 (s60 F6).
                DrillKinds.ChangeWarning when step.WarningAction == "issue" && step.ProvinceApproval is { Length: > 0 } province =>
                    $"{WarningNamed(step.Warning ?? _receipt.Warnings.Count)}：发布（经{province}批准）",
                DrillKinds.ChangeWarning =>
                    $"{WarningNamed(step.Warning ?? _receipt.Warnings.Count)}：{(step.ConditionsAssessed == true ? "确认解除条件，" : "")}{WarningAction(step.WarningAction)}{DrillKinds.WarningName(step.Colour)}",
                DrillKinds.TerminateResponse => step.TerminationAction switch
                {
                    "propose" => "提出终止应急响应的建议",
                    "decline" => "不同意终止应急响应",
                    _ => step.ConditionsConfirmed == true ? "确认终止条件，终止应急响应" : "终止应急响应",
                } + (step.DelegatedByCommander ? _plan.RoleNames.DelegatedByCommander : ""),
                // C 4.2: from whom and to whom the command passed, as the incident's timeline says it (said before the action is taken: the
                // holder is the last taker recorded, else the plan's first commander). It named the taker alone (a drill facilitator's review, D8).
                _ when step.Event == ClockEvents.CommandHandover =>
                    $"{label}：{ClockEvents.Find(step.Event)?.Label}，由{store.LastCommandTaker(_receipt.Id) ?? ClockEvents.FirstOnSiteCommander(_plan)}移交{step.TakenBy}",
                _ => $"{label}：{ClockEvents.Find(step.Event)?.Label ?? step.Event}",
            };
            return step.Text is null || step.Kind == DrillKinds.FulfilDuty && step.Text is null ? what : $"{what}（{step.Text}）";
        }

        /// <summary>
        /// A duty met, in the plan's words: the incident's duty when it has it (已报送：向市委、市政府报告：“…”; supplies 已运抵; a notice or filing 已完成), else the plan's
        /// duty of that code (已报送：30分钟内向市委、市政府报告), else what the script wrote. An action refused (<paramref name="done"/> false) says what
        /// was attempted (试图记为已报送：…): the timeline, 问题与纠正措施 and <c>drill validate</c>'s warning all read this text, and a facilitator
        /// reads 已报送 as "it was sent" (a drill evaluator's review, 2026-12-05).
        /// </summary>
        private string Met(string label, string keyOrCode, DutyName? duty, bool done, DrillParticipant? by)
        {
            var attempted = done ? "" : "试图记为";
            if (duty is { } d)
            {
                // A duty whose 责任主体 is not the participant's role (a county's report, the 副主任's own report recorded by the duty officer) is
                // recorded, not made: 已记录, with who made it and who recorded it (a drill facilitator's review, s63 D63-13; ADR 0003 #77).
                return done && by is not null && MadeBy(keyOrCode, by) is { } maker
                    ? $"已记录：{d.Full}（{maker}{(d.Deed == DutyDeed.Report ? "报告" : "履行")}，由{by.Name}记录）"
                    : $"{attempted}{Done(d.Deed)}：{d.Full}";
            }

            var code = DutyNames.CodeOf(keyOrCode);
            return _plan.DutyRule(code, null, null) is { } rule
                ? $"{attempted}{Done(DutyWords.Deed(rule))}：{DutyWords.Said(rule)}"
                : done ? $"{label}：{keyOrCode}" : $"{attempted}已报送：{keyOrCode}";
        }

        /// <summary>
        /// Who makes the duty <paramref name="key"/> when it is not the participant <paramref name="by"/> recording it: a party outside the city
        /// command (the county it is owed by, else the plan's reporter), or the participant playing the post the plan names as its reporter
        /// (N 5.3.2 市安委会副主任…并向市安委会主任报告), else that post; null when the participant's role is the one that makes it, or the plan's
        /// reporter names no post of a role (市安委办, the duty office's own).
        /// </summary>
        private string? MadeBy(string key, DrillParticipant by)
        {
            if (store.DutyParty(_receipt.Id, key) is not { } party)
            {
                return null;
            }

            if (_plan.Obligations.FirstOrDefault(o => o.Code == DutyNames.CodeOf(key)) is { OutsideCommand: true })
            {
                return party.County ?? party.Reporter;
            }

            foreach (var role in RoleCatalogue.All)
            {
                if (_plan.RoleNames.Reports(party.Reporter, role.Id) && role.Id != by.Role && role.Id != RoleCatalogue.DutyOfficer)
                {
                    return script.Participants.FirstOrDefault(p => p.Role == role.Id)?.Name ?? _plan.RoleNames.Of(role.Id);
                }
            }

            return null;
        }

        /// <summary>What a duty of <paramref name="deed"/> asks for, as a noun after 该: 报告, 批物资, 项工作.</summary>
        private static string Thing(DutyDeed deed) => deed switch { DutyDeed.Delivery => "批物资", DutyDeed.Other => "项工作", _ => "报告" };

        private static string Done(DutyDeed deed) => deed switch { DutyDeed.Delivery => "已运抵", DutyDeed.Other => "已完成", _ => "已报送" };

        private static string ResponseVerb(string action) => action switch
        {
            "adjust" => "调整为",
            "propose" => "提出启动",
            _ => "启动",
        };

        private static string WarningAction(string? action) => action switch
        {
            "propose" => "提出",
            "issue" => "批准发布",
            "adjust" => "调整为",
            "lift" => "解除",
            "reject" => "不予批准",
            _ => action ?? "",
        };

        // The figures as the plan names them (natural disaster 失踪), in the facilitator's report. Read from a pooled document, not a
        // tree of nodes: every figures inject of a long drill is said so.
        private string FiguresText(string? json)
        {
            if (json is null)
            {
                return "";
            }

            var parts = new List<string>();
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var (name, value) = (property.Name, property.Value);
                var def = FigureCatalog.TryFind(name, out var found) ? found : null;
                var text = value.ValueKind switch
                {
                    // An empty county list said as none (D63-16: 所涉及县（市、区）：）); the incident's own county is always concerned (N 5.6, ADR 0003 #83).
                    JsonValueKind.Array when value.GetArrayLength() == 0 => def?.Name == "affectedCounties" ? "仅事发地" : "无",
                    JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Said)),
                    JsonValueKind.Null => "不明",
                    JsonValueKind.True => "是",
                    JsonValueKind.False => "否",
                    // The script's values (some, serious) said as the plan says them (一定环境污染, 重大).
                    _ when def?.Kind == FigureKind.Pollution && Names.TryParsePollution(value.ToString(), out var pollution) => Names.Chinese(pollution),
                    _ when def?.Kind == FigureKind.DeclaredGrade && Names.TryParseGrade(value.ToString(), out var grade) => Names.Chinese(grade),
                    _ => Said(value),
                };
                parts.Add($"{(def is null ? name : _plan.FigureLabels.Of(def))}{(value.ValueKind == JsonValueKind.Number ? " " : "：")}{text}{(def?.Unit is { } u && value.ValueKind == JsonValueKind.Number ? u : "")}");
            }

            return parts.Count == 0 ? "" : "（" + string.Join("，", parts) + "）";
        }

        /// <summary>A value as a node of the document says it (<see cref="JsonNode.ToString"/>): a string unquoted, a number as written, anything else as indented JSON.</summary>
        private static string? Said(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => JsonNode.Parse(value.GetRawText())!.ToString(),
        };
    }

    /// <summary>The SHA-256 of the script text, which names the run in the report (no wall clock, no random id).</summary>
    /// <remarks>Hashed as its UTF-8 bytes, a piece at a time: a million-inject script is a hundred megabytes, which a copy of its bytes doubled.</remarks>
    internal static string Hash(string yaml)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var encoder = Encoding.UTF8.GetEncoder();
        Span<byte> bytes = stackalloc byte[16 * 1024];
        var text = yaml.AsSpan();
        bool completed;
        do
        {
            // A piece's chars end where its bytes fill the buffer; a surrogate pair split between pieces is kept by the encoder.
            encoder.Convert(text, bytes, flush: true, out var used, out var written, out completed);
            hash.AppendData(bytes[..written]);
            text = text[used..];
        }
        while (!completed);

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>The county lists a drill's injects add a county to, by their figure names.</summary>
internal static class PlanCountyLists
{
    /// <summary>Road 5.3.x(3): the counties whose traffic is affected or cut.</summary>
    public const string Disrupted = "disruptedCounties";

    public static IReadOnlyList<string> All { get; } = [Disrupted, CountyLists.Affected, CountyLists.ResponseActivated];
}
