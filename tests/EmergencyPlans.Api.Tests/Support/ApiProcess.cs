using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// The built host as a real process (dotnet EmergencyPlans.Api.dll) on a free loopback port, with a data
/// directory the test owns and one duty-officer key. Stopped with SIGTERM
/// (graceful) or SIGKILL (<see cref="Kill"/>).
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.For(RoleCatalogue.DutyOfficer));
    }

    public int Port { get; }

    /// <summary>A client with the duty officer's key.</summary>
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host; <paramref name="extraArguments"/> are added to its command line (<c>--Name=value</c> settings).</summary>
    public static Task<ApiProcess> StartAsync(string dataDirectory, params string[] extraArguments) =>
        StartAsync(dataDirectory, configuredKey: true, extraArguments);

    /// <summary>As above; without <paramref name="configuredKey"/> no Auth:Keys is given and first-run keys are allowed.</summary>
    public static async Task<ApiProcess> StartAsync(string dataDirectory, bool configuredKey, params string[] extraArguments)
    {
        var api = Launch(dataDirectory, extraArguments, configuredKey);
        await api.WaitUntilReadyAsync();
        return api;
    }

    /// <summary>
    /// Starts the host with settings it must refuse, and waits for it to exit: its exit code and everything it wrote.
    /// A real process, so the refusal is seen as an operator sees it (WebApplicationFactory races its own disposal
    /// when a host fails to start, and then reports an ObjectDisposedException instead of the reason).
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunUntilRefusedAsync(string dataDirectory, params string[] extraArguments) =>
        RunUntilRefusedAsync(dataDirectory, configuredKey: true, extraArguments);

    /// <summary>As above; without <paramref name="configuredKey"/> no Auth:Keys is given and first-run keys are allowed.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilRefusedAsync(string dataDirectory, bool configuredKey, params string[] extraArguments)
    {
        using var api = Launch(dataDirectory, extraArguments, configuredKey);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await api._process.WaitForExitAsync(timeout.Token);
        api._process.WaitForExit(); // drains the redirected output
        return (api._process.ExitCode, api.Output);
    }

    private static ApiProcess Launch(string dataDirectory, string[] extraArguments, bool configuredKey = true)
    {
        var dll = HostPath();
        var port = FreePort();
        string[] keys = configuredKey
            ?
            [
                "--Auth:CreateKeysOnFirstRun=false",
                $"--Auth:Keys:0:Key={Keys.For(RoleCatalogue.DutyOfficer)}",
                $"--Auth:Keys:0:Roles:0={RoleCatalogue.DutyOfficer}",
            ]
            : [];
        var start = Paths.Process(dll, new[]
        {
            "--urls", $"http://127.0.0.1:{port}",
            $"--EmergencyPlans:DataDirectory={dataDirectory}",
            $"--EmergencyPlans:PlansDirectory={Paths.Plans}",
        }.Concat(keys).Concat(extraArguments), Path.GetDirectoryName(dll));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var api = new ApiProcess(process, port);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>SIGTERM, then waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.ExitCode.Should().Be(0, "a graceful stop exits cleanly; output:\n{0}", Output);
    }

    /// <summary>SIGKILL: no shutdown, no disposal, no checkpoint.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The host was not ready within {StartTimeout}:\n{Output}");
    }

    private static string HostPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "EmergencyPlans.Api.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        var built = Paths.Built(Path.Combine("src", "EmergencyPlans.Api"), "EmergencyPlans.Api.dll");
        return File.Exists(built) ? built : throw new InvalidOperationException($"Build src/EmergencyPlans.Api first: neither {beside} nor {built} exists.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
