using System.CommandLine;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>plans check DIR</c>: loads the plan files as the service does at start and prints every problem, in Chinese.
/// <c>plans duties PLAN</c>: each reporting duty of a plan by its code, as a drill script names it (<c>fulfil-duty</c>), with who does it, what
/// is done to whom and when, and the clause: the list a facilitator needs to write a script (exploratory review D4), in the words every
/// other text of the service says a duty in (<see cref="DutyWords.Said"/>).
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
        duties.SetAction(result => Duties(result.GetValue(plans), result.GetRequiredValue(plan), result.GetValue(at)));
        return new Command("plans", "预案文件") { check, duties };
    }

    private static int Duties(string? plansDirectory, string planId, string? at)
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

        Console.Out.WriteLine($"{resolved.Metadata.Title}（{resolved.Metadata.DocumentNumber}）的报告职责，共 {resolved.Obligations.Select(o => o.Code).Distinct().Count()} 项：");
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in resolved.Obligations)
        {
            var line = $"{rule.Code}\t{rule.Reporter}：{DutyWords.Said(rule)}（{rule.Clause}）";
            if (said.Add(line))
            {
                Console.Out.WriteLine(line);
            }
        }

        return ExitCodes.Ok;
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
