using System.CommandLine;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Cli.Commands;

/// <summary><c>plans check DIR</c>: loads the plan files as the service does at start and prints every problem, in Chinese.</summary>
internal static class PlansCommands
{
    public static Command Create()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "预案文件目录（含 *.json 与 city.jincheng.json）" };
        var check = new Command("check", "校验预案文件，列出全部问题；有问题时退出码为 2") { dir };
        check.SetAction(result => Check(result.GetRequiredValue(dir)));
        return new Command("plans", "预案文件") { check };
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
