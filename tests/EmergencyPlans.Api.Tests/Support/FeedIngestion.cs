using System.Text;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>Lines given to the ingestor as one submission (NDJSON, each line ended), and its answers in order.</summary>
public static class FeedIngestion
{
    public static async Task<List<FeedLineResult>> IngestLinesAsync(this FeedIngestor ingestor, params IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(ingestor);
        var results = new List<FeedLineResult>();
        await ingestor.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")))), "test", (r, _) =>
        {
            results.Add(r);
            return ValueTask.CompletedTask;
        });
        return results;
    }
}
