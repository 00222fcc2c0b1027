using System.CommandLine;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>plans check DIR</c>: loads the plan files as the service does at start and prints every problem, in Chinese.
/// <c>plans duties PLAN</c>: each reporting duty of a plan by its code, as a drill script names it (<c>fulfil-duty</c>), with who does it, what
/// is done to whom and when, and the clause: the list a facilitator needs to write a script (exploratory review D4), in the words every
/// other text of the service says a duty in (<see cref="DutyWords.Said"/>).
/// <c>plans guide PLAN</c>: all a script for that plan may say (roles, levels and their deciders, clock events, warnings, duty codes).
/// </summary>
internal static class PlansCommands
{
    public static Command Create(Option<string?> plans)
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "预案文件目录（含 *.json 与 city.jincheng.json）" };
        var check = new Command("check", "校验预案文件，列出全部问题；有问题时退出码为 2") { dir };
        check.SetAction(result => Check(result.GetRequiredValue(dir)));

        var plan = new Argument<string>("PLAN") { Description = "预案：construction | road-traffic | natural-disaster" };
        var at = new Option<string?>("--at") { Description = "按此时刻施行的预案版本（ISO 8601，带时区）；缺省为现在" };
        var duties = new Command("duties", "列出预案的报告职责：职责代码（演练脚本 fulfil-duty 用）、由谁向谁报告、时限与预案条款") { plan, at };
        duties.SetAction(result => WithPlan(result.GetValue(plans), result.GetRequiredValue(plan), result.GetValue(at), Duties));
        var guide = new Command("guide", "演练脚本编写参考：本预案的参演角色、各级响应的决定者与建议者、事件节点、预警、报告职责代码") { plan, at };
        guide.SetAction(result => WithPlan(result.GetValue(plans), result.GetRequiredValue(plan), result.GetValue(at), Guide));
        return new Command("plans", "预案文件") { check, duties, guide };
    }

    /// <summary>Runs <paramref name="write"/> on the version of plan <paramref name="planId"/> in force at <paramref name="at"/> (now when null).</summary>
    private static int WithPlan(string? plansDirectory, string planId, string? at, Action<Plan> write)
    {
        using var services = CliHost.Build(plansDirectory);
        var catalog = services.GetRequiredService<DecisionEngine>().Catalog;
        var when = at is null ? services.GetRequiredService<TimeProvider>().GetUtcNow() : AssessmentContract.ParseOccurredAt(at);
        if (when is null)
        {
            Console.Error.WriteLine($"--at '{at}' 不是带时区的 ISO 8601 时间，如 2026-03-01T08:00:00+08:00");
            return ExitCodes.InvalidInput;
        }

        if (!catalog.PlanIds.Contains(planId, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"没有预案 '{planId}'，可用：{string.Join("、", catalog.PlanIds.Order(StringComparer.Ordinal))}");
            return ExitCodes.InvalidInput;
        }

        if (catalog.Resolve(planId, when.Value) is not { } resolved)
        {
            Console.Error.WriteLine($"预案 '{planId}' 在 {when.Value.ToOffset(CityTime.Offset):yyyy-MM-dd HH:mm} 没有施行中的版本");
            return ExitCodes.InvalidInput;
        }

        write(resolved);
        return ExitCodes.Ok;
    }

    private static void Duties(Plan plan)
    {
        var lines = DutyLines(plan, "");
        Console.Out.WriteLine($"{plan.Metadata.Title}（{plan.Metadata.DocumentNumber}）的报告职责，{Counted(plan, lines)}：");
        lines.ForEach(Console.Out.WriteLine);
    }

    /// <summary>
    /// Each duty of <paramref name="plan"/> once: who does what to whom, when, and the clause; a code whose rules differ (the daily and the
    /// 4-hourly 续报) has a line for each.
    /// </summary>
    private static List<string> DutyLines(Plan plan, string indent)
    {
        var said = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var rule in plan.Obligations)
        {
            var line = $"{indent}{rule.Code}\t{rule.Reporter}：{DutyWords.Said(rule)}（{rule.Clause}）";
            if (said.Add(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>
    /// How many lines follow and how many codes they have (共 24 项，21 个职责代码): the count was of codes alone, and a facilitator counting
    /// the lines thought some were missing (a drill facilitator's review, session 60, F10).
    /// </summary>
    private static string Counted(Plan plan, List<string> lines)
    {
        var codes = plan.Obligations.Select(o => o.Code).Distinct().Count();
        return codes == lines.Count ? $"共 {codes} 项" : $"共 {lines.Count} 项，{codes} 个职责代码";
    }

    /// <summary>
    /// What a facilitator needs to write a script for <paramref name="plan"/>, from the plan file the drill runs on (a drill facilitator's review,
    /// D14: the duty codes, the clock events each plan takes, that <c>level</c> takes the plan's own Ⅳ, that the natural-disaster plan has no
    /// verification on request were spread over docs/drills.md or only in validation's messages): the roles a participant may take and what
    /// each may do, each level with who decides it and who proposes it, how a response ends, the clock events the plan takes (and those it
    /// does not), its warnings, and its duty codes.
    /// </summary>
    private static void Guide(Plan plan)
    {
        Console.Out.WriteLine($"{plan.Metadata.Title}（{plan.Metadata.DocumentNumber}）：演练脚本编写参考（格式见 docs/drills.md）");

        Console.Out.WriteLine("\n一、参演角色（participants 的 role）");
        foreach (var id in DrillScriptReader.ParticipantRoles)
        {
            var role = RoleCatalogue.Find(id)!;
            var can = new List<string>();
            if (role.Can(RoleCapabilities.Report))
            {
                can.Add("报告（file-report）、记录事件节点（record-clock-event）");
            }

            if (role.Can(RoleCapabilities.Fulfil))
            {
                can.Add("履行职责（fulfil-duty）");
            }

            if (role.Can(RoleCapabilities.Decide))
            {
                can.Add("决定响应（decide-response、terminate-response，以本预案赋予的权限为限）");
            }

            if (role.Can(RoleCapabilities.Warn) && plan.Warnings is not null)
            {
                can.Add("预警（change-warning，以本预案的审批权限为限）");
            }

            Console.Out.WriteLine($"  {id}\t{plan.RoleNames.Of(id)}：{(can.Count == 0 ? "只观察，不参与处置（任何行动记为越权（未执行））" : string.Join("；", can))}");
        }

        Console.Out.WriteLine($"\n二、响应级别（decide-response 的 level：{string.Join("、", plan.Response.Levels.Select(l => Names.Of(l.Level)))}，亦可写作 {string.Join("、", plan.Response.Levels.Select(l => Names.Chinese(l.Level).TrimEnd('级')))}）");
        foreach (var level in plan.Response.Levels)
        {
            var proposed = plan.Response.Proposal is { } p && p.Levels.TryGetValue(level.Level, out var proposal)
                ? $"；由{string.Join("、", p.By.Select(plan.RoleNames.Of))}提出启动建议（action: propose，{proposal.Clause}）"
                  // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定": who carries the proposal to the decider, a duty of its own (review s61, ND-05).
                  + (plan.ProposalRelay(level.Level) is { } relay
                      ? $"，{relay.Reporter}{relay.Act ?? $"向{relay.To}报告"}（职责 {relay.Code}，{relay.Clause}；{relay.To}决定或不同意启动即履行，也可由{relay.Reporter}记录已报）"
                      : "")
                : "";
            Console.Out.WriteLine($"  {Names.Chinese(level.Level)}：{level.Authority}（{level.Clause}）{proposed}");
        }

        Console.Out.WriteLine(plan.Response.Termination?.Proposal is { } ending
            ? $"  终止（terminate-response）：{string.Join("、", ending.By.Select(plan.RoleNames.Of))}先提出终止建议（action: propose，{ending.Clause}），由有权终止者终止（terminate）或不同意（decline）；{plan.Response.EndedByItsStarter}"
            : $"  终止（terminate-response）：{plan.Response.EndedByItsStarter}；本预案未规定提出终止建议（不可写 action: propose 或 decline）");

        var injects = DrillScriptReader.InjectKindsFor(plan);
        var asInjects = injects.Where(k => k.Kind is DrillKinds.CityRequest or DrillKinds.DispatchOrder).Select(k => k.Kind).ToList();
        Console.Out.WriteLine($"\n三、事件节点（record-clock-event 的 event{(asInjects.Count == 0 ? "" : $"；{string.Join("、", asInjects)} 也可作为导调组注入")}）");
        var applies = ClockEvents.All.ToLookup(k => ClockEvents.AppliesTo(plan, k));
        var not = applies[false].ToList();
        foreach (var kind in applies[true])
        {
            Console.Out.WriteLine($"  {kind.Name}\t{kind.Label}{(kind.Capability == RoleCapabilities.Decide ? "（须有决定权限的角色记录）" : "")}");
        }

        if (not.Count > 0)
        {
            Console.Out.WriteLine($"  本预案不适用（脚本中写入即为问题）：{string.Join("、", not.Select(k => $"{k.Name}（{k.Label}）"))}");
        }

        Console.Out.WriteLine("\n四、预警（change-warning、预期 warning-issued）");
        if (plan.Warnings is not { } warnings)
        {
            Console.Out.WriteLine("  本预案不设预警");
        }
        else if (warnings.Colours.Count == 0)
        {
            Console.Out.WriteLine("  本预案的预警不分颜色（提请时不写 colour）");
        }
        else
        {
            foreach (var colour in warnings.Colours)
            {
                Console.Out.WriteLine($"  {Names.Of(colour.Colour)}\t{Names.Chinese(colour.Colour)}预警：由{colour.ApprovedBy}批准（{colour.ApprovalClause}），{colour.IssuedBy}发布");
            }
        }

        var duties = DutyLines(plan, "  ");
        Console.Out.WriteLine($"\n五、报告职责（fulfil-duty 的 duty；同一职责第二次起写作 code#2、code#3……），{Counted(plan, duties)}");
        duties.ForEach(Console.Out.WriteLine);
        // N 5.6: one instance per county, keyed in the order raised (a raise re-raises them), so a script names the county (s63 D63-14).
        var perCounty = plan.Obligations.Where(o => o.EachCounty is not null).DistinctBy(o => o.Code).ToList();
        if (perCounty.Count > 0)
        {
            Console.Out.WriteLine("  按县（市、区）分别计的职责（预期 duty-met、duty-on-time 和 fulfil-duty 写 county: 县名，不写 #n：#2、#3 依产生先后编号，不对应某个县）：");
            foreach (var o in perCounty)
            {
                Console.Out.WriteLine($"    {o.Code}	每个{(o.EachCounty == CountyLists.ResponseActivated ? "已启动县级响应的县（市、区）（figures 的 countiesResponseActivated、countyResponseActivated，或注入 county-response-activated）" : "所涉及县（市、区）（事发地县，及 figures 的 affectedCounties）")}各一项（{o.Clause}）");
            }
        }

        Console.Out.WriteLine($"\n六、导调组注入（injects 的 kind，本预案可用）：{string.Join("、", injects.Select(k => $"{k.Kind}（{k.Label}）"))}");
    }

    /// <summary>
    /// Each problem as its editors read it: <c>file: rule: Chinese</c> (the exception's English message is for the service
    /// log). Every command that loads plans prints them so.
    /// </summary>
    public static IEnumerable<string> Lines(PlanValidationException e) => e.Problems.Select(p => $"{p.File}: {p.Rule}: {p.Chinese}");

    private static int Check(DirectoryInfo dir)
    {
        if (!dir.Exists)
        {
            Console.Error.WriteLine($"找不到目录：{dir.FullName}");
            return ExitCodes.NoInput;
        }

        try
        {
            var catalog = PlanLoader.LoadDirectory(dir.FullName);
            foreach (var plan in catalog.Plans.OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Metadata.ValidFrom))
            {
                Console.Out.WriteLine($"{plan.Id}\t{plan.Metadata.DocumentNumber}\t{plan.Metadata.Title}：{plan.Response.Levels.Count} 级响应，{plan.Obligations.Count} 项职责，{plan.Response.Rules.Count + (plan.Grade?.Rules.Count ?? 0)} 条分级规则");
            }

            Console.Out.WriteLine($"预案文件有效：{catalog.Plans.Count} 个预案版本，{catalog.City.Counties.Count} 个县（市、区）");
            return ExitCodes.Ok;
        }
        catch (PlanValidationException e)
        {
            foreach (var line in Lines(e))
            {
                Console.Out.WriteLine(line);
            }

            Console.Error.WriteLine($"预案文件有 {e.Problems.Count} 个问题");
            return ExitCodes.InvalidInput;
        }
    }
}
