using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;
using EmergencyPlans.Tests.Shared;
using Json.Schema;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>
/// plans/schema/plan.schema.json and city.schema.json read by a real JSON Schema validator (JsonSchema.Net, the draft their
/// <c>$schema</c> names): every file the loader reads from plans/ (JSON: one file per plan version, one city.*.json) is valid
/// against the schema it names, and a file the loader refuses for a reason the schema can say is invalid.
/// </summary>
public class PlanSchemaValidatorTests
{
    private const string CityFile = "city.jincheng.json";

    private static readonly JsonSchema PlanSchema = JsonSchemaValidation.Load(Path.Combine(Repository.PlansDirectory, "schema", "plan.schema.json"));

    private static readonly JsonSchema CitySchema = JsonSchemaValidation.Load(Path.Combine(Repository.PlansDirectory, "schema", "city.schema.json"));

    /// <summary>As the loader reads them: comments skipped and trailing commas allowed (PlanLoader).</summary>
    private static readonly JsonDocumentOptions AsTheLoaderReads = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The files the loader reads (PlanLoader.LoadDirectory: <c>*.json</c> at the top of plans/).</summary>
    private static string[] Files => [.. Directory.GetFiles(Repository.PlansDirectory, "*.json", SearchOption.TopDirectoryOnly)
        .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> PlanFiles() => new(Files);

    [Theory]
    [MemberData(nameof(PlanFiles))]
    public void PlansFile_IsValidAgainstTheSchemaItNames(string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, file)), documentOptions: AsTheLoaderReads)!;
        var city = file.StartsWith("city.", StringComparison.Ordinal);
        ((string?)document["$schema"]).Should().Be(city ? "./schema/city.schema.json" : "./schema/plan.schema.json",
            "an editor checks the file against the schema it names, so it must be the one tested here");

        var errors = Errors(city ? CitySchema : PlanSchema, document);

        errors.Should().BeEmpty($"plans/{file} is loaded by the service, so the schema documenting its shape must take it:{JsonSchemaValidation.Describe(errors)}");
    }

    [Fact]
    public void PlansFolder_HoldsThePlansAndTheCity_AsTheLoaderReadsThem()
    {
        Files.Should().Contain(CityFile).And.HaveCount(Repository.Catalog.Plans.Count + 1, "each plan version is one file, beside one city file");
    }

    [Theory]
    [InlineData("an unknown role", "/response/levels/0/activatedBy/0")]
    [InlineData("a level that does not exist", "/response/levels/0/level")]
    [InlineData("no response", "")]
    [InlineData("an unknown member", "/responce")]
    [InlineData("a visibility rule without its causes", "/warnings/colours/0/rules/1")]
    [InlineData("an unknown cause of low visibility", "/warnings/colours/0/rules/1/visibilityCauses/0")]
    public void PlanTheLoaderRefuses_ForAReasonTheSchemaCanSay_IsInvalid(string what, string location)
    {
        const string file = "road-traffic.2025-18.json";
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, file)), documentOptions: AsTheLoaderReads)!;
        switch (what)
        {
            case "an unknown role":
                plan["response"]!["levels"]![0]!["activatedBy"] = new JsonArray("mayor");
                break;
            case "a level that does not exist":
                plan["response"]!["levels"]![0]!["level"] = "V";
                break;
            case "no response":
                plan.AsObject().Remove("response");
                break;
            case "a visibility rule without its causes":
                plan["warnings"]!["colours"]![0]!["rules"]![1]!.AsObject().Remove("visibilityCauses").Should().BeTrue();
                break;
            case "an unknown cause of low visibility":
                plan["warnings"]!["colours"]![0]!["rules"]![1]!["visibilityCauses"] = new JsonArray("smog");
                break;
            default:
                plan["responce"] = plan["response"]!.DeepClone();
                plan.AsObject().Remove("response");
                break;
        }

        var load = () => PlanLoader.Load([(file, plan.ToJsonString())], (CityFile, File.ReadAllText(Path.Combine(Repository.PlansDirectory, CityFile))));
        load.Should().Throw<PlanValidationException>($"the loader refuses {what}");

        var errors = Errors(PlanSchema, plan);

        var at = location.Length == 0 ? "(root)" : location;
        errors.Should().Contain(e => e.StartsWith(at + ":", StringComparison.Ordinal),
            $"the schema must refuse {what} at {at}, as the loader does; the validator said:{JsonSchemaValidation.Describe(errors)}");
    }

    private static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        return JsonSchemaValidation.Errors(schema, parsed.RootElement);
    }
}
