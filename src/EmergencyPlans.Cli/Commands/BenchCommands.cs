using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EmergencyPlans.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>drill bench --injects N --runs R</c> (hidden): generates a drill of N injects and replays it R times through the
/// runner, printing the median injects per second. The README's drill figures come from it.
/// </summary>
internal static class BenchCommands
{
    public static Command Create(Option<string?> plans)
    {
        var injects = new Option<int>("--injects") { Description = "注入条数", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "重复次数（取中位数）", DefaultValueFactory = _ => 5 };
        var script = new Option<FileInfo?>("--script") { Description = "重放这个脚本，而不是生成的演练" };
        var command = new Command("bench", "生成 N 条注入的演练并重放，报告中位吞吐（注入/秒）") { injects, runs, script };
        command.Hidden = true;
        command.SetAction((r, ct) => RunAsync(r.GetValue(plans), r.GetValue(injects), r.GetValue(runs), r.GetValue(script), ct));
        return command;
    }

    /// <summary>
    /// A construction drill as a control cell would script one, stretched to <paramref name="injects"/> injects, ten a
    /// second: a collapse reported with 1 trapped, then injects taking turns: the city asks to verify (a clock event that
    /// starts verify-on-request, 30 min), figures come in (a report from the control cell, assessed, whose casualty changes
    /// start the immediate 续报), and a message from the site (recorded only). Each request to verify is answered by the
    /// duty officer a minute later, and each figures inject by the duty officer's 续报 half a minute later (actions: the duties
    /// met), so duties are raised and met all along, as in a drill.
    /// </summary>
    public static string Generate(int injects)
    {
        var sb = new StringBuilder(64 + (injects * 120));
        sb.Append("""
            title: 生成的基准演练
            plan: construction
            start: 2026-05-12T09:00:00+08:00
            participants:
              - id: duty
                name: 值班员
                role: duty-officer
            incident:
              at: "00:00"
              reportedAt: "00:00"
              reportedBy: duty
              county: 城区
              nature: 基准测试
              reporter: {name: 基准}
              figures: {trapped: 1, deaths: 0, missing: 0}
            injects:

            """);
        for (var i = 0; i < injects; i++)
        {
            sb.Append("  - at: \"").Append(DrillScriptReader.FormatOffset(TimeSpan.FromSeconds(i / 10))).Append('"');
            switch (i % 3)
            {
                case 0:
                    sb.Append("\n    kind: city-request\n");
                    break;
                case 1:
                    // Figures that move: the trapped are found, the injured counted, now and then a death.
                    sb.Append(CultureInfo.InvariantCulture, $"\n    kind: figures\n    figures: {{trapped: {i / 3 % 7}, injured: {i / 30 % 9}, deaths: {i / 3000 % 3}}}\n");
                    break;
                default:
                    sb.Append("\n    kind: message\n    text: 现场情况通报\n");
                    break;
            }
        }

        // Actions in time order (a script's times may not go backwards): the 续报 half a minute after each figures inject, the
        // answers to the city a minute after each request; both streams rise with i, so they are merged as they go.
        sb.Append("actions:\n");
        int request = 0, figures = 1;
        while (request < injects || figures < injects)
        {
            var answerAt = (request / 10) + 60;
            var reportAt = (figures / 10) + 30;
            if (figures >= injects || (request < injects && answerAt <= reportAt))
            {
                sb.Append("  - at: \"").Append(DrillScriptReader.FormatOffset(TimeSpan.FromSeconds(answerAt))).Append("\"\n    by: duty\n    kind: fulfil-duty\n    duty: verify-on-request\n");
                request += 3;
            }
            else
            {
                sb.Append("  - at: \"").Append(DrillScriptReader.FormatOffset(TimeSpan.FromSeconds(reportAt))).Append("\"\n    by: duty\n    kind: file-report\n    text: 续报\n");
                figures += 3;
            }
        }

        return sb.ToString();
    }

    private static async Task<int> RunAsync(string? plans, int injects, int runs, FileInfo? file, CancellationToken ct)
    {
        var unread = ExitCodes.Ok;
        var yaml = file is null ? Generate(injects) : DrillCommands.Read(file, out unread);
        if (yaml is null)
        {
            return unread;
        }

        using var services = CliHost.Build(plans);
        var runner = services.GetRequiredService<DrillRunner>();
        try
        {
            return await BenchAsync(runner, yaml, file, runs, ct).ConfigureAwait(false);
        }
        catch (DrillScriptException e)
        {
            // A script that decodes but is invalid (an unknown role, time going backwards, a first report refused) is the input's
            // fault: said as drill validate and drill run say it, each problem with its line, and exit 2, not an internal error (70).
            DrillCommands.Problems(e);
            return ExitCodes.InvalidInput;
        }
    }

    private static async Task<int> BenchAsync(DrillRunner runner, string yaml, FileInfo? file, int runs, CancellationToken ct)
    {
        var parse = Stopwatch.StartNew();
        var script = runner.Read(yaml, file?.Name ?? "bench.yaml");
        parse.Stop();
        var injects = script.Steps.Count(s => s.Source == DrillStepSource.Inject);
        var actions = script.Steps.Count - injects;
        // Warm-up (JIT, the plans' first use) on a short drill of the same shape, so that it neither takes as long as the
        // runs nor leaves their size of garbage behind; a given script is its own warm-up.
        var warmYaml = file is null ? Generate(Math.Min(injects, 20_000)) : yaml;
        _ = await runner.RunAsync(file is null ? runner.Read(warmYaml, "warm-up.yaml") : script, warmYaml, ct).ConfigureAwait(false);
        Console.Out.WriteLine($"{injects} 条注入、{actions} 条行动（{yaml.Length / 1024 / 1024.0:0.0} MiB YAML），解析与校验 {parse.Elapsed.TotalSeconds:0.00} s");
        var rates = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            // Each run starts from a collected heap, outside the timed window: no run pays for the garbage of the one before.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen2 = GC.CollectionCount(2);
            var gen0 = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            DrillReport? report = await runner.RunAsync(script, yaml, ct).ConfigureAwait(false);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu; // all threads (GC too): steadier than wall time on a shared machine
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            gen2 = GC.CollectionCount(2) - gen2;
            gen0 = GC.CollectionCount(0) - gen0;
            paused = GC.GetTotalPauseDuration() - paused;
            rates.Add(injects / watch.Elapsed.TotalSeconds);
            Console.Out.WriteLine($"run {r + 1}: {watch.Elapsed.TotalSeconds:0.00} s, {injects / watch.Elapsed.TotalSeconds:0} injects/s (with the actions), CPU {cpu.TotalSeconds:0.00} s, "
                + $"{allocated / (double)injects / 1024:0.0} KiB allocated per inject, {gen0} GCs ({gen2} gen-2), paused {paused.TotalSeconds:0.00} s, "
                + $"{report.Duties.Count} duties ({report.Duties.Count(d => d.Verdict == "on-time")} met on time), {report.Timeline.Count} timeline entries");
            report = null; // an async method keeps its locals: the next run must not carry this report
        }

        rates.Sort();
        Console.Out.WriteLine($"median: {rates[rates.Count / 2]:0} injects/s over {runs} runs; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        return ExitCodes.Ok;
    }
}
