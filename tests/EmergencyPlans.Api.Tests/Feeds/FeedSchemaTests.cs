using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>docs/feed-122.schema.json describes the record the service reads: its figures are the catalogue's, its counties the city file's.</summary>
public sealed class FeedSchemaTests
{
    private static readonly JsonElement Schema = FeedSchema.Root;

    [Fact]
    public void Schema_Patterns_SayAsciiDigits_NotBackslashD()
    {
        // ECMA-262 reads \d as [0-9], but Python's jsonschema (the validator most integrators reach for) reads it as any Unicode digit
        // and took "٢٠٢٦-03-01T08:00:00+08:00", which the service refuses. [0-9] means the same in every dialect.
        // The plan and drill schemas share the instant pattern (DrillSchemaValidatorTests), so they say it the same way.
        foreach (var schema in Directory.GetFiles(Path.Combine(Paths.Repository, "plans", "schema"), "*.json").Append(Path.Combine(Paths.Repository, "docs", "feed-122.schema.json")))
        {
            File.ReadAllText(schema).Should().NotContain("\\d", schema);
        }
    }

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
    public void Schema_Figures_HaveTheCataloguesTypesAndBounds()
    {
        foreach (var figure in FigureCatalog.All)
        {
            var path = "figures." + figure.Name;
            var schema = FeedSchema.Member(path);
            switch (figure.Kind)
            {
                case FigureKind.Count or FigureKind.AmountWan:
                    FeedSchema.Types(path).Should().Equal(figure.Kind == FigureKind.Count ? "integer" : "number", "null");
                    schema.GetProperty("minimum").GetDecimal().Should().Be(0, path);
                    schema.GetProperty("maximum").GetDecimal().Should().Be(figure.Max!.Value, $"{path}: the validator refuses more as implausibly large");
                    break;
                case FigureKind.Counties:
                    schema.GetProperty("uniqueItems").GetBoolean().Should().BeTrue("the validator refuses a county listed twice");
                    break;
                default:
                    schema.TryGetProperty("maximum", out _).Should().BeFalse(path);
                    break;
            }
        }
    }

    [Fact]
    public void Schema_LengthsAndBounds_AreTheValidators()
    {
        FeedSchema.Member("eventId").GetProperty("maxLength").GetInt32().Should().Be(FeedRecordValidator.MaxEventIdLength);
        FeedSchema.Member("dispatchId").GetProperty("maxLength").GetInt32().Should().Be(FeedRecordValidator.MaxDispatchIdLength);
        FeedSchema.Member("road.code").GetProperty("maxLength").GetInt32().Should().Be(FeedRecordValidator.MaxRoadCodeLength);
        FeedSchema.Member("road.name").GetProperty("maxLength").GetInt32().Should().Be(FeedRecordValidator.MaxRoadNameLength);
        FeedSchema.Member("text").GetProperty("maxLength").GetInt32().Should().Be(FeedRecordValidator.MaxTextLength);
        FeedSchema.Member("sequence").GetProperty("maximum").GetInt64().Should().Be(long.MaxValue, "the sequence is a 64-bit integer");
        FeedSchema.Member("road.km").GetProperty("exclusiveMaximum").GetDecimal().Should().Be(FeedRecordValidator.KmBound);
    }

    [Fact]
    public void Schema_NotBlank_IsTheValidatorsWhiteSpace_CharacterForCharacter()
    {
        // The validator's blank is .NET's char.IsWhiteSpace; ECMA-262's \s differs (it has U+FEFF, not U+0085), so the schema lists the class.
        var notBlank = FeedSchema.Root.GetProperty("$defs").GetProperty("notBlank").GetProperty("pattern").GetString()!;

        var differ = Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => !char.IsSurrogate(c))
            .Where(c => FeedSchema.Matches(notBlank, c.ToString()) == FeedRecordValidator.IsBlank(c.ToString())).ToArray();

        differ.Select(c => $"U+{(int)c:X4}").Should().BeEmpty();
        FeedSchema.PatternsAccept("dispatchId", "JC122-1").Should().BeTrue();
        FeedSchema.PatternsAccept("dispatchId", " \t\u3000").Should().BeFalse();
    }

    [Fact]
    public void Schema_Instant_AcceptsTheTimesTheValidatorAccepts_ButAtTheEndsOfDateTimeOffset()
    {
        // Every date of a few years (leap, not leap, centuries) with edge times and offsets, as callAt of an otherwise valid record.
        var validator = new FeedRecordValidator(new Core.Assessment.DecisionEngine(PlanLoader.LoadDirectory(Paths.Plans)), TimeProvider.System);
        var record = FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(FeedHttp.Sample("routine-with-bad-lines.ndjson")[0]), out _, out _)!;
        // The last instant there is, so that no callAt is after updatedAt (a rule of its own, refused naming callAt): this is of the form.
        record.UpdatedAt = "9999-12-31T23:59:59.9999999Z";
        var instant = FeedSchema.Patterns(FeedSchema.Member("callAt")).Should().ContainSingle().Subject;
        string[] years = ["0000", "0001", "1900", "2000", "2024", "2026", "9999"];
        string[] times = ["00:00", "23:59", "24:00", "12:60", "12:30:59", "12:30:60", "12:30:00.1234567", "12:30:00.12345678", "12:30:00."];
        string[] offsets = ["Z", "+08:00", "-00:00", "+13:59", "+14:00", "-14:00", "+14:01", "-14:30", "+08:60", "+0800", "z", "+08:00\n"];
        int[] days = [0, 1, 28, 29, 30, 31, 32];
        var checkedTimes = 0;
        var differ = new List<string>();
        foreach (var text in from y in years from m in Enumerable.Range(0, 14) from d in days from t in times from o in offsets
                             select $"{y}-{m:00}-{d:00}T{t}{o}")
        {
            record.CallAt = text;
            var taken = validator.Validate(record).Errors.All(e => e.PropertyName != "callAt");
            checkedTimes++;
            if (FeedSchema.Matches(instant, text) != taken)
            {
                differ.Add(text);
            }
        }

        checkedTimes.Should().BeGreaterThan(50_000);
        // What a pattern cannot say: the instant in UTC must lie within DateTimeOffset's years 0001-9999.
        differ.Should().OnlyContain(t => t.StartsWith("0001-01-01T", StringComparison.Ordinal) || t.StartsWith("9999-12-31T", StringComparison.Ordinal));
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
