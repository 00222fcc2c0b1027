using System.Text.Json;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Domain;

/// <summary>The judgement catalogue is the one list: the plan schema, the names, the engine's bits and the request's properties follow it.</summary>
public class JudgementCatalogueTests
{
    [Fact]
    public void PlanSchema_JudgementNames_AreTheCatalogues()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, "schema", "plan.schema.json")));
        var listed = schema.RootElement.GetProperty("$defs").GetProperty("judgement").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        listed.Should().BeEquivalentTo(JudgementCatalogue.All.Select(d => d.Name), "plans/schema/plan.schema.json names the judgements the catalogue defines");
    }

    [Fact]
    public void Catalogue_EveryJudgement_OnceInBitOrderWithItsName()
    {
        JudgementCatalogue.All.Select(d => d.Judgement).Should().Equal(Enum.GetValues<Judgement>());
        foreach (var d in JudgementCatalogue.All)
        {
            FigureNames.Of(d.Judgement).Should().Be(d.Name);
            FigureNames.TryParse(d.Name, out Judgement parsed).Should().BeTrue();
            parsed.Should().Be(d.Judgement);
        }
    }

    [Fact]
    public void Request_EachTypedProperty_IsTheCataloguesJudgementOfTheSameName()
    {
        // The request's JSON property (camelCase) and the catalogue's name must name the same judgement, or a client's
        // "largeSocialImpact": true would set another bit.
        foreach (var d in JudgementCatalogue.All)
        {
            var property = typeof(JudgementsDto).GetProperty(char.ToUpperInvariant(d.Name[0]) + d.Name[1..]);
            property.Should().NotBeNull($"JudgementsDto has a property for {d.Name}");
            var dto = new JudgementsDto();
            property!.SetValue(dto, true);

            var input = AssessmentContract.ToJudgements(dto);

            input.Has(d.Judgement).Should().BeTrue(d.Name);
            input.Mask.Should().Be(1u << (int)d.Judgement, $"only {d.Name} is set");
            typeof(JudgementInput).GetProperty(property.Name)!.GetValue(input).Should().Be(true);
        }
    }

    [Fact]
    public void Request_NothingSet_IsNone()
    {
        var input = AssessmentContract.ToJudgements(new JudgementsDto { DecidedBy = "值班员" });

        input.Mask.Should().Be(0u);
        input.DecidedBy.Should().Be("值班员");
        input.Should().Be(JudgementInput.None with { DecidedBy = "值班员" });
    }
}
