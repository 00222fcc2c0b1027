using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// What the duty office reads in the alerts of an incident the 122 feed opened, through POST /api/v1/feeds/122 and the alert API on the
/// real host (SQLite, a fake clock at 2026-03-01 10:00 UTC+8, the background scan off so each scan is the test's own). Each test is a
/// reviewer's finding: a title that kept the first report's casualty words, an escalation that gave no figures, a new-incident text
/// whose occurrence and deadlines disagreed, a brought-forward alert that listed 279 daily periods, and a sender's sequence number
/// read as a count of updates.
/// </summary>
public sealed class AlertFeedTextTests
{
    private static ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false");

    private static Task<IReadOnlyList<StoredAlert>> ScanAsync(ApiFactory host) =>
        host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);

    private static async Task<JsonElement[]> ListAsync(ApiFactory host, string query = "")
    {
        using var client = host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    /// <summary>A 122 record of dispatch <paramref name="dispatchId"/> on G55 in 泽州县, a collision.</summary>
    private static string Record(string dispatchId, long sequence, string updatedAt, object figures, string? text = null, string callAt = "2026-03-01T09:30:00+08:00",
        string? occurredAt = null, string status = "open")
    {
        var record = new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = updatedAt,
            ["callAt"] = callAt,
            ["occurredAt"] = occurredAt,
            ["county"] = "泽州县",
            ["road"] = new JsonObject { ["code"] = "G55", ["km"] = 900, ["name"] = "二广高速" },
            ["nature"] = "collision",
            ["figures"] = JsonSerializer.SerializeToNode(figures),
            ["text"] = text,
            ["status"] = status,
        };
        return record.ToJsonString();
    }

    private static async Task PostAsync(ApiFactory host, params string[] lines)
    {
        var (results, _) = await host.PostFeedAsync(lines);
        results.Select(r => r.Str("status")).Should().OnlyContain(s => s == "accepted", string.Join("\n", results.Select(r => r.ToString())));
    }

    [Fact]
    public async Task FeedTexts_TheSendersSequence_IsSaidAsItsNumberNotACountOfUpdates()
    {
        // 122 numbers its messages as it likes (a timestamp, 1, 3, 4): "第1733380000000次更新" and "第4次更新" for the third message
        // applied read as counts. The alerts say the sender's number as what it is.
        using var host = Host();
        await PostAsync(host,
            Record("OC1-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC1-D", 3, "2026-03-01T09:40:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC1-D", 4, "2026-03-01T09:45:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00", status: "cancelled"));
        await PostAsync(host,
            Record("OC2-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC2-D", 1733380000000, "2026-03-01T09:45:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00",
                occurredAt: "2026-03-01T09:20:00+08:00"));

        await ScanAsync(host);

        var cancelled = (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle().Which;
        cancelled.Str("text").Should().Contain("将接警单OC1-D标为撤销（序号4，").And.NotContain("次更新");
        var moved = (await ListAsync(host, $"kind={AlertKinds.DeadlinesBroughtForward}")).Should().ContainSingle().Which;
        moved.Str("text").Should().Contain("据122接警单OC2-D（序号1733380000000）").And.NotContain("次更新");
        (await ListAsync(host)).Select(a => a.Str("text") + a.Str("title")).Should().NotContain(t => t.Contains("次更新"));
    }
}
