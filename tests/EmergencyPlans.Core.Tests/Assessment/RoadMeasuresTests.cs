using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// The 响应措施 of road 5.3.1–5.3.3 (晋市政办〔2025〕18号): the assessment shows the measures the text gives for the level
/// reached, each with the unit that leads it and its words as printed; no level builds on another's list. A plan owner's
/// review found them empty.
/// </summary>
public class RoadMeasuresTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Road(long deaths) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0 },
            Judgements = JudgementInput.None,
        }));

    private static MeasureDto Clause(AssessmentResponse a, string clause) =>
        a.Measures.Should().ContainSingle(m => m.Clause == clause, clause).Subject;

    [Fact]
    public void Road_LevelI_Lists531_OneToSix()
    {
        // 5.3.1(1) 10人以上失联、死亡 → Ⅰ. 响应措施 "(1)市指挥部指挥长、副指挥长立即赶赴现场,组织协调成立现场指挥部,…(6)按要求做好信息上传下达工作。"
        var a = Road(10);

        a.Response.Level.Should().Be("I");
        a.Measures.Select(m => m.Clause).Should().Equal(Enumerable.Range(1, 6).Select(i => $"5.3.1 响应措施({i})"));
        a.Measures.Should().OnlyContain(m => m.Level == "I");
        Clause(a, "5.3.1 响应措施(1)").Lead.Should().Equal("市指挥部指挥长、副指挥长");
        Clause(a, "5.3.1 响应措施(2)").Words.Should().Be(
            "市指挥部办公室应迅速通知各成员单位,赶赴事件现场,按照各自职责开展应急救援,做好先期处置工作,控制事态发展,防止次生和衍生事故的发生,同时向上级人民政府及有关部门报告");
        // (4) "现场指挥部在上级指挥部的统一领导下,做好应急处置的全面配合工作"
        Clause(a, "5.3.1 响应措施(4)").Lead.Should().Equal("现场指挥部");
        // (5) "做好突发事件的舆情引导工作" names no unit: 市指挥部, whose commander starts Ⅰ.
        var opinion = Clause(a, "5.3.1 响应措施(5)");
        opinion.Lead.Should().Equal("市指挥部");
        opinion.LeadWords.Should().Be("由市指挥部指挥长决定启动Ⅰ级响应");
    }

    [Fact]
    public void Road_LevelII_Lists532_OneToTen()
    {
        // 5.3.2(1) 3人以上10人以下失联、死亡 → Ⅱ. 响应措施 "(1)市指挥部指挥长、副指挥长亲临事故现场,…(10)当应急力量不足时,现场指挥部可及时请求上级指挥部进行增援。"
        var a = Road(3);

        a.Response.Level.Should().Be("II");
        a.Measures.Select(m => m.Clause).Should().Equal(Enumerable.Range(1, 10).Select(i => $"5.3.2 响应措施({i})"));
        Clause(a, "5.3.2 响应措施(6)").Lead.Should().Equal("各成员单位");
        Clause(a, "5.3.2 响应措施(10)").Words.Should().Be("当应急力量不足时,现场指挥部可及时请求上级指挥部进行增援");
    }

    [Fact]
    public void Road_LevelIII_Lists533_OneToFour()
    {
        // 5.3.3(1) 3人以下失联、死亡 → Ⅲ. 响应措施 "(3)市指挥部办公室主任视情况赶赴现场,将现场情况向市指挥部汇报,…(4)随时掌握抢险救援进展情况,做好扩大响应的准备。"
        var a = Road(1);

        a.Response.Level.Should().Be("III");
        a.Measures.Select(m => m.Clause).Should().Equal(Enumerable.Range(1, 4).Select(i => $"5.3.3 响应措施({i})"));
        Clause(a, "5.3.3 响应措施(3)").Lead.Should().Equal("市指挥部办公室主任");
        var ready = Clause(a, "5.3.3 响应措施(4)");
        ready.Words.Should().Be("随时掌握抢险救援进展情况,做好扩大响应的准备");
        ready.LeadWords.Should().Be("由市指挥部办公室主任启动Ⅲ级应急响应");
        Repository.Road.Response.MeasureIncludes.Should().BeEmpty("no road level says it builds on another's list");
    }

    [Fact]
    public void EveryMeasure_NamesItsLeadInItsWordsOrLeadWords()
    {
        var plan = Repository.Road;

        plan.Response.Measures.Should().NotBeEmpty();
        plan.Response.Measures.Should().OnlyContain(m => m.Lead.All(l => m.Words.Contains(l, StringComparison.Ordinal) || (m.LeadWords ?? "").Contains(l, StringComparison.Ordinal)));
        plan.Response.Measures.Should().OnlyContain(m => !m.Words.EndsWith('。') && !m.Words.EndsWith(';') && !m.Words.EndsWith('；'),
            "quoted as the natural disaster data does: the item's words without its closing mark");
    }
}
