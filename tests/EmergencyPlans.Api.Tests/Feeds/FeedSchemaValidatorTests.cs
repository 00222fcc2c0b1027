using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.FeedLoad;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// docs/feed-122.schema.json read by a real JSON Schema validator (JsonSchema.Net, the draft its <c>$schema</c> names), held
/// against what POST /api/v1/feeds/122 answers for the same lines: the sample files and a seeded synthetic feed. The lines of
/// FeedRecordContractTests are held against it too, test by test (<see cref="FeedSchemaAgreement"/>).
/// </summary>
public sealed class FeedSchemaValidatorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Samples_EveryLineTheServiceTakes_IsValidAgainstTheSchema_AndEveryLineItRejects_IsInvalid()
    {
        // Every NDJSON sample under tests/, wherever a test keeps it.
        var files = Directory.EnumerateFiles(Path.Combine(Paths.Repository, "tests"), "*.ndjson", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .Order(StringComparer.Ordinal)
            .ToArray();
        files.Should().Contain(f => f.EndsWith("routine-with-bad-lines.ndjson", StringComparison.Ordinal));
        var statuses = new List<string>();

        foreach (var file in files)
        {
            var (results, _) = await factory.PostFeedAsync(await File.ReadAllBytesAsync(file));

            var lines = await File.ReadAllLinesAsync(file, System.Text.Encoding.UTF8); // the same terminators as the feed: \n, \r\n, \r
            FeedSchemaAgreement.ShouldAgree(lines, results, Path.GetFileName(file))
                .Should().BeEmpty($"{Path.GetFileName(file)}: no sample line is refused for a rule the schema cannot say");
            statuses.AddRange(results.Select(r => r.Str("status")));
        }

        statuses.Should().Contain("rejected", "routine-with-bad-lines.ndjson has lines the schema must refuse (an unknown county, a line cut short)")
            .And.Contain("accepted").And.Contain("stale").And.Contain("duplicate").And.Contain("conflict");
    }

    [Fact]
    public async Task GeneratedFeed_EveryRecordTheServiceTakes_IsValidAgainstTheSchema_AndEveryGarbageLineIsInvalid()
    {
        // The load tool's seeded feed: routine and plan records, duplicates, late updates, conflicts and 1% garbage lines
        // (cut short, not JSON, an unknown county, a time without offset, a negative count, an unknown nature and member).
        var lines = new FeedGenerator(122, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8))).Lines(3000).ToArray();

        var (results, summary) = await factory.PostFeedAsync(lines);

        results.Should().HaveCount(lines.Length);
        FeedSchemaAgreement.ShouldAgree(lines, results, "generated feed (seed 122)")
            .Should().BeEmpty("the generator's garbage is all of a form the schema can refuse");
        var refused = lines.Count(l => FeedSchemaAgreement.Errors(l).Count > 0);
        refused.Should().Be((int)summary.GetProperty("rejected").GetInt64(), "the schema refuses exactly the lines the service rejects")
            .And.BeInRange(15, 60, "about 1% of the lines are garbage");
    }
}
