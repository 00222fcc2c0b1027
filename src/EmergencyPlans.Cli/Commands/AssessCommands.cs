using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>assess --plan P --at T --figure deaths=2 … --judgement exceedsCountyCapacity=true --judgement decidedBy=… …</c>: the decision card
/// for a report, in Chinese, for a facilitator without the service. The same AssessCommand the API sends, through the same validation.
/// </summary>
internal static class AssessCommands
{
    public static Command Create(Option<string?> plans)
    {
        var plan = new Option<string>("--plan") { Description = "预案：construction | road-traffic | natural-disaster", Required = true };
        var at = new Option<string?>("--at") { Description = "事发时间（ISO 8601，带时区，如 2026-03-01T08:00:00+08:00）；缺省为现在" };
        var figure = new Option<string[]>("--figure", "-f")
        {
            // The names themselves, not the class that holds them: a facilitator has the command line, not the code.
            Description = "数字，名称=值，可重复：deaths=2、missing=1、hazmatRelease=true、disruptedCounties=泽州县,陵川县；未知的写 unknown。可用名称："
                + string.Join("、", FigureCatalog.All.Select(f => $"{f.Name}（{f.Label}）")),
            AllowMultipleArgumentsPerToken = true,
        };
        var judgement = new Option<string[]>("--judgement", "-j")
        {
            // The contract's judgements (R6: a human decision, so whose it is must be said), as the API takes them in "judgements".
            Description = "研判（人的判断），名称=值，可重复：exceedsCountyCapacity=true、headquartersLevel=II、decidedBy=市指挥部、reason=…；"
                + "给出研判时须写 decidedBy（决定者）。判断项的值为 true 或 false，未知的写 unknown。可用判断项："
                + string.Join("、", JudgementCatalogue.All.Select(j => $"{j.Name}（{j.Label}）"))
                + $"；另有 {HeadquartersLevel}（指挥部认为需要启动的响应级别：I、II、III、IV）、{DecidedBy}（决定者）、{Reason}（理由）",
            AllowMultipleArgumentsPerToken = true,
        };
        var condition = new Option<string[]>("--condition", "-c")
        {
            // The road plan's observations (4.2–4.3), as the API takes them in "conditions": without them the card could never say a warning.
            Description = "道路交通预警的观测（道路交通预案 4.2–4.3），名称=值，可重复：visibilityMetres=40、visibilityCause=fog、townshipsAffected=4、weatherWarning=yellow；"
                + "visibilityCause 为 " + string.Join(" 或 ", Enum.GetValues<VisibilityCause>().Select(v => $"{Names.Of(v)}（{Names.Chinese(v)}）")) + "；未知的写 unknown。可用名称：" + string.Join("、", ConditionNames.All.Select(n => $"{n}（{ConditionNames.Label(n)}）")),
            AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<bool>("--json") { Description = "输出 API 的 JSON，而不是中文决策卡" };
        var command = new Command("assess", "按预案研判：事故等级、响应级别、报告时限、启动权限、预警") { plan, at, figure, judgement, condition, json };
        command.SetAction((result, ct) => AssessAsync(result.GetValue(plans), result.GetRequiredValue(plan), result.GetValue(at),
            result.GetValue(figure) ?? [], result.GetValue(judgement) ?? [], result.GetValue(condition) ?? [], result.GetValue(json), ct));
        return command;
    }

    private const string HeadquartersLevel = "headquartersLevel";
    private const string DecidedBy = "decidedBy";
    private const string Reason = "reason";

    /// <summary>
    /// The <c>名称=值</c> arguments of <paramref name="option"/>, split, in order; or the Chinese for the first that is not so written (with
    /// <paramref name="example"/>) or names what an earlier one named (<paramref name="once"/>: which of the two was meant is not ours to guess,
    /// as the API refuses a property named twice in one body).
    /// </summary>
    private static (List<(string Name, string Value)> Pairs, string? Error) Split(IReadOnlyList<string> pairs, string option, string example, string once)
    {
        var split = new List<(string Name, string Value)>(pairs.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return ([], $"{option} '{pair}' 应写成 名称=值，如 {example}");
            }

            var name = pair[..eq];
            if (!seen.Add(name))
            {
                return ([], $"{option} {name} 给了两次：{once}");
            }

            split.Add((name, pair[(eq + 1)..]));
        }

        return (split, null);
    }

