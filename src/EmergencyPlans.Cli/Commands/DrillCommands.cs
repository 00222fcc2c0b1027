using System.CommandLine;
using System.Text;
using EmergencyPlans.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli.Commands;

/// <summary><c>drill run FILE [--html PATH] [--markdown PATH]</c> and <c>drill validate FILE</c>.</summary>
internal static class DrillCommands
{
    public static Command Create(Option<string?> plans)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "演练脚本（YAML，格式见 docs/drills.md）" };
        var html = new Option<FileInfo?>("--html") { Description = "把评估报告另存为自包含的 HTML 页面（可打印 A4）" };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "把评估报告另存为 Markdown 文件" };

        var run = new Command("run", "运行演练脚本，在终端输出评估报告（Markdown）；预期未全部达成时退出码为 1，脚本无效时为 2") { file, html, markdown };
        run.SetAction((result, ct) => RunAsync(result.GetValue(plans), result.GetRequiredValue(file), result.GetValue(html), result.GetValue(markdown), ct));

        var validateFile = new Argument<FileInfo>("FILE") { Description = "演练脚本（YAML）" };
        var validate = new Command("validate", "只校验演练脚本：每个问题注明行号；无效时退出码为 2；另试运行一次，对尚未产生即被履行的职责给出警告（不改变退出码）") { validateFile };
        validate.SetAction((result, ct) => ValidateAsync(result.GetValue(plans), result.GetRequiredValue(validateFile), ct));

        return new Command("drill", "桌面推演：按预案运行演练脚本并评估") { run, validate, BenchCommands.Create(plans) };
    }

    private static async Task<int> RunAsync(string? plans, FileInfo file, FileInfo? html, FileInfo? markdown, CancellationToken ct)
    {
        if (Read(file, out var unread) is not { } yaml)
        {
            return unread;
        }

        // A report that could not be written is known before the drill runs, not after.
        if (new[] { markdown, html }.OfType<FileInfo>().FirstOrDefault(o => !Directory.Exists(o.DirectoryName)) is { } unwritable)
        {
            throw new CliException(ExitCodes.CannotCreate, $"无法写入报告 {unwritable.FullName}：目录 {unwritable.DirectoryName} 不存在");
        }

        using var services = CliHost.Build(plans);
        var runner = services.GetRequiredService<DrillRunner>();
        DrillReport report;
        try
        {
            report = await runner.RunAsync(yaml, file.Name, ct).ConfigureAwait(false);
        }
        catch (DrillScriptException e)
        {
            Problems(e);
            return ExitCodes.InvalidInput;
        }

        var text = DrillReportMarkdown.Render(report);
        Console.Out.Write(text);
        await Console.Error.WriteLineAsync(report.Judged
            ? $"演练结论：{(report.Passed ? "通过" : "未通过")}（{report.ExpectationsSaid}，发现问题 {report.Problems.Count} 项）"
            : $"演练结论：未设预期，无从判定（脚本未设预期，发现问题 {report.Problems.Count} 项）").ConfigureAwait(false);
        if (markdown is not null)
        {
            await WriteReportAsync(markdown, text, ct).ConfigureAwait(false);
        }

        if (html is not null)
        {
            await WriteReportAsync(html, DrillReportHtml.Render(report), ct).ConfigureAwait(false);
        }

        return report.Passed ? ExitCodes.Ok : ExitCodes.ExpectationsNotMet;
    }

    /// <summary>Writes a report the facilitator asked for; a path that cannot be written is their input's fault, said plainly (73).</summary>
    private static async Task WriteReportAsync(FileInfo output, string text, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(output.FullName, text, Utf8, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.CannotCreate, $"无法写入报告 {output.FullName}：{e.Message}（演练已运行，结论见上）");
        }
    }

    /// <summary>
    /// Reads the script and, when it is valid, runs it once as <c>drill run</c> would (<see cref="DrillRunner.ValidateAsync"/>): an action that
    /// records a duty before the incident owes it is known only then. Each such action is a warning on stderr (file:line: 警告：…); warnings do
    /// not change the exit code of a valid script (0).
    /// </summary>
    private static async Task<int> ValidateAsync(string? plans, FileInfo file, CancellationToken ct)
    {
        if (Read(file, out var unread) is not { } yaml)
        {
            return unread;
        }

        using var services = CliHost.Build(plans);
        try
        {
            var (script, warnings) = await services.GetRequiredService<DrillRunner>().ValidateAsync(yaml, file.Name, ct).ConfigureAwait(false);
            foreach (var w in warnings)
            {
                await Console.Error.WriteLineAsync(w.ToString()).ConfigureAwait(false);
            }

            Console.Out.WriteLine($"{file.Name}：脚本有效（预案 {script.PlanId}，{script.Participants.Count} 名参演人员，"
                + $"{script.Steps.Count(s => s.Source == DrillStepSource.Inject)} 条注入，{script.Steps.Count(s => s.Source == DrillStepSource.Action)} 项行动，"
                + $"{script.Expectations.Count} 项预期，历时 {DrillScriptReader.FormatOffset(script.End)}）"
                + (warnings.Count > 0 ? $"；{warnings.Count} 条警告（见上）" : ""));
            return ExitCodes.Ok;
        }
        catch (DrillScriptException e)
        {
            Problems(e);
            return ExitCodes.InvalidInput;
        }
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The script's text; null, with the exit code in <paramref name="exitCode"/>, for a file that does not exist (66) or is not
    /// UTF-8 (2, an invalid script: the line and byte where it stops being UTF-8; a GBK file read as UTF-8 would garble every name).
    /// </summary>
    internal static string? Read(FileInfo file, out int exitCode)
    {
        if (!file.Exists)
        {
            // A folder exists: "not found" read as if the path were mistyped.
            Console.Error.WriteLine(Directory.Exists(file.FullName) ? $"演练脚本应为一个文件，而这是一个文件夹：{file.FullName}（请给出其中的 .yaml 文件）" : $"找不到演练脚本：{file.FullName}");
            exitCode = ExitCodes.NoInput;
            return null;
        }

        try
        {
            exitCode = ExitCodes.Ok;
            return DrillScriptText.ReadFile(file.FullName, file.Name);
        }
        catch (DrillScriptException e)
        {
            Problems(e);
            exitCode = ExitCodes.InvalidInput;
            return null;
        }
    }

    /// <summary>Each problem of an invalid script on its own line (file:line: message), then their count: what every drill command says of one.</summary>
    internal static void Problems(DrillScriptException e)
    {
        foreach (var p in e.Problems)
        {
            Console.Error.WriteLine(p.ToString());
        }

        Console.Error.WriteLine($"脚本无效：{e.Problems.Count} 个问题");
    }
}
