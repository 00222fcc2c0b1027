using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Plans;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EmergencyPlans.Drills;

/// <summary>One problem in a drill script, with the line it is on (1-based).</summary>
public sealed record DrillProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>The script is not valid; every problem found is listed, each naming its line.</summary>
public sealed class DrillScriptException : Exception
{
    public DrillScriptException(IReadOnlyList<DrillProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public DrillScriptException()
        : this([])
    {
    }

    public DrillScriptException(string message)
        : base(message)
    {
        Problems = [new DrillProblem("?", 0, message)];
    }

    public DrillScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new DrillProblem("?", 0, message)];
    }

    public IReadOnlyList<DrillProblem> Problems { get; }
}

/// <summary>
/// Reads a drill script (YAML) and validates it like any input, against the role catalogue, the clock events,
/// the figure catalogue and the plan the drill names: every problem is reported with its line, all at once.
/// </summary>
public sealed partial class DrillScriptReader(DecisionEngine engine)
{
    /// <summary>The roles a participant may take: the API's credential roles but its own interfaces' (the 122 feed, the drill endpoint), which do nothing in a drill.</summary>
    /// <summary>
    /// The inject kinds <paramref name="plan"/> takes: a kind whose input the plan does not read (hazmat, county-disrupted,
    /// county-response-activated) or whose clock event it has no duty for (city-request, dispatch-order) is a problem in its scripts, so the
    /// guide and the unknown-kind error offer only the others (a drill facilitator's review, s63 D63-14: both offered all eight).
    /// </summary>
    public static IReadOnlyList<(string Kind, string Label)> InjectKindsFor(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. DrillKinds.Injects.Where(k => k.Kind switch
        {
            DrillKinds.Hazmat => plan.Reads.Contains(PlanReads.Hazmat.Input),
            DrillKinds.CountyDisrupted => plan.Reads.Contains(PlanReads.Counties.Input),
            DrillKinds.CountyResponseActivated => plan.Reads.Contains(CountyLists.ResponseActivated),
            DrillKinds.CityRequest or DrillKinds.DispatchOrder => ClockEvents.Find(k.Kind) is not { } e || ClockEvents.AppliesTo(plan, e),
            _ => true,
        })];
    }

    public static IReadOnlyList<string> ParticipantRoles { get; } = [.. RoleCatalogue.CredentialIds.Where(r => r is not RoleCatalogue.Feed and not RoleCatalogue.Drill)];

    private static readonly string[] TopKeys = ["title", "plan", "start", "end", "scope", "participants", "incident", "objectives", "injects", "actions", "expectations"];

    /// <summary>Parses and validates <paramref name="yaml"/>.</summary>
    /// <exception cref="DrillScriptException">Every problem found, each naming its line.</exception>
    public DrillScript Read(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var ctx = new Context(file, engine);
        var script = ctx.Read(yaml);
        if (ctx.Problems.Count > 0 || script is null)
        {
            throw new DrillScriptException([.. ctx.Problems.OrderBy(p => p.Line).ThenBy(p => p.Message, StringComparer.Ordinal)]);
        }

        return script;
    }

    /// <summary>"HH:MM" or "HH:MM:SS" after the start (hours may exceed 24), with an optional leading "+" or "T+".</summary>
    public static TimeSpan? ParseOffset(string? text)
    {
        if (text is null || OffsetPattern().Match(text.Trim()) is not { Success: true } m)
        {
            return null;
        }

        var hours = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var seconds = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(hours, minutes, seconds);
    }

    /// <summary>The offset as a script writes it: +HH:MM (or +HH:MM:SS).</summary>
    public static string FormatOffset(TimeSpan offset)
    {
        var hours = (int)offset.TotalHours;
        return offset.Seconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"+{hours:00}:{offset.Minutes:00}")
            : string.Create(CultureInfo.InvariantCulture, $"+{hours:00}:{offset.Minutes:00}:{offset.Seconds:00}");
    }

    // [0-9], not \d: \d matches any Unicode digit (a Chinese IME's full-width "１"), which int.Parse then refuses.
    [GeneratedRegex(@"^(?:T)?\+?([0-9]{1,4}):([0-5][0-9])(?::([0-5][0-9]))?$")]
    private static partial Regex OffsetPattern();

    private sealed class Context(string file, DecisionEngine engine)
    {
        public List<DrillProblem> Problems { get; } = [];

        private Plan? _plan;

        /// <summary>When the first report reached the office (<c>incident.reportedAt</c>), once read: an occurrence corrected to after it is refused.</summary>
        private TimeSpan? _reportedAt;
        private readonly Dictionary<string, DrillParticipant> _participants = new(StringComparer.Ordinal);

        private void Problem(YamlNode? node, string message) => Problems.Add(new DrillProblem(file, node is null ? 1 : Line(node), message));

        /// <summary>
        /// An unknown role, with the ids a participant may take and each one's name under the script's plan (commander（市指挥部指挥长）), and the
        /// id whose name contains what was written (指挥长 → commander): a facilitator writes the post, and was offered the ids alone (a drill
        /// facilitator's review, session 60, F11).
        /// </summary>
        private string UnknownRole(string role)
        {
            string Named(string id) => $"{id}（{NameOf(id)}）";
            string NameOf(string id) => _plan?.RoleNames.Of(id) ?? RoleCatalogue.Find(id)?.ChineseName ?? id;
            // The nearest name ending so: 指挥长 is the commander's (市指挥部指挥长), not also the deputy's (市指挥部副指挥长).
            var meant = ParticipantRoles.Where(id => NameOf(id).EndsWith(role, StringComparison.Ordinal)).GroupBy(id => NameOf(id).Length)
                .OrderBy(g => g.Key).FirstOrDefault()?.ToArray() ?? [];
            return $"未知角色 '{role}'" + (meant.Length > 0 ? $"：是否指 {string.Join(" 或 ", meant.Select(Named))}？" : "")
                + $"（可用：{string.Join(", ", ParticipantRoles.Select(Named))}）";
        }

        private static int Line(YamlNode node) => (int)node.Start.Line;

        /// <summary>
        /// For a duty code the plan lacks, the codes it was likely meant as, each with what the duty is (<c>：是否指 written-report-to-city
        /// （1小时内向市委、市政府书面报告）？</c>): the codes that begin with it or contain it, else those within a few edits of it. A facilitator
        /// writing <c>written-report</c> was offered 21 codes to read (a drill facilitator's review, session 60, F11).
        /// </summary>
        private static string NearestDuty(Plan plan, string code)
        {
            var codes = plan.Obligations.Select(o => o.Code).Distinct(StringComparer.Ordinal).ToArray();
            var containing = codes.Where(c => c.Contains(code, StringComparison.OrdinalIgnoreCase)).ToArray();
            var meant = containing.Length > 0 ? containing
                : codes.Select(c => (Code: c, Edits: Edits(c, code))).Where(x => x.Edits <= Math.Max(2, code.Length / 4))
                    .GroupBy(x => x.Edits).OrderBy(g => g.Key).FirstOrDefault()?.Select(x => x.Code).ToArray() ?? [];
            if (meant.Length is 0 or > 3)
            {
                return "";
            }

            return "：是否指 " + string.Join(" 或 ", meant.Order(StringComparer.Ordinal).Select(c => $"{c}（{DutyWords.Said(plan.Obligations.First(o => o.Code == c))}）")) + "？";
        }

        /// <summary>The edit distance (insertions, deletions, substitutions) between two codes, ignoring case.</summary>
        private static int Edits(string a, string b)
        {
            var row = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                row[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                var diagonal = row[0];
                row[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var above = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                    diagonal = above;
                }
            }

            return row[b.Length];
        }

        /// <summary>The mappings of an optional list section; a section that is not a list, or an item that is not a mapping, is a problem on its line.</summary>
        /// <summary>A plain scalar YAML reads as null: nothing after the key, <c>~</c> or <c>null</c>, with no tag.</summary>
        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && scalar.Tag.IsEmpty
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

        private IEnumerable<YamlMappingNode> Mappings(YamlNode? node, string notAList, string notAMapping)
        {
            // A key left empty (`injects:` with every item commented out) or written null is the list left out or written [], as YAML reads
            // it: none. It was refused (injects 应为列表) while the other two were taken.
            if (node is null || IsNull(node))
            {
                yield break;
            }

            if (node is not YamlSequenceNode list)
            {
                Problem(node, notAList);
                yield break;
            }

            foreach (var item in list.Children)
            {
                if (item is YamlMappingNode m)
                {
                    yield return m;
                }
                else
                {
                    Problem(item, notAMapping);
                }
            }
        }

        public DrillScript? Read(string yaml)
        {
            var stream = new YamlStream();
            // The scanner is kept: where it stopped is the line of a mistake its exception carries no mark for (a tab as indentation).
            var scanner = new Scanner(new StringReader(yaml));
            var parser = new GuardedYamlParser(new Parser(scanner));
            try
            {
                stream.Load(parser);
            }
            catch (ControlCharacterException e)
            {
                Problems.Add(new DrillProblem(file, (int)e.Start.Line,
                    $"含控制字符 {ControlCharacters.Name(e.Character)}（如双引号里的 \\e、\\x1b 转义）：脚本的文字只能用可见字符、制表符和换行，删去它"));
                return null;
            }
            catch (YamlException e)
            {
                var at = YamlLine(e, yaml, scanner);
                Problems.Add(new DrillProblem(file, at, "YAML 语法错误：" + (FullWidthPunctuation(yaml, at) ?? YamlInChinese(e.Message))));
                return null;
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner gives up this way on some unclosed flow collections ("[{id: a}" then a new key), with no
                // mark: scanned again token by token, the bracket still open when it gives up is the mistake.
                var (line, message) = Unscannable(yaml);
                Problems.Add(new DrillProblem(file, line, "YAML 语法错误：" + (FullWidthPunctuation(yaml, line) ?? message)));
                return null;
            }

            // A key written twice: reported on its line, and the rest read on (the second key and its value were left out).
            foreach (var (line, key, first) in parser.Duplicates)
            {
                var where = first == line ? "本行前面已写过" : $"第 {first} 行已写过";
                Problems.Add(new DrillProblem(file, line, $"键“{key}”重复出现（{where}）：同一层每个键只能写一次，删去其中一个；其余内容已按先写的值检查"));
            }

            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Problems.Add(new DrillProblem(file, 1, "脚本应是一个 YAML 映射（title、plan、start、participants…）"));
                return null;
            }

            Keys(root, TopKeys, "脚本");
            var title = Text(root, "title", required: true) ?? "";
            // Both head the report (its title, 演练概况): a title of any length ran over the page.
            Longest(root, "title", title, MaxTitleLength);
            Longest(root, "scope", Text(root, "scope", required: false), MaxScopeLength);
            var planNode = Get(root, "plan");
            var planId = Text(root, "plan", required: true);
            var startText = Text(root, "start", required: true);
            var start = startText is null ? (DateTimeOffset?)null : AssessmentContract.ParseOccurredAt(startText);
            if (startText is not null && start is null)
            {
                Problem(Get(root, "start"), $"start '{startText}' 应为带时区的 ISO 8601 时间，如 2026-07-20T08:00:00+08:00");
            }

            if (planId is not null && !engine.Catalog.PlanIds.Contains(planId, StringComparer.Ordinal))
            {
                Problem(planNode, $"未知预案 '{planId}'（可用：{string.Join(", ", engine.Catalog.PlanIds.Order(StringComparer.Ordinal))}）");
            }
            else if (planId is not null && start is not null)
            {
                _plan = engine.Catalog.Resolve(planId, start.Value);
                if (_plan is null)
                {
                    Problem(planNode, $"预案 '{planId}' 在 {startText} 不在有效期内");
                }
            }

            ReadParticipants(Get(root, "participants"), root);
            var incident = ReadIncident(Get(root, "incident"), root);
            _reportedAt = incident?.ReportedAt;
            var steps = new List<DrillStep>();
            ReadSteps(Get(root, "injects"), DrillStepSource.Inject, steps);
            ReadSteps(Get(root, "actions"), DrillStepSource.Action, steps);
            var expectations = ReadExpectations(Get(root, "expectations"));
            var objectives = ReadObjectives(Get(root, "objectives"), expectations);
            // The drill lasts at least until the first report: the incident is opened then, and the clock never goes back.
            var last = steps.Select(s => s.At).Concat(expectations.Select(e => e.By ?? e.At ?? TimeSpan.Zero))
                .Append(incident?.ReportedAt ?? TimeSpan.Zero).Max();
            var end = Offset(root, "end") ?? last;
            if (incident is not null && end < incident.ReportedAt && Get(root, "end") is { } early)
            {
                Problem(early, $"end {FormatOffset(end)} 早于首报到达值班室的时间 {FormatOffset(incident.ReportedAt)}：演练至少持续到首报");
            }
            else if (end < last && Get(root, "end") is { } endNode)
            {
                Problem(endNode, $"end {FormatOffset(end)} 早于脚本中最后的时间 {FormatOffset(last)}");
            }

            if (incident is not null)
            {
                foreach (var step in steps.Where(s => s.At < incident.ReportedAt))
                {
                    Problems.Add(new DrillProblem(file, step.Line, $"{FormatOffset(step.At)} 早于首报到达值班室的时间 {FormatOffset(incident.ReportedAt)}：事件尚未建立"));
                }

                // An expectation judged before the incident exists could never pass: a mistake in the script, not a finding.
                foreach (var e in expectations.Where(e => (e.By ?? e.At) < incident.ReportedAt))
                {
                    Problems.Add(new DrillProblem(file, e.Line, $"预期 {e.Id} 的时间 {FormatOffset((e.By ?? e.At)!.Value)} 早于首报到达值班室的时间 {FormatOffset(incident.ReportedAt)}：事件尚未建立，无从判定"));
                }
            }

            if (Problems.Count > 0 || incident is null || start is null || planId is null)
            {
                return null;
            }

            return new DrillScript(file, title, planId, start.Value, end, Text(root, "scope", required: false),
                [.. _participants.Values.OrderBy(p => p.Line)], incident, objectives,
                [.. steps.OrderBy(s => s.At).ThenBy(s => s.Source).ThenBy(s => s.Order)], expectations);
        }

        private void ReadParticipants(YamlNode? node, YamlMappingNode root)
        {
            if (node is not YamlSequenceNode list || list.Children.Count == 0)
            {
                Problem(node ?? root, "participants 应列出至少一名参演人员（id、name、role）");
                return;
            }

            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode m)
                {
                    Problem(item, "参演人员应为映射（id、name、role）");
                    continue;
                }

                Keys(m, ["id", "name", "role"], "参演人员");
                var id = Text(m, "id", required: true);
                var name = Text(m, "name", required: true);
                var role = Text(m, "role", required: true);
                if (role is not null && RoleCatalogue.Find(role) is not { Credential: true })
                {
                    Problem(Get(m, "role"), UnknownRole(role));
                }
                else if (role is not null && !ParticipantRoles.Contains(role, StringComparer.Ordinal))
                {
                    // The API's own roles: one given to a participant could do nothing in the drill, and every action of theirs was 越权.
                    Problem(Get(m, "role"), $"角色 '{role}'（{RoleCatalogue.Find(role)!.ChineseName}）是系统接口的角色，不参与演练（可用：{string.Join(", ", ParticipantRoles)}）");
                }

                if (id is null || name is null || role is null)
                {
                    continue;
                }

                if (!_participants.TryAdd(id, new DrillParticipant(id, name, role, Line(m))))
                {
                    Problem(Get(m, "id"), $"参演人员 id '{id}' 重复");
                }
            }
        }

        private DrillIncident? ReadIncident(YamlNode? node, YamlMappingNode root)
        {
            if (node is not YamlMappingNode m)
            {
                Problem(node ?? root, "incident 应给出首报：at、reportedAt、reportedBy、county、nature、reporter、figures");
                return null;
            }

            Keys(m, ["at", "reportedAt", "reportedBy", "county", "place", "nature", "reporter", "figures", "conditions"], "incident");
            var at = Offset(m, "at") ?? TimeSpan.Zero;
            var reportedAt = Offset(m, "reportedAt") ?? at;
            if (reportedAt < at)
            {
                Problem(Get(m, "reportedAt"), $"reportedAt {FormatOffset(reportedAt)} 早于事发时间 {FormatOffset(at)}：时间倒流");
            }

            var reportedBy = Participant(m, "reportedBy", required: true);
            // The first report opens the incident as its reporter would over the API, where a role without the right to report is
            // refused (403): a script cannot start from a report the plan's roles could not have made.
            if (reportedBy is not null && _participants.TryGetValue(reportedBy, out var first)
                && RoleCatalogue.Find(first.Role) is { } reporterRole && !reporterRole.Can(RoleCapabilities.Report))
            {
                Problem(Get(m, "reportedBy"), $"首报人 '{reportedBy}' 的角色 {reporterRole.Id}（{reporterRole.ChineseName}）无权报告事件；"
                    + $"首报须由可报告的角色提交：{string.Join("、", RoleCatalogue.All.Where(r => r.Credential && r.Can(RoleCapabilities.Report)).Select(r => $"{r.Id}（{r.ChineseName}）"))}");
            }

            var county = Text(m, "county", required: true);
            if (county is not null && !engine.Catalog.City.IsCounty(county))
            {
                Problem(Get(m, "county"), $"未知县（市、区）'{county}'（可用：{string.Join("、", engine.Catalog.City.Counties.Select(c => c.Name))}）");
            }

            var nature = Text(m, "nature", required: true);
            // The API's limits for the first report (OpenIncidentValidator): said here at the field's line, not when the run opens it.
            Longest(m, "nature", nature, OpenIncidentValidator.NatureMaxLength);
            var place = Text(m, "place", required: false);
            Longest(m, "place", place, OpenIncidentValidator.PlaceMaxLength);
            string? reporterName = null;
            string? reporterUnit = null;
            if (Get(m, "reporter") is YamlMappingNode reporter)
            {
                Keys(reporter, ["name", "unit"], "reporter");
                reporterName = Text(reporter, "name", required: true);
                reporterUnit = Text(reporter, "unit", required: false);
                Longest(reporter, "name", reporterName, OpenIncidentValidator.ReporterMaxLength);
                Longest(reporter, "unit", reporterUnit, OpenIncidentValidator.ReporterMaxLength);
            }
            else
            {
                Problem(Get(m, "reporter") ?? m, "incident.reporter 应给出报告人 name（与 unit）");
            }

            var figures = Figures(Get(m, "figures"));
            var conditions = Conditions(Get(m, "conditions"));
            Reads(Get(m, "conditions"), PlanReads.Conditions);
            return reportedBy is null || county is null || nature is null || reporterName is null
                ? null
                : new DrillIncident(at, reportedAt, reportedBy, county, place, nature, reporterName, reporterUnit, figures, conditions, Line(m));
        }

        private void ReadSteps(YamlNode? node, DrillStepSource source, List<DrillStep> steps)
        {
            var section = source == DrillStepSource.Inject ? "injects" : "actions";
            var previous = TimeSpan.Zero;
            var kinds = source == DrillStepSource.Inject ? DrillKinds.Injects : DrillKinds.Actions;
            foreach (var m in Mappings(node, $"{section} 应为列表", $"{section} 的每一项应为映射（at、kind…）"))
            {
                var at = Offset(m, "at", required: true);
                if (at is { } t && t < previous)
                {
                    Problem(Get(m, "at"), $"时间倒流：{FormatOffset(t)} 早于上一条的 {FormatOffset(previous)}（{section} 须按时间顺序书写）");
                }
                else if (at is { } t2)
                {
                    previous = t2;
                }

                var kind = Text(m, "kind", required: true);
                if (kind is not null && !kinds.Any(k => k.Kind == kind))
                {
                    var offered = source == DrillStepSource.Inject && _plan is not null ? InjectKindsFor(_plan) : kinds;
                    Problem(Get(m, "kind"), $"未知的{(source == DrillStepSource.Inject ? "注入" : "行动")}类型 '{kind}'（{(offered.Count < kinds.Count ? "本预案" : "")}可用：{string.Join(", ", offered.Select(k => k.Kind))}）");
                    continue;
                }

                if (at is null || kind is null)
                {
                    continue;
                }

                var step = source == DrillStepSource.Inject ? Inject(m, kind) : Action(m, kind);
                if (step is not null)
                {
                    steps.Add(step with { Source = source, Line = Line(m), Order = steps.Count, At = at.Value, Kind = kind });
                }
            }
        }

        private DrillStep? Inject(YamlMappingNode m, string kind)
        {
            Keys(m, kind switch
            {
                DrillKinds.Figures or DrillKinds.Hazmat => ["at", "kind", "text", "figures"],
                DrillKinds.Weather => ["at", "kind", "text", "conditions"],
                DrillKinds.CountyDisrupted or DrillKinds.CountyResponseActivated => ["at", "kind", "text", "county"],
                DrillKinds.DispatchOrder => ["at", "kind", "text", "orderedBy"],
                DrillKinds.OccurrenceTime => ["at", "kind", "text", "occurredAt"],
                _ => ["at", "kind", "text"],
            }, "注入");
            var text = Text(m, "text", required: kind == DrillKinds.Message || kind == DrillKinds.Weather);
            var step = Blank() with { Text = text };
            switch (kind)
            {
                case DrillKinds.Figures:
                    return step with { FiguresJson = Figures(Get(m, "figures") ?? Missing(m, "figures")) };
                case DrillKinds.Hazmat:
                    Reads(Get(m, "kind"), PlanReads.Hazmat);
                    return step with { FiguresJson = Figures(Get(m, "figures")) };
                case DrillKinds.Weather:
                    Reads(Get(m, "conditions"), PlanReads.Conditions);
                    return step with { ConditionsJson = Conditions(Get(m, "conditions")) };
                case DrillKinds.CountyDisrupted:
                    Reads(Get(m, "kind"), PlanReads.Counties);
                    var county = Text(m, "county", required: true);
                    CheckCounty(Get(m, "county"), county);
                    return step with { County = county };
                case DrillKinds.CountyResponseActivated:
                    // N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": only a plan that owes the counties' reports takes it.
                    if (_plan is not null && !_plan.Reads.Contains(CountyLists.ResponseActivated))
                    {
                        Problem(Get(m, "kind"), $"预案 '{_plan.Id}'（{_plan.Metadata.Title}）没有县（市、区）启动县级响应的报告职责（不读取 {CountyLists.ResponseActivated}）："
                                                + $"注入 '{kind}' 只适用于自然灾害救助应急预案（5.6）");
                    }

                    var started = Text(m, "county", required: true);
                    CheckCounty(Get(m, "county"), started);
                    return step with { County = started };
                case DrillKinds.DispatchOrder:
                    KnowsEvent(Get(m, "kind"), ClockEvents.DispatchOrder);
                    var orderedBy = Text(m, "orderedBy", required: true);
                    if (orderedBy is not null and not ("county" or "city"))
                    {
                        Problem(Get(m, "orderedBy"), "orderedBy 应为 county（县级调拨，6小时）或 city（市级调拨，8小时）");
                    }

                    return step with { OrderedBy = orderedBy };
                case DrillKinds.CityRequest:
                    KnowsEvent(Get(m, "kind"), ClockEvents.CityRequest);
                    return step;
                case DrillKinds.OccurrenceTime:
                    var occurredAt = Offset(m, "occurredAt", required: true);
                    if (occurredAt is { } o && Offset(m, "at") is { } at && o > at)
                    {
                        Problem(Get(m, "occurredAt"), $"occurredAt {FormatOffset(o)} 晚于本条注入的时刻 {FormatOffset(at)}：核实的事发时间不会在核实之后");
                    }
                    else if (occurredAt is { } late && _reportedAt is { } reported && late > reported + AssessmentContract.ClockTolerance)
                    {
                        // The incident refuses it (事件不会在报告之后才发生, beyond the engine's clock tolerance): the script shows it, so validate says
                        // it, as it says any other time out of place; it passed and the run listed it among 脚本问题.
                        Problem(Get(m, "occurredAt"), $"occurredAt {FormatOffset(late)} 晚于首报到达值班室的时间 incident.reportedAt {FormatOffset(reported)}："
                                                      + "事件不会在报告之后才发生，运行时此注入不能记录");
                    }

                    return step with { OccurredAt = occurredAt };
                default:
                    return step;
            }
        }

        private DrillStep? Action(YamlMappingNode m, string kind)
        {
            string[] common = ["at", "kind", "by", "text"];
            Keys(m, kind switch
            {
                DrillKinds.FulfilDuty => [.. common, "duty", "county"],
                DrillKinds.FileReport => [.. common, "report", "figures", "conditions"],
                DrillKinds.DecideResponse => [.. common, "action", "level", "adjust", "delegatedByCommander", "reason"],
                DrillKinds.ChangeWarning => [.. common, "action", "colour", "warning", "provinceApproval", "conditionsAssessed", "reason"],
                DrillKinds.TerminateResponse => [.. common, "action", "reason", "conditionsConfirmed", "delegatedByCommander"],
                _ => [.. common, "event", "takenBy"],
            }, "行动");
            var by = Participant(m, "by", required: true);
            var step = Blank() with { By = by, Text = Text(m, "text", required: false) };
            switch (kind)
            {
                case DrillKinds.FulfilDuty:
                    var duty = Text(m, "duty", required: true);
                    CheckDuty(Get(m, "duty"), duty);
                    var dutyCounty = Text(m, "county", required: false);
                    CheckDutyCounty(Get(m, "county"), duty, dutyCounty);
                    return step with { Duty = duty, County = dutyCounty };
                case DrillKinds.FileReport:
                    var report = Text(m, "report", required: false) ?? "continuation";
                    if (report is not ("continuation" or "final"))
                    {
                        Problem(Get(m, "report"), "report 应为 continuation（续报）或 final（终报）");
                    }

                    Reads(Get(m, "conditions"), PlanReads.Conditions);
                    return step with { ReportKind = report, FiguresJson = Figures(Get(m, "figures")), ConditionsJson = Conditions(Get(m, "conditions")) };
                case DrillKinds.DecideResponse:
                    // adjust: true is the older spelling of action: adjust, kept for the scripts that use it.
                    var responseAction = Text(m, "action", required: false) ?? (Bool(m, "adjust") ? "adjust" : "activate");
                    if (responseAction is not ("activate" or "adjust" or "propose" or "decline"))
                    {
                        Problem(Get(m, "action"), "action 应为 activate（启动）、adjust（调整）、propose（提出启动建议）或 decline（不同意启动）");
                    }
                    else if (Bool(m, "adjust") && responseAction != "adjust")
                    {
                        Problem(Get(m, "adjust"), $"adjust: true 与 action: {responseAction} 矛盾：调整响应写 action: adjust");
                    }

                    // Decline answers the standing proposal: its level is the proposal's.
                    var level = Text(m, "level", required: responseAction != "decline");
                    if (level is not null)
                    {
                        CheckLevel(Get(m, "level"), level);
                    }

                    return step with
                    {
                        Level = level, ResponseAction = responseAction, DelegatedByCommander = Bool(m, "delegatedByCommander"),
                        Reason = Text(m, "reason", required: false) ?? "演练处置",
                    };
                case DrillKinds.ChangeWarning:
                    NoWarnings(Get(m, "kind"));
                    var action = Text(m, "action", required: true);
                    if (action is not null and not ("propose" or "issue" or "adjust" or "lift" or "reject"))
                    {
                        Problem(Get(m, "action"), "action 应为 propose、issue、adjust、lift 或 reject");
                    }

                    // A plan whose warnings have no colours (construction 3.2.2) proposes without one.
                    var colour = Text(m, "colour", required: action is "propose" or "adjust" && _plan is not { Warnings.Colours.Count: 0 });
                    if (colour is not null && _plan is { Warnings.Colours.Count: 0 })
                    {
                        // Construction 3.2.2: no colours at all, whatever the action. An issue with a colour was told that colours are given on a
                        // proposal or an adjustment, which read as if this plan had them (a drill facilitator's review, s54 F13).
                        NoColour(Get(m, "colour"), colour);
                    }
                    else if (colour is not null and not ("yellow" or "orange" or "red"))
                    {
                        Problem(Get(m, "colour"), "colour 应为 yellow、orange 或 red");
                    }
                    else if (colour is not null && action is "issue" or "lift" or "reject")
                    {
                        // The command refuses it too; said here, it is a mistake in the script, not a finding about the participants.
                        Problem(Get(m, "colour"), $"{action} 不带 colour：颜色只在提请（propose）或调整（adjust）时给出，{action} 针对 warning 所指的预警");
                    }

                    if (colour is "yellow" or "orange" or "red" && action is "propose" or "adjust" && _plan is not { Warnings.Colours.Count: 0 })
                    {
                        NoColour(Get(m, "colour"), colour);
                    }

                    int? warning = null;
                    if (Text(m, "warning", required: false) is { } w)
                    {
                        if (int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
                        {
                            warning = n;
                        }
                        else
                        {
                            Problem(Get(m, "warning"), "warning 应为预警序号（1 为第一条提出的预警）");
                        }
                    }

                    if (action is not null and not "lift" && Text(m, "conditionsAssessed", required: false) is not null)
                    {
                        Problem(Get(m, "conditionsAssessed"), $"action: {action} 不带 conditionsAssessed：解除条件的评估在解除预警（lift）时确认（4.6）");
                    }

                    return step with
                    {
                        WarningAction = action, Colour = colour, Warning = warning, ProvinceApproval = Text(m, "provinceApproval", required: false),
                        ConditionsAssessed = Text(m, "conditionsAssessed", required: false) is null ? null : Bool(m, "conditionsAssessed"),
                        Reason = Text(m, "reason", required: false) ?? "演练处置",
                    };
                case DrillKinds.TerminateResponse:
                    // N 2.2(2) 市安委办……提出……终止建议: the office's proposal to end, and the body that ends it declining it, as decide-response's propose.
                    var terminationAction = Text(m, "action", required: false) ?? "terminate";
                    if (terminationAction is not ("terminate" or "propose" or "decline"))
                    {
                        Problem(Get(m, "action"), "action 应为 terminate（终止响应）、propose（提出终止建议）或 decline（不同意终止）");
                    }
                    else if (terminationAction != "terminate" && Text(m, "conditionsConfirmed", required: false) is not null)
                    {
                        Problem(Get(m, "conditionsConfirmed"), $"action: {terminationAction} 不带 conditionsConfirmed：终止条件在终止响应（terminate）时确认");
                    }
                    else if (terminationAction != "terminate" && _plan is { } noProposal && noProposal.Response.Termination?.Proposal is null)
                    {
                        // Road 5.7 and construction 4.6 have no proposal to end a response: the incident refuses it, so validation says so at
                        // its line (it passed, and the run refused it: a drill facilitator's review, D9).
                        Problem(Get(m, "action"),
                            $"{noProposal.Metadata.Title}未规定提出终止应急响应的建议（action: {terminationAction}）：{noProposal.Response.EndedByItsStarter}");
                    }

                    return step with
                    {
                        TerminationAction = terminationAction,
                        Reason = Text(m, "reason", required: false) ?? "演练处置",
                        ConditionsConfirmed = Text(m, "conditionsConfirmed", required: false) is null ? null : Bool(m, "conditionsConfirmed"),
                        // C 4.3.2(2) 委托副指挥长, 4.6: the deputy ending the commander's level on his delegation (ADR 0003 #76), as the API takes it.
                        DelegatedByCommander = Bool(m, "delegatedByCommander"),
                    };
                default:
                    var ev = Text(m, "event", required: true);
                    if (ev is not null && ClockEvents.Find(ev) is null)
                    {
                        Problem(Get(m, "event"), $"未知事件节点 '{ev}'（可用：{string.Join(", ", ClockEvents.All.Select(k => k.Name))}）");
                    }
                    else if (ev is ClockEvents.CityRequest or ClockEvents.DispatchOrder)
                    {
                        Problem(Get(m, "event"), $"'{ev}' 由导调组注入（injects 中的 {ev}），不是参演人员的行动");
                    }
                    else if (ev is not null)
                    {
                        KnowsEvent(Get(m, "event"), ev);
                    }

                    // C 4.2: a handover names who took command on site; no other event names anyone.
                    var takenBy = Text(m, "takenBy", required: ev == ClockEvents.CommandHandover);
                    if (takenBy is not null && ev != ClockEvents.CommandHandover)
                    {
                        Problem(Get(m, "takenBy"), $"只有 command-handover（现场指挥权移交）才写接管者 takenBy");
                    }

                    return step with { Event = ev, TakenBy = takenBy };
            }
        }

        private List<DrillExpectation> ReadExpectations(YamlNode? node)
        {
            var result = new List<DrillExpectation>();
            foreach (var m in Mappings(node, "expectations 应为列表", "每项预期应为映射（id、kind…）"))
            {
                var id = Text(m, "id", required: true);
                var kind = Text(m, "kind", required: true);
                if (kind is not null && !DrillKinds.Expectations.Any(k => k.Kind == kind))
                {
                    Problem(Get(m, "kind"), $"未知的预期类型 '{kind}'（可用：{string.Join(", ", DrillKinds.Expectations.Select(k => k.Kind))}）");
                    continue;
                }

                string[] common = ["id", "kind", "text", "correctiveAction"];
                Keys(m, kind switch
                {
                    DrillKinds.LevelActivated => [.. common, "level", "by", "role"],
                    DrillKinds.DutyOnTime or DrillKinds.DutyMet => [.. common, "duty", "county"],
                    DrillKinds.GradeAt => [.. common, "grade", "at"],
                    DrillKinds.WarningIssued or DrillKinds.WarningLifted => [.. common, "colour", "by"],
                    DrillKinds.ResponseTerminated => [.. common, "by"],
                    _ => common,
                }, "预期");
                if (id is null || kind is null)
                {
                    continue;
                }

                if (result.Any(e => e.Id == id))
                {
                    Problem(Get(m, "id"), $"预期 id '{id}' 重复");
                }

                var e = new DrillExpectation
                {
                    Id = id, Line = Line(m), Kind = kind, Text = Text(m, "text", required: false),
                    CorrectiveAction = Text(m, "correctiveAction", required: false),
                };
                switch (kind)
                {
                    case DrillKinds.LevelActivated:
                        var level = Text(m, "level", required: true);
                        CheckLevel(Get(m, "level"), level);
                        var role = Text(m, "role", required: false);
                        if (role is not null && !RoleCatalogue.IsKnown(role))
                        {
                            Problem(Get(m, "role"), UnknownRole(role));
                        }

                        e = e with { Level = level, Role = role, By = Offset(m, "by", required: true) };
                        break;
                    case DrillKinds.DutyOnTime or DrillKinds.DutyMet:
                        var duty = Text(m, "duty", required: true);
                        CheckDuty(Get(m, "duty"), duty);
                        var county = Text(m, "county", required: false);
                        CheckDutyCounty(Get(m, "county"), duty, county);
                        e = e with { Duty = duty, County = county };
                        break;
                    case DrillKinds.GradeAt:
                        var grade = Text(m, "grade", required: true);
                        if (grade is not null && ParseGrade(grade) is null)
                        {
                            Problem(Get(m, "grade"), "grade 应为 一般、较大、重大、特别重大（或 ordinary、relatively-serious、serious、especially-serious）");
                        }

                        e = e with { Grade = grade, At = Offset(m, "at", required: true) };
                        break;
                    case DrillKinds.WarningIssued or DrillKinds.WarningLifted:
                        // Construction 3.2.2: its warnings have no colours, so the expectation names none and passes on any warning issued; it
                        // could not be written at all, with a colour or without (a drill facilitator's review, s54 F4). A lift (R 4.6, C 3.2.4)
                        // may leave the colour out where the warnings have colours too: any warning lifted by then passes (s54 F8).
                        var colourless = _plan is { Warnings.Colours.Count: 0 };
                        var colour = Text(m, "colour", required: !colourless && kind == DrillKinds.WarningIssued);
                        if (colour is not null && colourless)
                        {
                            NoColour(Get(m, "colour"), colour);
                        }
                        else if (colour is not null and not ("yellow" or "orange" or "red"))
                        {
                            Problem(Get(m, "colour"), "colour 应为 yellow、orange 或 red");
                        }
                        else if (!NoWarnings(Get(m, "kind")) && colour is not null)
                        {
                            NoColour(Get(m, "colour"), colour);
                        }

                        e = e with { Colour = colour, By = Offset(m, "by", required: true) };
                        break;
                    case DrillKinds.ResponseTerminated:
                        e = e with { By = Offset(m, "by", required: true) };
                        break;
                }

                result.Add(e);
            }

            return result;
        }

        private List<DrillObjective> ReadObjectives(YamlNode? node, List<DrillExpectation> expectations)
        {
            var result = new List<DrillObjective>();
            foreach (var m in Mappings(node, "objectives 应为列表", "每个演练目标应为映射（id、text、expectations）"))
            {
                Keys(m, ["id", "text", "expectations"], "演练目标");
                var id = Text(m, "id", required: true);
                var text = Text(m, "text", required: true);
                var ids = new List<string>();
                if (Get(m, "expectations") is YamlSequenceNode refs && refs.Children.Count > 0)
                {
                    foreach (var r in refs.Children)
                    {
                        var rid = (r as YamlScalarNode)?.Value;
                        if (rid is null || !expectations.Any(e => e.Id == rid))
                        {
                            Problem(r, $"演练目标引用了不存在的预期 '{rid}'");
                        }
                        else
                        {
                            ids.Add(rid);
                        }
                    }
                }
                else
                {
                    Problem(Get(m, "expectations") ?? m, "演练目标应列出判定它的预期 id（expectations）：目标是否达成由预期判定，不打分");
                }

                if (id is not null && result.Any(o => o.Id == id))
                {
                    Problem(Get(m, "id"), $"演练目标 id '{id}' 重复");
                }
                else if (id is not null && text is not null)
                {
                    result.Add(new DrillObjective(id, text, ids, Line(m)));
                }
            }

            return result;
        }

        private void CheckDuty(YamlNode? node, string? duty)
        {
            if (duty is null || _plan is null)
            {
                return;
            }

            var code = DutyNames.CodeOf(duty);
            if (!_plan.Obligations.Any(o => o.Code == code))
            {
                Problem(node, $"预案 '{_plan.Id}' 没有职责 '{code}'{NearestDuty(_plan, code)}（可用：{string.Join(", ", _plan.Obligations.Select(o => o.Code).Distinct().Order(StringComparer.Ordinal))}；"
                              + $"各职责由谁向谁报告、时限与预案条款：emergencyplans plans duties {_plan.Id}）");
            }
            else if (duty.Length > code.Length && DutyNumber().Match(duty[(code.Length + 1)..]) is not { Success: true })
            {
                // The incident keys a code's first duty by the code alone, later ones code#2, code#3… (Incident.KeyFor).
                Problem(node, $"职责键 '{duty}' 无效：同一职责第一次为 {code}，此后依次为 {code}#2、{code}#3……");
            }
        }

        /// <summary>A county of the city file, as the incident's and the figures' counties are checked.</summary>
        private void CheckCounty(YamlNode? node, string? county)
        {
            if (county is not null && !engine.Catalog.City.IsCounty(county))
            {
                Problem(node, $"未知县（市、区）'{county}'（可用：{string.Join("、", engine.Catalog.City.Counties.Select(c => c.Name))}）");
            }
        }

        /// <summary>
        /// The county a duty expectation or a fulfil-duty names: a county of the city, for a duty the plan owes once per county (N 5.6,
        /// <c>eachCounty</c>), named by its code (the keys are numbered in the order raised, which no script can know: s63 D63-01).
        /// </summary>
        private void CheckDutyCounty(YamlNode? node, string? duty, string? county)
        {
            if (county is null)
            {
                return;
            }

            CheckCounty(node, county);
            if (duty is null || _plan is null)
            {
                return;
            }

            var code = DutyNames.CodeOf(duty);
            var rules = _plan.Obligations.Where(o => o.Code == code).ToList();
            if (rules.Count == 0)
            {
                return;
            }

            if (rules.All(o => o.EachCounty is null))
            {
                var perCounty = _plan.Obligations.Where(o => o.EachCounty is not null).Select(o => o.Code).Distinct().ToList();
                Problem(node, $"职责 '{code}' 不按县（市、区）分别产生，不能给出 county（本预案按县（市、区）分别产生的职责："
                              + $"{(perCounty.Count == 0 ? "无" : string.Join(", ", perCounty))}）");
            }
            else if (code.Length < duty.Length)
            {
                Problem(node, $"county 与职责键 '{duty}' 不能同时给出：按县（市、区）时职责写代码 {code}，由 county 指明县（市、区）（{code}#n 依产生的先后编号，不对应某个县）");
            }
        }

        private void CheckLevel(YamlNode? node, string? level)
        {
            if (level is null)
            {
                return;
            }

            if (!Names.TryParseLevel(level, out var parsed))
            {
                // Offer the plan's own levels (construction and road have three: no IV), and the numeral meant by an Arabic one (level: 2 → II).
                var levels = _plan?.Response.Levels.Select(l => l.Level).OrderByDescending(l => l).Select(Names.Of).ToArray() ?? ["I", "II", "III", "IV"];
                var meant = level.Trim() switch
                {
                    "1" or "１" or "一" => "I",
                    "2" or "２" or "二" => "II",
                    "3" or "３" or "三" => "III",
                    "4" or "４" or "四" => "IV",
                    _ => null,
                };
                var offered = levels.Length == 1 ? levels[0] : $"{string.Join("、", levels[..^1])} 或 {levels[^1]}";
                Problem(node, Names.TryParseLevel(meant, out var numeral) && levels.Contains(meant)
                    ? $"level 应写罗马数字：{Names.Chinese(numeral)}响应写 {meant}（本预案可用：{offered}）"
                    : $"level 应为 {offered}");
            }
            else if (_plan is not null && _plan.Response.Find(parsed) is null)
            {
                Problem(node, $"预案 '{_plan.Id}' 没有 {Names.Chinese(parsed)}响应");
            }
        }

        private void Longest(YamlMappingNode m, string key, string? text, int max)
        {
            if (text is not null && text.Length > max)
            {
                Problem(Get(m, key), $"{key} 过长：{text.Length} 个字符，最多 {max} 个");
            }
        }

        /// <summary>Whether the plan's criteria read <paramref name="input"/>; a problem on <paramref name="node"/> when they do not.</summary>
        private void Reads(YamlNode? node, (string Input, string What) input)
        {
            if (node is not null && _plan is not null && !_plan.Reads.Contains(input.Input))
            {
                Problem(node, $"预案 '{_plan.Id}' 不研判{input.What}（其分级、响应和预警条件不读取 {input.Input}）：写入也不会改变事件");
            }
        }

        /// <summary>
        /// Whether the plan takes <paramref name="name"/> as the incident does (<see cref="ClockEvents.AppliesTo"/>): a duty it starts, a cadence
        /// it changes, a duty it ends, or the command on site it hands over. Its own copy of that rule let a road script's command-handover
        /// pass validation and be refused when the drill ran (a drill facilitator's review, D8).
        /// </summary>
        private void KnowsEvent(YamlNode? node, string name)
        {
            if (_plan is null || ClockEvents.Find(name) is not { } kind || ClockEvents.AppliesTo(_plan, kind))
            {
                return;
            }

            Problem(node, kind.Name == ClockEvents.CommandHandover
                ? $"预案 '{_plan.Id}' 未规定施工单位等先期指挥者向上级指挥部移交现场指挥权：事件节点 '{name}' 对本预案无意义（仅建设工程事故预案 4.2）"
                : $"预案 '{_plan.Id}' 没有以“{kind.Label}”起算或加密的职责：事件节点 '{name}' 对本预案无意义");
        }

        /// <summary>True, with a problem, when the plan sets no warnings.</summary>
        private bool NoWarnings(YamlNode? node)
        {
            if (_plan is { Warnings: null })
            {
                Problem(node, $"预案 '{_plan.Id}' 没有预警（只有道路交通安全预案和建设工程事故预案设预警）");
                return true;
            }

            return false;
        }

        private void NoColour(YamlNode? node, string colour)
        {
            if (_plan is { Warnings: { } w } && !w.Colours.Any(c => Names.Of(c.Colour) == colour))
            {
                Problem(node, w.Colours.Count == 0
                    ? $"预案 '{_plan.Id}' 的预警不分颜色、不设级别（由指挥部根据危险程度研判发布）：不能给出 colour '{colour}'"
                    : $"预案 '{_plan.Id}' 没有{DrillKinds.WarningName(colour)}（可用：{string.Join(", ", w.Colours.Select(c => Names.Of(c.Colour)))}）");
            }
        }

        public static Grade? ParseGrade(string text) => text switch
        {
            "一般" or "ordinary" => Core.Domain.Grade.Ordinary,
            "较大" or "relatively-serious" => Core.Domain.Grade.RelativelySerious,
            "重大" or "serious" => Core.Domain.Grade.Serious,
            "特别重大" or "especially-serious" => Core.Domain.Grade.EspeciallySerious,
            _ => null,
        };

        private string? Figures(YamlNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not YamlMappingNode m)
            {
                Problem(node, "figures 应为映射（如 deaths: 2）");
                return null;
            }

            if (Json(m, "figures") is not { } json)
            {
                return null;
            }

            json = ChineseGrade(json);
            FiguresDto dto;
            try
            {
                dto = JsonSerializer.Deserialize<FiguresDto>(json)!;
            }
            catch (JsonException e)
            {
                Problem(node, "figures：" + e.Message);
                return null;
            }

            var result = (_figures ??= new AssessmentRequestValidator.FiguresValidator(engine.Catalog.City, _ => _plan?.FigureLabels ?? FigureLabels.None)).Validate(dto);
            foreach (var error in result.Errors)
            {
                var name = error.PropertyName.Split('.', '[')[0];
                var at = m.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == name).Key ?? node;
                // The script takes the grade as grade-at does, in Chinese too; the API's validator names its codes alone.
                Problem(at, $"figures.{error.PropertyName}：{error.ErrorMessage}" + (name == DeclaredGrade ? "（或 一般、较大、重大、特别重大）" : ""));
            }

            return json;
        }

        private const string DeclaredGrade = "declaredGrade";

        /// <summary>
        /// <c>declaredGrade: 重大</c> as the API's code (serious), as <c>grade-at</c> takes 一般、较大、重大、特别重大: the API takes only the codes, and a
        /// Chinese facilitator's script was refused with the English codes alone (N 4.1.3/4.1.5 need the declared grade).
        /// </summary>
        private static string ChineseGrade(string json)
        {
            if (!json.Contains(DeclaredGrade, StringComparison.Ordinal) || System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject figures
                || figures[DeclaredGrade] is not System.Text.Json.Nodes.JsonValue value || !value.TryGetValue<string>(out var text)
                || text.Any(char.IsAscii) || ParseGrade(text) is not { } grade)
            {
                return json;
            }

            figures[DeclaredGrade] = Names.Of(grade);
            return figures.ToJsonString();
        }

        private string? Conditions(YamlNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not YamlMappingNode m)
            {
                Problem(node, "conditions 应为映射（如 visibilityMetres: 50）");
                return null;
            }

            if (Json(m, "conditions") is not { } json)
            {
                return null;
            }

            ConditionsDto dto;
            try
            {
                dto = JsonSerializer.Deserialize<ConditionsDto>(json, Web)!;
            }
            catch (JsonException e)
            {
                Problem(node, "conditions：" + e.Message);
                return null;
            }

            foreach (var child in m.Children.Keys.OfType<YamlScalarNode>().Where(k => !ConditionNames.Contains(k.Value!)))
            {
                Problem(child, $"conditions 中未知的项 '{child.Value}'（可用：{string.Join(", ", ConditionNames)}）");
            }

            var result = (_conditions ??= new AssessmentRequestValidator.ConditionsValidator()).Validate(dto);
            foreach (var error in result.Errors)
            {
                Problem(node, $"conditions.{error.PropertyName}：{error.ErrorMessage}");
            }

            return json;
        }

        private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

        private static readonly List<string> ConditionNames = [.. typeof(ConditionsDto).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

        // Built once per script: building a validator compiles its rules' expressions, which cost more than a step's check.
        private AssessmentRequestValidator.FiguresValidator? _figures;
        private AssessmentRequestValidator.ConditionsValidator? _conditions;

        /// <summary>
        /// The most nodes one figures or conditions mapping may hold, counted as written out. A script needs a few dozen; an alias is
        /// written out wherever it is used, so a few lines of anchors each repeating the one before ("billion laughs") would write
        /// 10^12 nodes: 3.7 KB of script kept the validator busy for good, and over REST a core and the service's memory with it.
        /// </summary>
        private const int MaxJsonNodes = 1_000;

        /// <summary>Longest drill title, in characters: a line of the report's heading.</summary>
        private const int MaxTitleLength = 200;

        /// <summary>Longest scope (演练范围), in characters: a paragraph of 演练概况.</summary>
        private const int MaxScopeLength = 2_000;

        /// <summary>
        /// The YAML mapping as JSON: plain scalars that read as numbers or booleans become those, the rest strings. Null, with a
        /// problem on its line, when a key is not a name (a stray "{…}" in a flow mapping makes a mapping a key) or the mapping
        /// holds more than <see cref="MaxJsonNodes"/> nodes.
        /// </summary>
        private string? Json(YamlMappingNode mapping, string what)
        {
            var sb = new StringBuilder();
            var written = 0;
            return Write(mapping) ? sb.ToString() : null;

            bool Write(YamlNode node)
            {
                if (++written > MaxJsonNodes)
                {
                    // Said where the mapping is: the node that went over may be an anchor's, anywhere in the script.
                    Problem(mapping, $"{what} 内容过多（超过 {MaxJsonNodes} 项，别名 * 每用一次都按展开后的内容计）");
                    return false;
                }

                switch (node)
                {
                    case YamlMappingNode m:
                        sb.Append('{');
                        var first = true;
                        foreach (var (k, v) in m.Children)
                        {
                            if (k is not YamlScalarNode key)
                            {
                                Problem(k, $"{what} 中的键应为名称（如 deaths），不能是列表或映射：检查多余的 {{ }} 或 [ ]");
                                return false;
                            }

                            if (!first)
                            {
                                sb.Append(',');
                            }

                            first = false;
                            sb.Append(JsonSerializer.Serialize(key.Value ?? "")).Append(':');
                            if (!Write(v))
                            {
                                return false;
                            }
                        }

                        sb.Append('}');
                        return true;
                    case YamlSequenceNode s:
                        sb.Append('[');
                        for (var i = 0; i < s.Children.Count; i++)
                        {
                            if (i > 0)
                            {
                                sb.Append(',');
                            }

                            if (!Write(s.Children[i]))
                            {
                                return false;
                            }
                        }

                        sb.Append(']');
                        return true;
                    case YamlScalarNode { Style: ScalarStyle.Plain } p when p.Value is "null" or "~" or "" or null:
                        sb.Append("null");
                        return true;
                    case YamlScalarNode { Style: ScalarStyle.Plain } p when p.Value is "true" or "false":
                        sb.Append(p.Value);
                        return true;
                    case YamlScalarNode { Style: ScalarStyle.Plain } p when decimal.TryParse(p.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _):
                        sb.Append(p.Value);
                        return true;
                    case YamlScalarNode p:
                        sb.Append(JsonSerializer.Serialize(p.Value));
                        return true;
                    default:
                        sb.Append("null");
                        return true;
                }
            }
        }

        private static DrillStep Blank() => new() { Source = DrillStepSource.Inject, Line = 0, Order = 0, At = TimeSpan.Zero, Kind = "" };

        private YamlNode? Missing(YamlMappingNode m, string key)
        {
            Problem(m, $"缺少 {key}");
            return null;
        }

        private static YamlNode? Get(YamlMappingNode m, string key) =>
            m.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == key).Value;

        private void Keys(YamlMappingNode m, IReadOnlyList<string> allowed, string what)
        {
            foreach (var key in m.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name))
                {
                    Problem(key, $"{what}中未知的键 '{name}'（可用：{string.Join(", ", allowed)}）");
                }
            }
        }

        private string? Text(YamlMappingNode m, string key, bool required)
        {
            var node = Get(m, key);
            if (node is null || (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" }))
            {
                if (required)
                {
                    Problem(node ?? m, $"缺少 {key}");
                }

                return null;
            }

            if (node is not YamlScalarNode s)
            {
                Problem(node, $"{key} 应为一个值，不是列表或映射");
                return null;
            }

            // Quoted blanks (' ') are not "missing" to YAML, but nothing a command takes: a report's summary of one stopped the run.
            if (string.IsNullOrWhiteSpace(s.Value))
            {
                Problem(node, $"{key} 不能为空白：删去此项，或写上内容");
                return null;
            }

            return s.Value;
        }

        private bool Bool(YamlMappingNode m, string key)
        {
            var text = Text(m, key, required: false);
            if (text is null)
            {
                return false;
            }

            if (text is not ("true" or "false"))
            {
                Problem(Get(m, key), $"{key} 应为 true 或 false");
            }

            return text == "true";
        }

        private TimeSpan? Offset(YamlMappingNode m, string key, bool required = false)
        {
            var text = Text(m, key, required);
            if (text is null)
            {
                return null;
            }

            var offset = ParseOffset(text);
            if (offset is null && text.IndexOfAny(ChineseQuotes) >= 0)
            {
                // Quotes typed in Chinese mode (“00:20”) are part of the value, not YAML's quotes (s60 F3).
                Problem(Get(m, key), $"{key} '{text}' 含中文引号“ ”：时刻应写在半角双引号中（英文输入法下输入），如 \"01:30\"");
            }
            else if (offset is null && text.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
            {
                Problem(Get(m, key), $"{key} '{text}' 含全角数字：时刻的数字和冒号应为半角（英文输入法下输入），如 \"01:30\"");
            }
            else if (offset is null)
            {
                Problem(Get(m, key), $"{key} '{text}' 应为开始后的时刻 HH:MM（如 \"01:30\"，可超过 24 小时）");
            }

            return offset;
        }

        private string? Participant(YamlMappingNode m, string key, bool required)
        {
            var id = Text(m, key, required);
            if (id is not null && !_participants.ContainsKey(id))
            {
                Problem(Get(m, key), $"未知参演人员 '{id}'（participants 中有：{string.Join(", ", _participants.Keys)}）");
            }

            return id;
        }
    }

    /// <summary>
    /// The YAML parser's message said for the facilitator who wrote the script: the common mistakes in Chinese, anything else as
    /// the parser put it.
    /// </summary>
    private static readonly char[] ChineseQuotes = ['“', '”', '‘', '’'];

    /// <summary>
    /// Punctuation typed in Chinese mode on the line YAML stopped at, said for what it is: a full-width colon after a key (<c>kind：fulfil-duty</c>),
    /// a full-width comma between the entries of braces (<c>{trapped: 3，injured: 1}</c>), Chinese quotes around a value. YAML reported them as
    /// 缩进不一致 and 缺少逗号, and a facilitator re-indented a line indented right (a drill facilitator's review, s60 F3). Null when none is
    /// there; full-width punctuation inside a text (<c>text: 消防救援：搜出3名遇难者，仍有1人被困</c>) is not named.
    /// </summary>
    private static string? FullWidthPunctuation(string yaml, int line)
    {
        var lines = yaml.Split('\n');
        if (line < 1 || line > lines.Length)
        {
            return null;
        }

        var text = lines[line - 1];
        var n = line.ToString(CultureInfo.InvariantCulture);
        if (FullWidthColonAfterKey().Match(text) is { Success: true } colon)
        {
            return $"第{n}行含全角冒号“：”（{colon.Groups[1].Value}：）：YAML 的键与值之间须用半角冒号加空格（英文输入法下输入），如 {colon.Groups[1].Value}: …";
        }

        if (FullWidthCommaBeforeKey().IsMatch(text))
        {
            return $"第{n}行含全角逗号“，”：花括号 {{ }} 或方括号 [ ] 中的各项须用半角逗号“,”分隔（英文输入法下输入）";
        }

        return text.IndexOfAny(ChineseQuotes) >= 0
            ? $"第{n}行含中文引号“ ”：YAML 的引号须为半角双引号 \" 或单引号 '（英文输入法下输入）"
            : null;
    }

    [GeneratedRegex(@"(?:^|[\s{,\[-])([A-Za-z][A-Za-z0-9]*)\s*：")]
    private static partial Regex FullWidthColonAfterKey();

    [GeneratedRegex(@"[{\[][^}\]]*，\s*[A-Za-z][A-Za-z0-9]*\s*[:：]")]
    private static partial Regex FullWidthCommaBeforeKey();

    private static string YamlInChinese(string message)
    {
        if (AnchorNotFound().Match(message) is { Success: true } anchor)
        {
            return $"别名 *{anchor.Groups[1].Value} 引用的锚点 &{anchor.Groups[1].Value} 不存在：先用 &{anchor.Groups[1].Value} 定义，再用 *{anchor.Groups[1].Value} 引用（锚点名区分大小写）";
        }

        if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            return $"键“{message["Duplicate key ".Length..].TrimEnd('.')}”重复出现：同一层每个键只能写一次";
        }

        foreach (var (english, chinese) in YamlMistakes)
        {
            if (message.Contains(english, StringComparison.OrdinalIgnoreCase))
            {
                return chinese;
            }
        }

        // Not one of the common mistakes: YamlDotNet's own words, after a Chinese lead.
        return "无法解析此处（解析器原文：" + message + "）";
    }

    /// <summary>
    /// The line of a parser's problem: a missing anchor is reported at the document's start, so its alias is looked up; a tab is on the
    /// line where the problem ends (the plain scalar before it starts a line above); a problem without a mark (YamlDotNet's "found invalid
    /// tab as indentation" carries none, and read as line 1) is where the scanner stopped.
    /// </summary>
    private static int YamlLine(YamlException e, string yaml, Scanner scanner)
    {

        if (AnchorNotFound().Match(e.Message) is { Success: true } m)
        {
            var alias = new Regex(@"(^|[\s\[{,:])\*" + Regex.Escape(m.Groups[1].Value) + @"(?![^\s\]},])", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Match(yaml);
            if (alias.Success)
            {
                return yaml.AsSpan(0, alias.Index + alias.Length).Count('\n') + 1;
            }
        }

        if (e.Start.Index == 0 && e.End.Index == 0 && scanner.CurrentPosition.Index > 0)
        {
            return (int)scanner.CurrentPosition.Line;
        }

        if (e.Message.Contains(" tab ", StringComparison.OrdinalIgnoreCase) && e.End.Line > e.Start.Line)
        {
            return (int)e.End.Line;
        }

        return (int)e.Start.Line;
    }

    /// <summary>Where and why YamlDotNet's scanner gave up without a mark: the innermost bracket still open, else where it stopped.</summary>
    private static (int Line, string Message) Unscannable(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var open = new Stack<YamlDotNet.Core.Tokens.Token>();
        try
        {
            while (scanner.MoveNext())
            {
                switch (scanner.Current)
                {
                    case YamlDotNet.Core.Tokens.FlowSequenceStart or YamlDotNet.Core.Tokens.FlowMappingStart:
                        open.Push(scanner.Current);
                        break;
                    case YamlDotNet.Core.Tokens.FlowSequenceEnd or YamlDotNet.Core.Tokens.FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // Expected: the same failure as the parser's.
        }

        return open.TryPeek(out var bracket)
            ? ((int)bracket.Start.Line, bracket is YamlDotNet.Core.Tokens.FlowSequenceStart
                ? "方括号 [ 没有闭合：在同一行末尾补上 ]，或检查其中的花括号 { } 是否成对"
                : "花括号 { 没有闭合：在同一行末尾补上 }")
            : ((int)scanner.CurrentPosition.Line, "无法解析此处：检查未闭合的括号或引号");
    }

    [GeneratedRegex("^(?:[2-9]|[1-9][0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DutyNumber();

    /// <summary>The inputs a plan may not read (<see cref="Plan.Reads"/>), with what they are in Chinese.</summary>
    private static class PlanReads
    {
        public static readonly (string Input, string What) Conditions = (Plan.ConditionsInput, "天气与道路条件");
        public static readonly (string Input, string What) Hazmat = ("hazmatRelease", "危险化学品泄漏");
        public static readonly (string Input, string What) Counties = ("disruptedCounties", "县（市、区）交通中断");
    }

    [GeneratedRegex("^The anchor '(.+)' does not exists?", RegexOptions.CultureInvariant)]
    private static partial Regex AnchorNotFound();

    private const string MisplacedColon = "冒号用错了地方：检查缩进是否与同级对齐；值里含有“: ”时给整个值加引号";

    // Matched without regard to case: the parser starts a message with "While …" or says "while …" inside one.
    private static readonly (string English, string Chinese)[] YamlMistakes =
    [
        ("Collections nested deeper than", $"嵌套超过 {GuardedYamlParser.MaxDepth} 层：演练脚本用不到这么深的结构，检查方括号 [ 与花括号 {{ 是否成对"),
        ("found a tab character", "缩进用了制表符（Tab）：YAML 只能用空格缩进"),
        ("invalid tab as indentation", "缩进用了制表符（Tab）：YAML 只能用空格缩进"),
        ("could not find expected ':'", "此处缺少冒号“:”：键后应写“: ”；也可能是上一行的引号或括号没有闭合"),
        ("found unknown escape character", "双引号里的反斜杠转义无效：含反斜杠的值改用单引号"),
        ("did not find expected alphabetic or numeric character", "& 或 * 后应紧跟锚点名；值以 & 或 * 开头时给整个值加引号"),
        ("found invalid mapping", MisplacedColon),
        ("mapping values are not allowed", MisplacedColon),
        ("while scanning a quoted scalar", "引号没有闭合"),
        ("found wrong indentation", "引号内的值跨行时，续行要比键缩进得更多；也可能是引号没有闭合"),
        ("did not find expected '-' indicator", "列表项应以“- ”开头，并与同级的列表项对齐"),
        ("did not find expected ',' or ']'", "方括号 [ ] 没有正确闭合，或其中缺少逗号"),
        ("did not find expected ',' or '}'", "花括号 { } 没有正确闭合，或其中缺少逗号"),
        ("did not find expected key", "缩进不一致：同一层的键应左对齐"),
        ("did not find expected node content", "此处缺少值：检查未闭合的 [ 或 {，或冒号后漏写的内容"),
        ("found character that cannot start any token", "值以不能打头的字符（如 @、`）开始：给整个值加引号"),
        ("found unexpected end of stream", "文件意外结束：检查未闭合的引号、方括号 [ 或花括号 {"),
    ];
}