    /// <summary>
    /// The judgements given as <c>名称=值</c>, as the API's <c>judgements</c> object: null when none was given; else the object, or the
    /// Chinese for what is wrong with one (not 名称=值, a name the contract does not have, given twice, a judgement neither true nor false).
    /// What the values say together (decidedBy with a judgement, the level one of I–IV, the lengths) is the API's validator's, as for a body.
    /// </summary>
    internal static (JudgementsDto? Judgements, string? Error) ReadJudgements(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0)
        {
            return (null, null);
        }

        var (split, error) = Split(pairs, "--judgement", "exceedsCountyCapacity=true", "每项研判只给一次");
        if (error is not null)
        {
            return (null, error);
        }

        var judgements = new JudgementsDto();
        foreach (var (name, value) in split)
        {
            switch (name)
            {
                case HeadquartersLevel:
                    judgements.HeadquartersLevel = value;
                    continue;
                case DecidedBy:
                    judgements.DecidedBy = value;
                    continue;
                case Reason:
                    judgements.Reason = value;
                    continue;
            }

            if (JudgementCatalogue.Find(name) is not { } definition)
            {
                return (null, $"--judgement 没有名为 '{name}' 的研判项。可用：{string.Join("、", JudgementCatalogue.All.Select(j => j.Name))}、{HeadquartersLevel}、{DecidedBy}、{Reason}");
            }

            if (value is not ("true" or "false" or "unknown" or "null"))
            {
                // As the API refuses a judgement that is not a JSON boolean: a judgement is made or not, and "yes" or "1" is not read as either.
                return (null, $"--judgement {name}（{definition.Label}）的值应为 true 或 false（未知的写 unknown），不是 '{value}'");
            }

            judgements.Set(definition.Judgement, value switch { "true" => true, "false" => false, _ => null });
        }

