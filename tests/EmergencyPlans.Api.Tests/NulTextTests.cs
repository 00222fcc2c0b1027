using System.Net;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// U+0000 in a text. PostgreSQL's text cannot hold it and its JSON operators refuse its escape: an incident whose nature held
/// "\u0000" made every incident list on that store fail, and a raw NUL byte in a bad feed line failed its whole batch. Run on
/// SQLite here and on PostgreSQL in <see cref="PostgresIncidentFlowTests"/>, with the same checks.
/// </summary>
public sealed class NulTextTests : IDisposable
{
    private const string Feed = "/api/v1/feeds/122";
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public Task TextHoldingNul_IsRefusedNamingItsField_OrQuarantinedWithItsBytes_AndTheListsStillAnswer_OnSqlite() => CheckAsync(_factory);

    /// <summary>The checks, on whichever store <paramref name="factory"/> runs.</summary>
    internal static async Task CheckAsync(ApiFactory factory)
    {
        // A REST body: 400 naming the field, nothing stored.
        var body = Bodies.Incident();
        body["nature"] = "大客车\u0000侧翻";
        using (var officer = factory.As(RoleCatalogue.DutyOfficer))
        {
            using var refused = await officer.PostJsonAsync("/api/v1/incidents", body);
            await refused.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
            var problem = await refused.JsonAsync();
            problem.GetProperty("errors").GetProperty("nature")[0].GetString().Should().Be("must not contain the control character U+0000 (NUL), which no text here can hold; only tab and line breaks are allowed: remove it");
        }

        // The feed: an escaped NUL in a record's text is refused naming it (the record would open an incident); a raw NUL byte
        // (never JSON) is quarantined with the character shown as U+FFFD and its bytes kept as received; an eventId holding
        // NUL is no eventId. The good line after them is taken.
        var opening = """{"eventId":"NUL-1","dispatchId":"NUL-D1","sequence":1,"updatedAt":"2026-03-01T06:31:00+08:00","callAt":"2026-03-01T06:30:00+08:00","occurredAt":"2026-03-01T06:25:00+08:00","county":"高平市","nature":"rollover","figures":{"deaths":1},"text":"车辆侧翻\u0000一人死亡","status":"open"}""";
        var badId = """{"eventId":"NUL-\u0000","dispatchId":"NUL-D2","sequence":1}""";
        byte[] raw = [.. "{\"eventId\":\"NUL-3\",\"text\":\"a"u8, 0x00, .. "b\"}"u8];
        var good = opening.Replace("\\u0000", "，", StringComparison.Ordinal).Replace("NUL-1", "NUL-4", StringComparison.Ordinal).Replace("NUL-D1", "NUL-D4", StringComparison.Ordinal);
        byte[] feed = [.. Encoding.UTF8.GetBytes(opening + "\n" + badId + "\n"), .. raw, (byte)'\n', .. Encoding.UTF8.GetBytes(good + "\n")];
        using var client = factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(feed);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        using var response = await client.PostAsync(Feed, content);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

        answers[..4].Select(a => a.Str("status")).Should().Equal("rejected", "rejected", "rejected", "accepted");
        answers[0].Str("field").Should().Be("text");
        answers[0].Str("reason").Should().Be("not a valid feed record: text must not contain the control character U+0000 (NUL), which no text here can hold; only tab and line breaks are allowed: remove it");
        answers[1].Str("field").Should().Be("eventId");
        answers[3].Str("outcome").Should().Be("opened");

        using var quarantine = await client.GetAsync($"{Feed}/quarantine");
        await quarantine.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var entries = (await quarantine.JsonAsync()).GetProperty("entries").EnumerateArray().ToArray();
        entries.Should().HaveCount(3);
        entries.Select(e => e.GetProperty("eventId").ValueKind).Should().Equal(JsonValueKind.String, JsonValueKind.Null, JsonValueKind.String);
        entries[2].Str("line").Should().Be("{\"eventId\":\"NUL-3\",\"text\":\"a\uFFFDb\"}");
        Convert.FromBase64String(entries[2].Str("lineBytes")).Should().Equal(raw);

        using var list = await client.GetAsync(Http.Incidents);
        await list.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await list.JsonAsync()).EnumerateArray().Should().ContainSingle().Which.Str("nature").Should().Contain("车辆侧翻，一人死亡");

        // A query value is text too.
        using var filtered = await client.GetAsync($"{Http.Incidents}?plan=road%00traffic");
        ((int)filtered.StatusCode).Should().BeLessThan(500);
    }
}
