using System.Numerics;

namespace EmergencyPlans.LoadTests;

/// <summary>
/// HdrHistogram-like latency record in microseconds, safe to write from many threads at once.
/// Values below 2,048 µs are kept exactly; above, each power of two is split into 1,024 buckets,
/// so any reported value is within 0.1% of the true one (up to about 2^40 µs). Fixed size, no
/// allocation per sample.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 10;
    private const int Sub = 1 << SubBits;          // 1,024 buckets per power of two above the exact range
    private const int Exact = 2 * Sub;             // 0 .. 2,047 µs kept exactly
    private const int MaxShift = 30;
    private readonly long[] _counts = new long[Exact + (MaxShift * Sub)];
    private long _count;
    private long _sum;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long MaxMicros => Interlocked.Read(ref _max);

    public double MeanMicros => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)))
        {
            if (Interlocked.CompareExchange(ref _max, micros, seen) == seen)
            {
                break;
            }
        }
    }

    /// <summary>The smallest recorded value v such that at least <paramref name="percentile"/>% of the samples are ≤ v (bucket upper bound, capped at the max).</summary>
    public long Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        rank = Math.Clamp(rank, 1, total);
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            if (running >= rank)
            {
                return Math.Min(UpperBoundOf(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    /// <summary>How many samples exceeded <paramref name="micros"/> (to the histogram's resolution).</summary>
    public long CountAbove(long micros)
    {
        long above = 0;
        for (var i = IndexOf(micros) + 1; i < _counts.Length; i++)
        {
            above += Interlocked.Read(ref _counts[i]);
        }

        return above;
    }

    private static int IndexOf(long micros)
    {
        if (micros < Exact)
        {
            return (int)micros;
        }

        var shift = Math.Min(BitOperations.Log2((ulong)micros) - SubBits, MaxShift);   // ≥ 1
        var sub = (int)Math.Min((micros >> shift) - Sub, Sub - 1);                      // 0 .. 1,023
        return Exact + ((shift - 1) * Sub) + sub;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < Exact)
        {
            return index;
        }

        var shift = ((index - Exact) / Sub) + 1;
        var sub = (index - Exact) % Sub;
        return ((long)(sub + Sub + 1) << shift) - 1;
    }
}
