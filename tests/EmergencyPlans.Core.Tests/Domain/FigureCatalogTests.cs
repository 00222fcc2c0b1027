using System.Text.Json;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Domain;

/// <summary>The figure catalogue is the one list: the published plan schema and the engine's slots must agree with it.</summary>
public class FigureCatalogTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void PlanSchema_FigureNames_AreTheCataloguesCountsAndAmounts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, "schema", "plan.schema.json")));
        var listed = schema.RootElement.GetProperty("$defs").GetProperty("figure").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        listed.Should().BeEquivalentTo(FigureCatalog.All.Where(f => f.IsQuantity).Select(f => f.Name),
            "plans/schema/plan.schema.json names in 'quantity' the figures the catalogue defines, no more and no fewer");
    }

    [Fact]
    public void Catalogue_EveryEngineFigure_HasOneEntryWithItsName()
    {
        foreach (var figure in Enum.GetValues<Figure>())
        {
            FigureCatalog.Of(figure).Quantity.Should().Be(figure);
            FigureNames.Of(figure).Should().Be(FigureCatalog.Of(figure).Name);
        }

        FigureCatalog.All.Select(f => f.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Catalogue_CasualtyFigures_AreThoseWhoseChangeOwesAnImmediateReport()
    {
        FigureCatalog.Casualties.Select(f => f.Name).Should().Equal("deaths", "missing", "trapped", "endangered", "seriousInjuries", "injured");
        FigureCatalog.Casualties.Select(f => f.Label).Should().Equal("死亡", "失联", "被困", "涉险", "重伤", "受伤");
        FigureCatalog.Of(Figure.DirectLossWan).Label.Should().Be("直接经济损失（万元）");
        FigureCatalog.Of(Figure.DirectLossWan).Unit.Should().Be("万元");
    }

    [Fact]
    public void ReportedFigures_Json_HasTheRestShapeAndRoundTrips()
    {
        const string json = """{"deaths":2,"missing":null,"directLossWan":12.5,"hazmatRelease":true,"pollution":"some","disruptedCounties":["泽州县"],"declaredGrade":"serious"}""";

        var figures = JsonSerializer.Deserialize<ReportedFigures>(json)!;

        figures[Figure.Deaths].Should().Be(2);
        figures[Figure.Missing].Should().BeNull("null is unknown");
        figures[Figure.DirectLossWan].Should().Be(12.5m);
        figures[Fact.HazmatRelease].Should().BeTrue();
        figures.Pollution.Should().Be(Pollution.Some);
        figures.DisruptedCounties.Should().Equal("泽州县");
        figures.DeclaredGrade.Should().Be(Grade.Serious);
        var written = JsonSerializer.Serialize(figures, Readable);
        written.Should().Be("""{"deaths":2,"directLossWan":12.5,"hazmatRelease":true,"pollution":"some","disruptedCounties":["泽州县"],"declaredGrade":"serious"}""");
        JsonSerializer.Deserialize<ReportedFigures>(written).Should().Be(figures);
    }

    [Fact]
    public void ReportedFigures_UnknownName_IsAJsonError()
    {
        var read = () => JsonSerializer.Deserialize<ReportedFigures>("""{"deaths":1,"dead":2}""");

        read.Should().Throw<JsonException>().WithMessage("*dead*");
    }

    [Fact]
    public void Merge_PresentValuesReplace_AbsentOnesStay()
    {
        var first = new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 2, [Figure.DirectLossWan] = 100, Pollution = Pollution.None };
        var update = new ReportedFigures { [Figure.Missing] = 0, [Fact.HazmatRelease] = false, DisruptedCounties = ["城区"] };

        var merged = first.Merge(update);

        merged.Should().Be(new ReportedFigures
        {
            [Figure.Deaths] = 3, [Figure.Missing] = 0, [Figure.DirectLossWan] = 100, Pollution = Pollution.None,
            [Fact.HazmatRelease] = false, DisruptedCounties = ["城区"],
        });
        first[Figure.Missing].Should().Be(2, "a report is a value: merging makes a new one");
    }

    [Fact]
    public void CasualtiesDiffer_OnlyForCasualtyFigures()
    {
        var first = new ReportedFigures { [Figure.Deaths] = 3, [Figure.DirectLossWan] = 100 };

        first.CasualtiesDiffer(first.Merge(new ReportedFigures { [Figure.DirectLossWan] = 900 })).Should().BeFalse("loss is not a casualty figure");
        first.CasualtiesDiffer(first.Merge(new ReportedFigures { [Figure.Deaths] = 3 })).Should().BeFalse("the same count is no change");
        first.CasualtiesDiffer(first.Merge(new ReportedFigures { [Figure.Deaths] = 4 })).Should().BeTrue();
        first.CasualtiesDiffer(first.Merge(new ReportedFigures { [Figure.Injured] = 0 })).Should().BeFalse("伤亡人数 did not change: no one was counted, and no one is");
        first.CasualtiesDiffer(first.Merge(new ReportedFigures { [Figure.Injured] = 2 })).Should().BeTrue("two injured became known");
    }

    [Fact]
    public void IncidentInput_From_ReadsEveryFigureOnce()
    {
        var input = IncidentInput.From("road-traffic", DateTimeOffset.Parse("2026-03-01T08:00:00+08:00"),
            new ReportedFigures { [Figure.Deaths] = 2, [Figure.DirectLossWan] = 999.999m, [Fact.HazmatRelease] = true, DisruptedCounties = ["城区"] });

        input.TryGet(Figure.Deaths, out var deaths).Should().BeTrue();
        deaths.Should().Be(2);
        input.TryGet(Figure.DirectLossWan, out var loss).Should().BeTrue();
        loss.Should().Be(999.999m);
        input.TryGet(Figure.Missing, out _).Should().BeFalse();
        input.Has(Fact.HazmatRelease).Should().BeTrue();
        input.Has(Fact.ForeignCasualties).Should().BeFalse();
        input.DisruptedCounties.Should().Equal("城区");
        input.Judgements.Should().Be(JudgementInput.None);
    }
}
