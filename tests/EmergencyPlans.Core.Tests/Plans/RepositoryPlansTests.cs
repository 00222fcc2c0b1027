using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

public class RepositoryPlansTests
{
    [Fact]
    public void PlansFolder_EveryFile_LoadsAndValidates()
    {
        var catalog = PlanLoader.LoadDirectory(Repository.PlansDirectory);

        var planFiles = Directory.GetFiles(Repository.PlansDirectory, "*.json").Where(f => !Path.GetFileName(f).StartsWith("city.", StringComparison.Ordinal));
        catalog.Plans.Select(p => p.Metadata.FileName).Should().BeEquivalentTo(planFiles.Select(Path.GetFileName));
        catalog.PlanIds.Should().BeEquivalentTo("construction", "road-traffic", "natural-disaster");
    }

    [Theory]
    [InlineData("construction", "晋市政办〔2025〕15号", "2025-07-10", "晋市政办〔2021〕48号", "市住房和城乡建设局")]
    [InlineData("road-traffic", "晋市政办〔2025〕18号", "2025-07-29", "晋市政办发〔2020〕12号", "市公安局交通警察支队")]
    [InlineData("natural-disaster", "晋市政办〔2026〕3号", "2026-02-04", "晋市政办〔2023〕32号", "市应急管理局")]
    public void PlanMetadata_AsPublishedInTheGazette(string id, string number, string issued, string replaces, string owner)
    {
        var plan = Repository.Catalog.Plans.Single(p => p.Id == id);

        plan.Metadata.DocumentNumber.Should().Be(number);
        plan.Metadata.Issued.Should().Be(issued);
        plan.Metadata.Replaces.Should().Be(replaces);
        plan.Metadata.Owner.Should().Be(owner);
    }

    [Theory]
    // C 8.2 "本预案原则上每3年评估一次"; R 8.3 "本预案一般情况下每三年评估一次".
    [InlineData("construction", 3, "8.2", "每3年评估一次")]
    [InlineData("road-traffic", 3, "8.3", "每三年评估一次")]
    // N 8.3 gives no period: "适时召集有关部门和专家开展复盘、评估". The file said 3 years, a number the text does not give.
    [InlineData("natural-disaster", null, "8.3", "适时召集有关部门和专家开展复盘、评估")]
    public void ReviewPeriod_AsTheTextStatesIt_NoNumberWhereItSays适时(string id, int? years, string clause, string words)
    {
        var plan = Repository.Catalog.Plans.Single(p => p.Id == id);

        plan.Metadata.ReviewEveryYears.Should().Be(years);
        plan.Metadata.Review.Should().NotBeNull();
        plan.Metadata.Review!.Clause.Should().Be(clause);
        plan.Metadata.Review.Words.Should().Contain(words);
    }

    [Fact]
    public void Resolve_BeforeThePlanWasIssued_FindsNoVersion()
    {
        // The natural-disaster plan took effect on its issue date, 2026-02-04 (8.5 自印发之日起实施).
        Repository.Catalog.Resolve("natural-disaster", new DateTimeOffset(2026, 2, 3, 23, 59, 0, TimeSpan.FromHours(8))).Should().BeNull();
        Repository.Catalog.Resolve("natural-disaster", new DateTimeOffset(2026, 2, 4, 0, 0, 0, TimeSpan.FromHours(8))).Should().NotBeNull();
    }

