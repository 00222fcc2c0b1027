using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Drills.Tests.Support;
using EmergencyPlans.Tests.Shared;
using Json.Schema;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// plans/schema/drill.schema.json read by a real JSON Schema validator (JsonSchema.Net, the draft its <c>$schema</c> names), on
/// the scripts converted from YAML as an editor's checker reads them (<see cref="YamlJson"/>): every sample drill is valid, and
/// a script the reader refuses for a reason the schema can say is invalid, at the place the reader names.
/// </summary>
public sealed class DrillSchemaValidatorTests
{
    private static readonly JsonSchema Schema = JsonSchemaValidation.Load(Path.Combine(Paths.Plans, "schema", "drill.schema.json"));

    private static readonly string RoadSample = File.ReadAllText(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml"));

    public static TheoryData<string> Samples() => new(Directory.GetFiles(Paths.SampleDrills, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleDrill_AsJson_IsValidAgainstTheDrillSchema(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, file));
        Support.Drills.Runner.Read(yaml, file); // the reader, the authority, takes it

        var errors = Errors(yaml);

        errors.Should().BeEmpty($"{file} is a sample the reader takes, so an editor must not mark it wrong:{JsonSchemaValidation.Describe(errors)}");
    }

    [Theory]
    [InlineData("an unknown inject kind", "kind: city-request", "kind: city-phone-call", "/injects/4/kind")]
    [InlineData("an unknown expectation kind", "kind: response-terminated", "kind: response-ended", "/expectations/6/kind")]
    [InlineData("an unknown role", "role: commander", "role: mayor", "/participants/3/role")]
    [InlineData("an unknown plan", "plan: road-traffic", "plan: road", "/plan")]
    [InlineData("a county that is not one of the city's", "county: 泽州县", "county: 太原市", "/incident/county")]
    [InlineData("a response level that does not exist", "level: III", "level: V", "/actions/3/level")]
    [InlineData("a time that is not an offset from the start", "by: \"00:30\"", "by: \"half an hour\"", "/expectations/0/by")]
    [InlineData("a misspelt member of an action", "conditionsConfirmed: true", "conditionConfirmed: true", "/actions/17/conditionConfirmed")]
    [InlineData("an unknown top-level key", "scope: ", "scopes: ", "/scopes")]
    [InlineData("no title", "title: G207线泽州段团雾中危险化学品槽罐车泄漏事故桌面推演\n", "", "")]
    public void ScriptTheReaderRefuses_ForAReasonTheSchemaCanSay_IsInvalidAgainstTheDrillSchema(string what, string from, string to, string location)
    {
        RoadSample.Should().Contain(from);
        var index = RoadSample.IndexOf(from, StringComparison.Ordinal);
        var yaml = string.Concat(RoadSample.AsSpan(0, index), to, RoadSample.AsSpan(index + from.Length));
        Support.Drills.Problems(yaml).Should().NotBeEmpty($"the reader refuses {what}");

        var errors = Errors(yaml);

        var at = location.Length == 0 ? "(root)" : location;
        errors.Should().Contain(e => e.StartsWith(at + ":", StringComparison.Ordinal),
            $"the schema must refuse {what} at {at}, as the reader does; the validator said:{JsonSchemaValidation.Describe(errors)}");
    }

    [Theory]
    [InlineData("2026-11-18T06:00+08:00", true)]
    [InlineData("2026-11-18T06:00:00.5Z", true)]
    [InlineData("2026-02-29T06:00:00+08:00", false)]
    [InlineData("2026-11-18T06:00:00", false)]
    [InlineData("2026-11-18 06:00:00+08:00", false)]
    public void Start_TheSchemaTakesExactlyTheTimesTheReaderTakes(string start, bool taken)
    {
        // The reader reads start with the service's one time parser (AssessmentContract.ParseOccurredAt: seconds optional, an offset
        // required, a date that exists); the schema says the same with the feed schema's instant pattern, so an editor flags exactly the
        // starts the reader refuses (it said "format": "date-time" before, which refused a start without seconds that the reader took).
        const string withSeconds = "start: 2026-11-18T06:00:00+08:00";
        RoadSample.Should().Contain(withSeconds);
        var yaml = RoadSample.Replace(withSeconds, $"start: \"{start}\"", StringComparison.Ordinal);
        var read = () => Support.Drills.Runner.Read(yaml, "test.yaml");

        var errors = Errors(yaml);

        if (taken)
        {
            read.Should().NotThrow();
            errors.Should().BeEmpty(JsonSchemaValidation.Describe(errors));
        }
        else
        {
            read.Should().Throw<DrillScriptException>();
            errors.Should().ContainSingle().Which.Should().StartWith("/start: pattern", JsonSchemaValidation.Describe(errors));
        }
    }

    [Fact]
    public void Start_IsTheFeedSchemasInstantPattern_OneDefinitionInTwoFiles()
    {
        static string Pattern(string file, params string[] path) =>
            path.Aggregate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement, (e, p) => e.GetProperty(p)).GetProperty("pattern").GetString()!;

        Pattern(Path.Combine(Paths.Plans, "schema", "drill.schema.json"), "properties", "start")
            .Should().Be(Pattern(Path.Combine(Paths.Plans, "..", "docs", "feed-122.schema.json"), "$defs", "instant"));
    }

    [Fact]
    public void YamlScalars_BecomeJsonValuesAsAnEditorReadsThem_NotAllStrings()
    {
        var json = YamlJson.Convert("""
            start: 2026-05-12T09:00:00+08:00
            at: "00:10"
            bare: 01:30
            level: III
            warning: 1
            visibilityMetres: 40.5
            adjust: true
            quoted: "true"
            unknown: ~
            empty:
            list: [泽州县, 2, false]
            """)!.AsObject();

        json["start"]!.GetValueKind().Should().Be(JsonValueKind.String, "YAML 1.2 has no timestamp type");
        json["at"]!.GetValue<string>().Should().Be("00:10");
        json["bare"]!.GetValue<string>().Should().Be("01:30", "YAML 1.2 has no sexagesimal numbers, though YAML 1.1 tools read 90");
        json["level"]!.GetValue<string>().Should().Be("III");
        json["warning"]!.GetValueKind().Should().Be(JsonValueKind.Number);
        json["visibilityMetres"]!.GetValue<decimal>().Should().Be(40.5m);
        json["adjust"]!.GetValueKind().Should().Be(JsonValueKind.True);
        json["quoted"]!.GetValueKind().Should().Be(JsonValueKind.String);
        json["unknown"].Should().BeNull();
        json.ContainsKey("empty").Should().BeTrue();
        json["empty"].Should().BeNull();
        json["list"]!.AsArray().Select(n => n!.GetValueKind()).Should().Equal(JsonValueKind.String, JsonValueKind.Number, JsonValueKind.False);
    }

    private static IReadOnlyList<string> Errors(string yaml)
    {
        using var document = JsonDocument.Parse(YamlJson.Convert(yaml)!.ToJsonString());
        return JsonSchemaValidation.Errors(Schema, document.RootElement);
    }
}
