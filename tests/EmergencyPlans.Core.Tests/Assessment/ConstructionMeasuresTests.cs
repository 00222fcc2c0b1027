using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// The 响应措施 of construction 4.3.1(3), 4.3.2(3), 4.3.3(3) (晋市政办〔2025〕15号): the assessment shows the measures the
/// text gives for the level reached, each with the unit that leads it and its words as printed. Ⅰ takes Ⅱ's measures too
/// (4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施"); Ⅱ does not build on Ⅲ. A plan owner's review found them empty.
/// </summary>
public class ConstructionMeasuresTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Construction(long deaths) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "construction",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0,
                [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0,
            },
            Judgements = JudgementInput.None,
        }));

    private static MeasureDto Clause(AssessmentResponse a, string clause) =>
        a.Measures.Should().ContainSingle(m => m.Clause == clause, clause).Subject;

    [Fact]
    public void Construction_LevelIII_Lists431_3()
    {
        // 4.3.1(1)① 发生一般事故 → Ⅲ. 4.3.1(3) "①市指挥部办公室密切关注和掌握事故发展态势; ②视情况派人员协调指导事发地政府及其住房和城乡建设管理部门,
        // 有效开展建设工程事故应急处置工作; ③市指挥部办公室按上级要求进行信息发布。"
        var a = Construction(1);

        a.Response.Level.Should().Be("III");
        a.Measures.Select(m => m.Clause).Should().Equal("4.3.1(3)①", "4.3.1(3)②", "4.3.1(3)③");
        a.Measures.Should().OnlyContain(m => m.Level == "III" && m.Lead.Count == 1 && m.Lead[0] == "市指挥部办公室");
        Clause(a, "4.3.1(3)①").Words.Should().Be("市指挥部办公室密切关注和掌握事故发展态势");
        Clause(a, "4.3.1(3)③").Words.Should().Be("市指挥部办公室按上级要求进行信息发布");
        // ② names no unit: the office whose director starts Ⅲ (4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应") leads it.
        var sent = Clause(a, "4.3.1(3)②");
        sent.Words.Should().Be("视情况派人员协调指导事发地政府及其住房和城乡建设管理部门,有效开展建设工程事故应急处置工作");
        sent.LeadWords.Should().Be("由市指挥部办公室主任宣布启动Ⅲ级响应");
    }

    [Fact]
    public void Construction_LevelII_Lists432_3_OneToTen_NotIIIs()
    {
        // 4.3.2(1)① 发生较大事故 → Ⅱ. 4.3.2(3) "可采取包括但不限于以下一项或多项措施进行处置: ①市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,
        // 加强现场指挥部力量。…⑩积极贯彻落实市委、市政府和上级有关部门的决策部署，各级领导的指示、批示精神。"
        var a = Construction(3);

        a.Response.Level.Should().Be("II");
        a.Measures.Select(m => m.Clause).Should().Equal(Enumerable.Range(0, 10).Select(i => $"4.3.2(3){"①②③④⑤⑥⑦⑧⑨⑩"[i]}"),
            "Ⅱ's list does not say it builds on Ⅲ's");
        a.Measures.Should().OnlyContain(m => m.Level == "II");
        var first = Clause(a, "4.3.2(3)①");
        first.Words.Should().Be("市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,加强现场指挥部力量");
        first.Lead.Should().Equal("市指挥部指挥长、副指挥长");
        // ⑦ "事发地政府根据实际情况组织受影响人员到安全区域避险": the unit the words name.
        Clause(a, "4.3.2(3)⑦").Lead.Should().Equal("事发地政府");
        // ⑨ "市指挥部可根据实际情况及时请求上级指挥机构协调增援" (full-width commas, as printed).
        Clause(a, "4.3.2(3)⑨").Words.Should().Be("当事故有可能升级时，超出市指挥部处置能力时，市指挥部可根据实际情况及时请求上级指挥机构协调增援");
        // ② names no unit: 市指挥部, whose commander starts Ⅱ (4.3.2(2)).
        var plan = Clause(a, "4.3.2(3)②");
        plan.Lead.Should().Equal("市指挥部");
        plan.LeadWords.Should().Be("由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应");
    }

    [Fact]
    public void Construction_LevelI_TakesIIsMeasures_ThenItsOwn433_3()
    {
        // 4.3.3(1)① 发生重大和特别重大事故 → Ⅰ. 4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施：
        // ①立即向市委、市政府、省住建部门及其他上级相关部门进行报告。…⑥做好其他相关应急处置工作。"
        var a = Construction(10);

        a.Response.Level.Should().Be("I");
        a.Measures.Select(m => m.Clause).Should().Equal(
            Enumerable.Range(0, 10).Select(i => $"4.3.2(3){"①②③④⑤⑥⑦⑧⑨⑩"[i]}").Concat(Enumerable.Range(0, 6).Select(i => $"4.3.3(3){"①②③④⑤⑥"[i]}")));
        a.Measures.Take(10).Should().OnlyContain(m => m.Level == "II", "Ⅱ's measures, taken at Ⅰ as Ⅱ lists them");
        a.Measures.Skip(10).Should().OnlyContain(m => m.Level == "I");
        a.Measures.Should().NotContain(m => m.Clause.StartsWith("4.3.1", StringComparison.Ordinal), "Ⅰ builds on Ⅱ only");
        Clause(a, "4.3.3(3)①").Words.Should().Be("立即向市委、市政府、省住建部门及其他上级相关部门进行报告");
        Clause(a, "4.3.3(3)④").Words.Should().Be("市指挥部要协调各成员单位和其他有关力量，按要求做好先期处置工作，控制事态发展情形");
        Clause(a, "4.3.3(3)⑥").LeadWords.Should().Be("由市指挥部指挥长立即启动 I 级响应");

        var include = Repository.Construction.Response.MeasureIncludes.Should().ContainSingle().Subject;
        (include.Level, include.Includes, include.Clause).Should().Be((ResponseLevel.I, ResponseLevel.II, "4.3.3(3)"));
        include.Words.Should().Be("I 级响应启动后，在 II 级响应措施的基础上采取以下措施");
    }

    [Fact]
    public void Construction_SameLevel_SharesOneList()
    {
        Construction(10).Measures.Should().BeSameAs(Construction(30).Measures);
    }

    [Fact]
    public void EveryMeasure_NamesItsLeadInItsWordsOrLeadWords()
    {
        var plan = Repository.Construction;

        plan.Response.Measures.Should().NotBeEmpty();
        plan.Response.Measures.Should().OnlyContain(m => m.Lead.All(l => m.Words.Contains(l, StringComparison.Ordinal) || (m.LeadWords ?? "").Contains(l, StringComparison.Ordinal)));
        plan.Response.Measures.Should().OnlyContain(m => !m.Words.EndsWith('。') && !m.Words.EndsWith(';') && !m.Words.EndsWith('；'),
            "quoted as the natural disaster data does: the item's words without its closing mark");
    }
}
