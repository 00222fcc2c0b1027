using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>docs/feed-122.schema.json describes the record the service reads: its figures are the catalogue's, its counties the city file's.</summary>
public sealed class FeedSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.Repository, "docs", "feed-122.schema.json"))).RootElement.Clone();

    [Fact]
    public void Schema_Figures_AreTheFigureCatalogInItsOrder() =>
        Schema.GetProperty("properties").GetProperty("figures").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal(FigureCatalog.All.Select(f => f.Name));

    [Fact]
    public void Schema_Counties_AreTheCityFile()
    {
        var city = PlanLoader.LoadDirectory(Paths.Plans).City;

        Schema.GetProperty("$defs").GetProperty("county").GetProperty("enum").EnumerateArray().Select(e => e.GetString())
            .Should().Equal(city.Counties.Select(c => c.Name));
    }

    [Fact]
    public void Schema_Members_AreTheRecordsMembers() =>
        Schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal(typeof(FeedRecord).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)));

    [Fact]
    public void Schema_NaturesAndStatuses_AreTheValidatorsLists()
    {
        Schema.GetProperty("properties").GetProperty("nature").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Should().Equal(FeedNatures.Names.Keys);
        Schema.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Should().Equal(FeedStatuses.Names.Keys);
    }

    [Fact]
    public void ContentHash_EverySampleRecord_IsTheSha256OfTheSerializersCanonicalBytes()
    {
        // Content hashes are stored: however the hash is computed, it must stay the SHA-256 of the record as
        // System.Text.Json writes it under FeedJson.Options, or a replay of an old line would become a conflict.
        var records = Directory.GetFiles(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples"), "*.ndjson")
            .SelectMany(File.ReadAllLines)
            .Select(line => FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(line), out _, out _))
            .OfType<FeedRecord>()
            .ToList();
        records.Should().HaveCountGreaterThan(5);
        records.Select(r => r.Text).Should().Contain(t => t != null && t.Any(c => c > 0x7F), "Chinese text is escaped by the serializer's encoder");

        foreach (var record in records.Concat(records)) // twice: the buffer each thread reuses holds nothing over
        {
            FeedJson.ContentHash(record).Should().Equal(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(record, FeedJson.Options)));
        }
    }

    [Fact]
    public void Samples_EveryLineOfTheGoodSamples_ParsesAndValidates()
    {
        var validator = new FeedRecordValidator(new Core.Assessment.DecisionEngine(PlanLoader.LoadDirectory(Paths.Plans)), TimeProvider.System);
        foreach (var file in new[] { "coach-rollover-fog-g207.ndjson", "hazmat-tanker-leak-g22.ndjson" })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", file)))
            {
                var record = FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(line), out var field, out var error);
                record.Should().NotBeNull($"{file}: {field} {error}");
                validator.Validate(record!).Errors.Should().BeEmpty(file);
            }
        }
    }
}
