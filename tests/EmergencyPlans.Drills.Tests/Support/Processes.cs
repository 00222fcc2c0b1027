using System.Diagnostics;
using System.Text;

namespace EmergencyPlans.Drills.Tests.Support;

/// <summary>Starts a real program and collects its exit code and output.</summary>
public static class Processes
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The CLI as a facilitator starts it: <c>dotnet emergencyplans.dll …</c>, plans from the repository, data in a temporary folder.</summary>
    public static Task<(int Exit, string Out, string Err)> CliAsync(string workingDirectory, params string[] args) =>
        CliWithSettingsAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>
    /// The CLI with its standard output redirected to <c>/dev/full</c>, which answers every write with ENOSPC as a redirection to a
    /// full disk does (<c>drill run … &gt; report.md</c>); stdout is therefore empty.
    /// </summary>
    public static Task<(int Exit, string Out, string Err)> CliOntoAFullDiskAsync(string workingDirectory, params string[] args) =>
        RunAsync("/bin/sh", ["-c", "exec dotnet \"$@\" > /dev/full", "sh", Paths.Cli, .. args], workingDirectory, new Dictionary<string, string>
        {
            ["EmergencyPlans__PlansDirectory"] = Paths.Plans,
            ["EmergencyPlans__DataDirectory"] = Path.Combine(workingDirectory, "data"),
        });

    /// <summary>The same, with more settings in the environment (<c>EmergencyPlans__Feed__SilenceAlarm</c>…).</summary>
    public static Task<(int Exit, string Out, string Err)> CliWithSettingsAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings, params string[] args) =>
        RunAsync("dotnet", [Paths.Cli, .. args], workingDirectory, new Dictionary<string, string>
        {
            ["EmergencyPlans__PlansDirectory"] = Paths.Plans,
            ["EmergencyPlans__DataDirectory"] = Path.Combine(workingDirectory, "data"),
        }.Concat(settings).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));
}

/// <summary>A fact that needs Debian's chromium; skipped without it, except under CI=true (.ci/run installs it), where it fails.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Path is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "chromium is not installed (apt-get install -y chromium); .ci/run installs it";
        }
    }

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string? Path => Candidates.FirstOrDefault(File.Exists);
}
