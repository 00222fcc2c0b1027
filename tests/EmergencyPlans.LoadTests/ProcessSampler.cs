using System.Diagnostics;
using System.Globalization;

namespace EmergencyPlans.LoadTests;

/// <summary>One reading, once a second: the server's resident memory and CPU time, ours, and the machine's load.</summary>
/// <remarks>RSS = RssAnon (heaps, stacks) + RssFile (mapped assemblies and native libraries, mostly shared and clean) + RssShmem (with W^X on, the JIT's double-mapped code).</remarks>
internal readonly record struct Sample(double Seconds, long ServerRssKb, long AnonKb, long FileKb, long ShmemKb, double ServerCpuSeconds, double ClientCpuSeconds, double Load1, int ServerThreads);

/// <summary>
/// Reads /proc once a second on its own thread: VmRSS and Threads from /proc/&lt;pid&gt;/status, utime+stime from
/// /proc/&lt;pid&gt;/stat (server and this process), and the 1-minute load average. Linux only.
/// </summary>
internal sealed class ProcessSampler : IDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly int _serverPid;
    private readonly List<Sample> _samples = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private Thread? _thread;

    public ProcessSampler(int serverPid) => _serverPid = serverPid;

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "proc-sampler" };
        _thread.Start();
    }

    /// <summary>A reading taken now, outside the once-a-second series (used to bracket a phase).</summary>
    public Sample Now() => Read(Elapsed);

    public IReadOnlyList<Sample> Between(double fromSeconds, double toSeconds)
    {
        lock (_gate)
        {
            return _samples.Where(s => s.Seconds >= fromSeconds && s.Seconds <= toSeconds).ToList();
        }
    }

    public double Elapsed => SecondsAt(Stopwatch.GetTimestamp());

    /// <summary>A Stopwatch timestamp as seconds on this sampler's clock.</summary>
    public double SecondsAt(long timestamp) => (double)(timestamp - _origin) / Stopwatch.Frequency;

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private void Run()
    {
        var next = 0.0;
        while (!_stop.IsCancellationRequested)
        {
            var sample = Read(Elapsed);
            lock (_gate)
            {
                _samples.Add(sample);
            }

            next += 1.0;
            var wait = next - Elapsed;
            if (wait > 0)
            {
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(wait));
            }
        }
    }

    private Sample Read(double seconds)
    {
        var status = ReadStatus(_serverPid);
        return new Sample(seconds, status.Rss, status.Anon, status.File, status.Shmem, CpuSeconds(_serverPid), CpuSeconds(Environment.ProcessId), Load1(), status.Threads);
    }

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/status");

    private static (long Rss, long Anon, long File, long Shmem, int Threads) ReadStatus(int pid)
    {
        long rss = -1, anon = -1, file = -1, shmem = -1;
        var threads = -1;
        static long Kb(string line) => long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                switch (line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)])
                {
                    case "VmRSS:": rss = Kb(line); break;
                    case "RssAnon:": anon = Kb(line); break;
                    case "RssFile:": file = Kb(line); break;
                    case "RssShmem:": shmem = Kb(line); break;
                    case "Threads:": threads = (int)Kb(line); break;
                    default: break;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone: reported as -1.
        }

        return (rss, anon, file, shmem, threads);
    }

    /// <summary>utime + stime of a process, in seconds (fields 14 and 15 of /proc/&lt;pid&gt;/stat, after the command name).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

            // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double Load1()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>USER_HZ: 100 on every mainstream Linux; `getconf CLK_TCK` would say otherwise.</summary>
    private static double ClockTicks() => 100.0;

    /// <summary>The pid of the process listening on a TCP port on this machine, from /proc/net/tcp{,6} and /proc/*/fd.</summary>
    public static int? FindListener(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

                // local_address is "ADDR:PORT", st "0A" is LISTEN, inode is field 9.
                if (f.Length > 9 && f[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == "0A")
                {
                    inodes.Add($"socket:[{f[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that just exited.
            }
        }

        return null;
    }
}
