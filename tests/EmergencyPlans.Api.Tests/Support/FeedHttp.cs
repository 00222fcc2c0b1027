using System.Net;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>The 122 feed as its sender meets it: POST /api/v1/feeds/122 with the feed role's key, and the sample files.</summary>
public static class FeedHttp
{
    public const string Feed = "/api/v1/feeds/122";

    /// <summary>The lines as one NDJSON body; the answer to each line, then the summary.</summary>
    public static Task<(JsonElement[] Results, JsonElement Summary)> PostFeedAsync(this ApiFactory factory, IEnumerable<string> lines) =>
        factory.PostFeedAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    public static async Task<(JsonElement[] Results, JsonElement Summary)> PostFeedAsync(this ApiFactory factory, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var client = factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        using var response = await client.PostAsync(Feed, content);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        answers[^1].TryGetProperty("summary", out var summary).Should().BeTrue("the answer ends with a summary");
        return (answers[..^1], summary);
    }

    /// <summary>The lines of a sample file in tests/EmergencyPlans.Api.Tests/Feeds/samples.</summary>
    public static string[] Sample(string name) =>
        File.ReadAllLines(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", name), Encoding.UTF8);

    /// <summary>The eventIds of the messages on the alert scan's list (the feed_warnings table), read from the host's SQLite file.</summary>
    public static async Task<string[]> KeptForTheAlertScanAsync(this ApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "emergencyplans.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM feed_warnings ORDER BY event_id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }
}