    [Fact]
    public void City_SixCountyLevelDivisions_ChengquInsideZezhou()
    {
        var city = Repository.Catalog.City;

        city.Counties.Select(c => c.Name).Should().BeEquivalentTo("城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县");
        city.AreAdjacent("城区", "泽州县").Should().BeTrue();
        city.Counties.Single(c => c.Name == "城区").Adjacent.Should().Equal("泽州县");
        city.AgriculturalPopulation.Source.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void EveryRule_CitesAClauseAndQuotesWords()
    {
        foreach (var plan in Repository.Catalog.Plans)
        {
            var rules = (plan.Grade?.Rules ?? []).Concat(plan.Response.Rules);
            foreach (var rule in rules)
            {
                rule.Clause.Should().NotBeNullOrWhiteSpace(rule.Id);
                rule.Words.Should().NotBeNullOrWhiteSpace(rule.Id);
            }

            plan.Obligations.Should().OnlyContain(o => !string.IsNullOrWhiteSpace(o.Clause) && !string.IsNullOrWhiteSpace(o.Words));
        }
    }

    [Fact]
    public void EveryPeriodicContinuation_IsSaid续报_WhereTheTextSays续报()
    {
        // C 4.1(三) "较大以上建设工程事故每日至少续报1次;重大以上建设工程事故每4小时续报1次"; R 5.1.2 "较大以上道路交通安全突发事件每日至少续报1次;
        // 重大以上……每4小时续报1次": a repeating duty whose words say 续报 is said as one (向市委、市政府续报), on the card, the timeline and the
        // alerts, in every plan and version; N has no 续报 (its repeating reports are 零报告 and 每日向市安委办报告). They read 向市委、市政府报告
        // (a construction duty officer's review, session 58, finding 12).
        var continuations = Repository.Catalog.Plans.SelectMany(p => p.Obligations.Select(o => (Plan: p.Id, Rule: o)))
            .Where(x => x.Rule.Every is not null && x.Rule.Words.Contains("续报", StringComparison.Ordinal)).ToArray();

        continuations.Select(x => x.Plan).Distinct().Should().BeEquivalentTo("construction", "road-traffic");
        foreach (var (plan, rule) in continuations)
        {
            rule.Act.Should().Be($"向{rule.To}续报", $"{plan} {rule.Clause} {rule.Words}");
            DutyWords.Said(rule).Should().EndWith($"向{rule.To}续报");
            DutyWords.Of(rule.To, rule.Act, DutyNames.Of(rule.Start), rule.Words, rule.Code + "#2", "P1D").Brief.Should().Be($"向{rule.To}续报（第2期）");
        }
    }

    [Theory]
    // N 6.3 "市应急管理局每年9月下旬组织开展受灾群众冬春生活困难情况调查"; N 8.3 "市应急管理局协调市直相关单位……并定期组织演练";
    // C 7.3 "每3年至少进行一次演练"; R 8.1.3 "每3年至少组织1次综合性科目的演练". A survey or a drill is no report with a deadline: `plans guide`
    // said them 限时报告 (a drill facilitator's review, session 60, F10).
    [InlineData("natural-disaster", "winter-spring-survey", "组织开展受灾群众冬春生活困难情况调查，每年9月21日至9月30日")]
    [InlineData("natural-disaster", "drill", "定期组织演练")]
    [InlineData("construction", "drill", "组织演练，每3年至少1次")]
    [InlineData("road-traffic", "drill", "组织综合性科目的演练，每3年至少1次")]
    public void ACalendarDuty_IsSaidAsTheWorkItIs_WhenTheCalendarSays(string planId, string code, string said)
    {
        var rule = Repository.Catalog.Plans.Single(p => p.Id == planId).Obligations.Single(o => o.Code == code);

        DutyWords.Said(rule).Should().Be(said).And.NotContain("报告");
        DutyWords.Deed(rule).Should().Be(DutyDeed.Other, "a survey or a drill is done (已于…完成), not reported");
    }

    [Fact]
    public void TheGradeQuestion_SaysTheFirstReportOfASeriousDisaster_InThePlansOwnWord第一时间()
    {
        // N 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间向本级党委和政府及上级应急管理部门报告": the grade question read （立即，4.1.3）
        // where the plan says 第一时间 (noted with the natural-disaster review, session 61, ND-03); the card's hints already say the plan's word.
        var rule = Repository.Catalog.Plans.Single(p => p.Id == "natural-disaster").Obligations.Single(o => o.Code == "first-report-serious-disaster");

        EmergencyPlans.Core.Contract.DeclaredGradeTexts.Duty("向本级党委和政府及上级应急管理部门报告", null, "immediately", rule.Words, null, rule.Clause)
            .Should().Be("向本级党委和政府及上级应急管理部门报告（第一时间，4.1.3）");
        DutyWords.AtOnceWord("市指挥部办公室主任宣布启动Ⅲ级响应").Should().BeNull();
    }

    [Fact]
    public void TheImmediateContinuationOnACasualtyChange_IsSaid续报_Too()
    {
        // C 4.1(三) "造成伤亡人数发生变化的,应立即续报"; R 5.1.2 the same: met by a 续报 (metBy continuation-report), it read 向市委、市政府报告
        // beside the periodic 续报 said 续报 (session 59).
        var immediate = Repository.Catalog.Plans.SelectMany(p => p.Obligations.Select(o => (Plan: p.Id, Rule: o)))
            .Where(x => x.Rule.Every is null && x.Rule.MetBy == DutyMetBy.ContinuationReport && x.Rule.Words.Contains("续报", StringComparison.Ordinal)).ToArray();

        immediate.Select(x => x.Plan).Distinct().Should().BeEquivalentTo("construction", "road-traffic");
        foreach (var (plan, rule) in immediate)
        {
            DutyWords.Said(rule).Should().EndWith($"向{rule.To}续报", $"{plan} {rule.Clause} {rule.Words}");
        }
    }

    [Fact]
    public void RoadPlan_ResponseLevels_ThreeLevelsWithAuthorities()
    {
        var road = Repository.Catalog.Plans.Single(p => p.Id == "road-traffic");

        road.Response.Levels.Select(l => l.Level).Should().Equal(ResponseLevel.I, ResponseLevel.II, ResponseLevel.III);
        road.Response.Find(ResponseLevel.I)!.ActivatedBy.Should().Equal("commander");
        road.Response.Find(ResponseLevel.II)!.ActivatedBy.Should().BeEquivalentTo("commander", "deputy-commander");
        road.Response.Find(ResponseLevel.III)!.ActivatedBy.Should().Equal("office-director");
    }

    [Fact]
    public void RoadContract_DisruptionInTwoCounties_NamesTheCountyWhereItStartedAsCommander()
    {
        // Road 2.6: "跨县(市、区)界的道路交通安全突发事件，由事发起始点所在县(市、区)指挥部指挥，市指挥部予以协调。"
        var input = new EmergencyPlans.Core.Assessment.IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            Figures = new ReportedFigures { [Figure.Deaths] = 0, DisruptedCounties = ["泽州县", "高平市"] },
        };

        var response = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Repository.Engine.Assess(input));

