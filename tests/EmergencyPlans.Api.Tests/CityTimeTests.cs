using EmergencyPlans.Core.Domain;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests;

/// <summary>The store keeps UTC; every instant the API returns is written in the city's offset, +08:00.</summary>
public sealed partial class CityTimeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetIncident_ReportedInUtc_ReturnsEveryInstantInPlus0800()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(occurredAt: "2026-03-01T01:10:00Z"));

        var incident = await factory.GetAsync(opened.Id);

        incident.Body.Str("occurredAt").Should().Be("2026-03-01T09:10:00+08:00");
        ShouldAllBeInCityOffset(incident.Body, expectAtLeast: 3);
    }

    [Fact]
    public async Task ListIncidents_ReturnsEveryInstantInPlus0800()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(occurredAt: "2026-03-01T01:10:00Z"));
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.GetAsync($"{Http.Incidents}?limit=500");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var list = await response.JsonAsync();
        list.EnumerateArray().Single(e => e.Str("id") == opened.Id).Str("occurredAt").Should().Be("2026-03-01T09:10:00+08:00");
        ShouldAllBeInCityOffset(list, expectAtLeast: 2);
    }

    [Fact]
    public async Task Assess_ReportedInUtc_ReturnsInstantsInPlus0800()
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment(occurredAt: "2026-03-01T01:10:00Z"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var assessment = await response.JsonAsync();
        assessment.Str("occurredAt").Should().Be("2026-03-01T09:10:00+08:00");
        ShouldAllBeInCityOffset(assessment, expectAtLeast: 2);
    }

    private static void ShouldAllBeInCityOffset(JsonElement json, int expectAtLeast)
    {
        var instants = Strings(json).Where(s => Instant().IsMatch(s)).ToArray();
        instants.Length.Should().BeGreaterThanOrEqualTo(expectAtLeast, "the document holds instants: {0}", json.GetRawText());
        instants.Should().OnlyContain(s => s.EndsWith("+08:00", StringComparison.Ordinal), "every instant is written in +08:00: {0}", json.GetRawText());
    }

    private static IEnumerable<string> Strings(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => [json.GetString()!],
        JsonValueKind.Array => json.EnumerateArray().SelectMany(Strings),
        // "report" echoes the first report as the reporter sent it (a string, offset and all), not an instant the API computed.
        JsonValueKind.Object => json.EnumerateObject().Where(p => p.Name != "report").SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex Instant();
}