        return (judgements, null);
    }

    /// <summary>
    /// The conditions given as <c>名称=值</c>, as the API's <c>conditions</c> object: null when none was given; else the object, or the
    /// Chinese for what is wrong with one (not 名称=值, a name the contract does not have, given twice, a value of the wrong kind). The
    /// bounds (能见度 0–100000 米…) and the colour's spelling are the API's validator's, as for a body.
    /// </summary>
    internal static (ConditionsDto? Conditions, string? Error) ReadConditions(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0)
        {
            return (null, null);
        }

        var (split, error) = Split(pairs, "--condition", "visibilityMetres=40", "每项观测只给一次");
        if (error is not null)
        {
            return (null, error);
        }

        var conditions = new ConditionsDto();
        foreach (var (name, value) in split)
        {
            if (!ConditionNames.All.Contains(name))
            {
                return (null, $"--condition 没有名为 '{name}' 的观测。可用：{string.Join("、", ConditionNames.All)}");
            }

            var unknown = value is "unknown" or "null";
            decimal number = 0;
            var kind = name switch
            {
                ConditionNames.WeatherWarning or ConditionNames.VisibilityCause => null,
                ConditionNames.MainRoadSnowIce or ConditionNames.MainRoad => unknown || value is "true" or "false" ? null : "true 或 false",
                ConditionNames.WindForce or ConditionNames.TownshipsAffected => unknown || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "整数",
                _ => unknown || decimal.TryParse(value, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number) ? null : "数字",
            };
            if (kind is not null)
            {
                return (null, $"--condition {name}（{ConditionNames.Label(name)}）的值应为{kind}（未知的写 unknown），不是 '{value}'");
            }

            switch (name)
            {
                case ConditionNames.WeatherWarning: conditions.WeatherWarning = unknown ? null : value; break;
                case ConditionNames.VisibilityCause: conditions.VisibilityCause = unknown ? null : value; break;
                case ConditionNames.MainRoadSnowIce: conditions.MainRoadSnowIce = unknown ? null : value == "true"; break;
                case ConditionNames.MainRoad: conditions.MainRoad = unknown ? null : value == "true"; break;
                case ConditionNames.WindForce: conditions.WindForce = unknown ? null : int.Parse(value, CultureInfo.InvariantCulture); break;
                case ConditionNames.TownshipsAffected: conditions.TownshipsAffected = unknown ? null : int.Parse(value, CultureInfo.InvariantCulture); break;
                case ConditionNames.VisibilityMetres: conditions.VisibilityMetres = unknown ? null : number; break;
                default: conditions.MainRoadRepairHours = unknown ? null : number; break;
            }
        }

        return (conditions, null);
    }

    private static async Task<int> AssessAsync(
        string? plans, string plan, string? at, string[] figures, string[] judgementPairs, string[] conditionPairs, bool json, CancellationToken ct)
    {
        var (conditions, conditionError) = ReadConditions(conditionPairs);
        if (conditionError is not null)
        {
            await Console.Error.WriteLineAsync(conditionError).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var (judgements, judgementError) = ReadJudgements(judgementPairs);
        if (judgementError is not null)
        {
            await Console.Error.WriteLineAsync(judgementError).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var (figurePairs, figureError) = Split(figures, "--figure", "deaths=2", "每个数字只给一次");
        if (figureError is not null)
        {
            await Console.Error.WriteLineAsync(figureError).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var body = new JsonObject();
        foreach (var (name, value) in figurePairs)
        {

            var definition = FigureCatalog.All.FirstOrDefault(f => f.Name == name);
            body[name] = definition?.Kind == FigureKind.Counties
                ? new JsonArray([.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => (JsonNode)JsonValue.Create(c))])
                : value is "true" or "false" ? JsonValue.Create(value == "true")
                : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
                : value is "null" or "unknown" ? null
                : JsonValue.Create(value);
        }

        using var services = CliHost.Build(plans);
        var clock = services.GetRequiredService<TimeProvider>();
        var offset = CityTime.Offset;
        var request = new AssessmentRequest
        {
            Plan = plan,
            OccurredAt = at ?? clock.GetUtcNow().ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Figures = JsonSerializer.Deserialize<FiguresDto>(body.ToJsonString()),
            Judgements = judgements,
            Conditions = conditions,
        };
        AssessmentResponse card;
        try
        {
            card = await services.GetRequiredService<ISender>().Send(new AssessCommand(request), ct).ConfigureAwait(false);
        }
        catch (ValidationException e)
        {
            foreach (var error in e.Errors)
            {
                await Console.Error.WriteLineAsync($"{(string.IsNullOrEmpty(error.PropertyName) ? "" : error.PropertyName + "：")}{error.ErrorMessage}").ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }

        // The card names figures as the plan in force does (natural disaster: 失踪); the JSON keeps the contract's names.
        if (json)
        {
            await CommonOptions.WriteJsonAsync(card, ct, indented: true).ConfigureAwait(false);
        }
        else
        {
            Console.Out.Write(Card(card, services.GetRequiredService<Core.Assessment.DecisionEngine>().Resolve(card.Plan.Id, card.OccurredAt), offset));
        }

        return ExitCodes.Ok;
    }

    private static string Grade(string value) =>
        Enum.GetValues<Grade>().FirstOrDefault(g => Names.Of(g) == value) is var g && Names.Of(g) == value ? Names.Chinese(g) : value;

    private static string Level(string? value) => Names.TryParseLevel(value, out var level) ? Names.Chinese(level) : value ?? "";

    /// <summary>A repeat period (ISO 8601, as the contract gives it) as people say it: 每日, 每4小时.</summary>
    private static string Every(string iso) => XmlConvert.ToTimeSpan(iso) is var every && every == TimeSpan.FromDays(1) ? "每日" : "每" + Names.Chinese(every);

    /// <summary>A duty as the card says it: what is done and to whom, by when, how often, in the plan's words.</summary>
    // A duty owed outside the city command (R 5.1.1 获悉…的单位、公民 拨打122) says whose it is: the card listed it as the office's.
    private static string DutyLine(ObligationDto o) =>
        $"  {(o.OutsideCommand && o.Reporter is { Length: > 0 } who ? $"{who}（非市级应急指挥机构及其办公室的职责）：" : "")}{DutyWords.Of(o.To, o.Act, null, o.Words, o.Code, null).Brief}，{(o.DueAt is { } due ? CityTime.DayMinute(due) + " 前" : Names.ChineseTiming(o.Timing, o.Words))}{(o.Every is null ? "" : "，" + Every(o.Every))}——{o.Words}（{o.Clause}）";

    /// <summary>
    /// A decision to start a level (<c>headquartersLevel</c>) in the plan's words for who decides (N 5.2.1(5) 市安委会认为需要启动II级响应的其他情形;
    /// the natural-disaster plan has no 指挥部), else the contract's.
    /// </summary>
    private static string Decided(Core.Plans.Plan plan, string level) =>
        Names.TryParseLevel(level, out var l) && plan.DecisionRule(l) is { } rule ? $"{rule.Words}（{rule.Clause}）" : $"认为需要启动{Level(level)}响应";

    private static string Card(AssessmentResponse a, Core.Plans.Plan plan, TimeSpan offset)
    {
        var lines = new List<string>
        {
            $"【决策卡】{a.Plan.Title}（{a.Plan.DocumentNumber}）",
            $"事发时间：{CityTime.Minute(a.OccurredAt)}",
        };
        if (a.Judgements is { } judgements)
        {
            // A judgement is a person's decision (R6): the card says what was judged and by whom, so the level it raises is read with it.
            // Read from the card's judgements, as --json gives them, not from the request: one source for both.
            lines.Add($"研判（{judgements.DecidedBy}）：" + string.Join("；", judgements.Given
                .Select(j => $"{j.Label}：{(j.Value ? "是" : "否")}")
                .Concat(judgements.HeadquartersLevel is { } hq ? [Decided(plan, hq)] : [])
                .Concat(judgements.Reason is { } why ? [$"理由：{why}"] : [])));
        }

        if (a.Grade is { } g)
        {
            // With no figure reported that grades it, nothing is cited as met: 暂时无法判明 (R 5.1.1, C 4.1(二)), as the contract labels it.
            var unjudged = !g.Determined && !g.Declared && g.Because.Count == 0;
            lines.Add($"{plan.GradeTerm}：{g.Label}{(g.Determined ? "（已确定）" : $"（{(unjudged ? "定级所需数字均未知" : "未确定")}，最高可能 {Grade(g.UpTo)}；按 {Grade(g.ForReporting)} 报告）")}");
            lines.AddRange(g.Because.Select(r => $"  依据 {r.Clause}：{r.Words}"));
        }

        var r = a.Response;
        // Below every level only on the figures known: with some unknown it is not settled (N 5.4.1 with 3 dead and the rest unknown
        // read "未达到启动条件" as if it were, while the API said determined false, up to Ⅰ).
        var none = r.Level is null && !r.Determined && r.UpTo is not null ? $"暂未达到启动条件（数字不全，最高可能 {Level(r.UpTo)}）" : "未达到启动条件";
        lines.Add($"响应级别：{r.Label ?? none}{(r.Level is null ? "" : r.Determined ? "（已确定）" : $"（未确定，最高可能 {Level(r.UpTo)}）")}");
        lines.AddRange(r.Because.Select(b => $"  依据 {b.Clause}：{b.Words}{(b.Note is null ? "" : $"（{b.Note}）")}"));
        if (r.NoResponse is { } noResponse)
        {
            lines.Add($"  {(r.Determined ? "" : "按已知数字")}未达到 {noResponse.Clause} 所列任一情形：{noResponse.Words}");
        }

        if (r.ActivatedBy is { } auth)
        {
            lines.Add($"启动权限：{auth.Authority}（{auth.Clause}）");
        }

        lines.Add($"终止：{r.TerminatedBy.Words}（{r.TerminatedBy.Clause}）");
        if (a.Warning is { } w)
        {
            lines.Add($"预警：{(Names.TryParseColour(w.Colour, out var colour) ? Names.Chinese(colour) : w.Colour)}预警，由 {w.ApprovedBy} 批准、{w.IssuedBy} 发布（{w.Approval.Clause}）");
        }

        if (a.WarningsIfKnown.Count > 0)
        {
            // Road 4.3: the observations reported meet a higher warning as far as they go; the rest are not reported.
            lines.Add("尚不能判断的预警（条件未报全）：");
            lines.AddRange(a.WarningsIfKnown.Select(w => "  " + w.Text));
        }

        if (a.Obligations.Count > 0)
        {
            // Each duty as a person reads it (DutyWords): what is done and to whom, by when, and the plan's words for it. Plan files give
            // duties codes, not Chinese names; the code stays in --json only, where a machine reads it. A report starts only duties whose
            // clock runs from the occurrence or its receipt, never a delivery (接到调拨指令后), so no start is needed to say them.
            lines.Add("应履行的职责：");
            lines.AddRange(a.Obligations.Select(DutyLine));
        }

        // The natural-disaster grade question is said by its own line below, with every duty a declaration would add, at any level.
        foreach (var open in a.JudgementsToConsider.Where(j => j.Judgement != DeclaredGradeTexts.Judgement))
        {
            // C 4.1 较大涉险事故: the plan does not define it, so people 涉险、被困、失联 are a question for the office, with what a "yes" brings.
            lines.Add($"待研判：是否属{open.Label}（{open.Because.Clause}）——已报{string.Join("、", open.Figures.Select(plan.FigureLabels.Of))}共{open.Reported.ToString(CultureInfo.InvariantCulture)}人；若属，另须：");
            lines.AddRange(open.WouldAdd.Select(DutyLine));
        }

        if (a.IfDeclaredSerious.Count > 0)
        {
            lines.Add(DeclaredGradeTexts.Heading(plan.GradeTerm));
            lines.AddRange(a.IfDeclaredSerious.Select(DutyLine));
        }

        if (a.NearestThresholds.Count > 0)
        {
            lines.Add("临近阈值：");
            lines.AddRange(a.NearestThresholds.Select(t => "  " + t.Text));
        }

        // Apart: 被困 and 涉险 raise the response level, not the 事故等级 (C 4.3.x(1)②), and the card said 可能提高等级 of them under a settled grade.
        if (a.UnknownsThatCouldRaiseGrade.Count > 0)
        {
            lines.Add($"未知且可能提高{plan.GradeTerm}的数字或情况：" + UnknownTexts.Named(a.UnknownsThatCouldRaiseGrade, plan));
        }

        if (a.UnknownsThatCouldRaiseLevel.Count > 0)
        {
            lines.Add("未知且可能提高响应级别的数字或情况：" + UnknownTexts.Named(a.UnknownsThatCouldRaiseLevel, plan));
        }

        if (a.RaiseSuggestions.Count > 0)
        {
            // C 4.4, N 5.5: judgements under which the level may be raised; a suggestion for whoever decides, never a level.
            lines.Add("可视情提高响应级别（建议，由有权者决定）：");
            lines.AddRange(a.RaiseSuggestions.Select(x => "  " + x.Text));
        }

        if (a.Preparation is { } preparation)
        {
            // N 3 灾害救助准备: before any level, when 需要提前采取应对措施 is judged.
            lines.Add($"灾害救助准备（{preparation.Clause}，{preparation.By}视情采取）：");
            lines.AddRange(preparation.Measures.Select((m, i) => $"  {i + 1}. {m.Words}（{m.Clause}）"));
        }

        if (a.Command is { } command)
        {
            // R 2.6: disruption in more than one county; C 4.2: who commands on site until the authorities arrive.
            lines.Add(Said(CommandTexts.Command(command)));
        }

        if (a.OnSiteHeadquarters is { } onSite)
        {
            // R 2.4 at Ⅰ and Ⅱ: beside who commands across counties (2.6), who directly commands the handling on site.
            lines.Add(Said(CommandTexts.OnSiteHeadquarters(onSite)));
        }

        // R 1.4: another plan leads; this one is its supporting plan. Unreported, the card asks, as it says other unknowns.
        lines.AddRange(a.LeadPlans.Select(lead => Said(CommandTexts.LeadPlan(lead))));

        if (a.FiguresNotUsed.Count > 0)
        {
            // Kept with the report, but no rule of this plan reads them (road figures on a natural disaster): said, not dropped silently.
            lines.Add("已记录但本预案不据以判定：");
            lines.AddRange(a.FiguresNotUsed.Select(f => $"  {f.Label}——{f.Note}"));
        }

        if (a.WorkGroups.Count > 0)
        {
            lines.Add("工作组：" + string.Join("、", a.WorkGroups.Select(x => x.Name)));
        }

        if (a.Measures.Count > 0)
        {
            // The level's 响应措施 with the units that lead them, as the plan words them: taken as needed (视情、可采取), so shown, not
            // clocked. Where the level's list builds on another's (C 4.3.3(3)), the words that say so come first, then both lists.
            lines.Add("响应措施（视情采取，提示，不计时）：");
            if (Names.TryParseLevel(r.Level, out var level))
            {
                // The included list comes first (MeasuresAt), so its items are numbered 1…n and the level's own follow.
                foreach (var include in plan.Response.MeasureIncludes.Where(i => i.Level == level))
                {
                    var included = a.Measures.Count(m => m.Level == Names.Of(include.Includes));
                    lines.Add($"  依据 {include.Clause}“{include.Words}”：第1–{included}项为{Names.Chinese(include.Includes)}响应措施，第{included + 1}–{a.Measures.Count}项为{Names.Chinese(level)}响应另采取的措施");
                }
            }

            lines.AddRange(a.Measures.Select((m, i) =>
                $"  {i + 1}. {string.Join("、", m.Lead)}{(m.With.Count > 0 ? "（会同" + string.Join("、", m.With) + "）" : "")}：{m.Words}（{m.Clause}）"));
        }

        if (a.Publications.Count > 0)
        {
            // To the public, not a report: no deadline is kept, so they are listed as the plan words them.
            lines.Add("信息发布（向社会，提示，不计时）：");
            var numbers = a.Publications.Select((p, i) => (p.Code, Number: i + 1)).ToDictionary(x => x.Code, x => x.Number, StringComparer.Ordinal);
            lines.AddRange(a.Publications.Select((p, i) =>
                $"  {i + 1}. {p.By}：{Start(p)}{When(p)}{(DutyNames.TryParse(p.Until, out DutyEnd until) ? "，" + DutyNames.Label(until) : "")}——{p.Words}（{p.Clause}）"));

            // 接报后立即; with no time word in the words, 第1项发布后，时限（本预案未写明） (C 4.5 "随后发布初步核实情况…").
            static string When(PublicationDto p) => Names.ChineseTiming(p.Timing, p.Words) is var when && when == Names.UnstatedSaid ? "，" + when : when;

            string Start(PublicationDto p) => p.After is { } after
                ? (numbers.TryGetValue(after, out var n) ? $"第{n}项发布后" : "前一发布后")
                : DutyNames.TryParse(p.Start, out DutyStart start) ? DutyNames.Label(start) : p.Start;
        }

        return string.Join('\n', lines) + "\n";

        // A label and its text as the card writes them (CommandTexts: the drill report's overview says the same as rows).
        static string Said((string Label, string Text) line) => $"{line.Label}：{line.Text}";
    }
}