        response.Command.Should().NotBeNull();
        response.Command!.Scope.Should().Be("cross-county");
        response.Command.CommandedBy.Should().Be("事发起始点所在县(市、区)指挥部");
        response.Command.CoordinatedBy.Should().Be("市指挥部");
        response.Command.Clause.Should().Be("2.6");
    }

    [Fact]
    public void ConstructionContract_SaysWhoCommandsOnSiteFirst_AndThatCommandIsHandedOver()
    {
        // C 4.2 "施工总承包单位项目负责人为现场抢险救援指挥的第一负责人……到现场后,施工总承包单位项目主要负责人要及时报告应急处置情况,
        // 向上级指挥部移交现场指挥权": the card said nothing of it.
        var input = new EmergencyPlans.Core.Assessment.IncidentInput
        {
            PlanId = "construction",
            OccurredAt = new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            Figures = new ReportedFigures { [Figure.Deaths] = 1 },
        };

        var command = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Repository.Engine.Assess(input)).Command;

        command.Should().NotBeNull();
        command!.Scope.Should().Be("on-site");
        command.Clause.Should().Be("4.2");
        command.CommandedBy.Should().StartWith("施工总承包单位项目负责人");
        command.CoordinatedBy.Should().Contain("上级指挥部").And.Contain("移交现场指挥权");
        command.Words.Should().Contain("现场抢险救援指挥的第一负责人").And.Contain("向上级指挥部移交现场指挥权");
    }

    [Fact]
    public void RoadContract_OneCounty_HasNoCrossBoundaryCommand()
    {
        var input = new EmergencyPlans.Core.Assessment.IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)),
            Figures = new ReportedFigures { DisruptedCounties = ["泽州县"] },
        };

        EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Repository.Engine.Assess(input)).Command.Should().BeNull();
    }
}
