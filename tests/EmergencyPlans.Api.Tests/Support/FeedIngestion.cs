using System.Text;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>Lines given to the ingestor as one submission (NDJSON, each line ended), and its answers in order.</summary>
public static class FeedIngestion
{
    public static Task<List<FeedLineResult>> IngestLinesAsync(this FeedIngestor ingestor, params IEnumerable<string> lines) =>
        ingestor.IngestBytesAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    /// <summary>A submission as bytes, for lines that are not UTF-8 (GBK) or must keep exact bytes.</summary>
    public static async Task<List<FeedLineResult>> IngestBytesAsync(this FeedIngestor ingestor, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(ingestor);
        var results = new List<FeedLineResult>();
        await ingestor.IngestAsync(new MemoryStream(body), "test", (r, _) =>
        {
            results.Add(r);
            return ValueTask.CompletedTask;
        });
        return results;
    }
}
