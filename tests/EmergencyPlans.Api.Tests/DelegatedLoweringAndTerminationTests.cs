using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The construction duty officer's review, s58 #5 and #9, over REST. C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.4
/// "各类建设工程事故的响应等级，可视情提高或降低"; 4.6 "按照“谁启动、谁终止”的原则……由启动响应的指挥机构确认并结束应急响应"; 4.3.3(2)
/// "由市指挥部指挥长立即启动 I 级响应". A deputy on the commander's delegation lowers and ends the commander's Ⅱ (the 市指挥部 acting); the
/// termination takes <c>delegatedByCommander</c>; what the delegation does not reach (Ⅰ) is refused saying why, with the clause (ADR 0003 #76).
/// </summary>
public sealed class DelegatedLoweringAndTerminationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static object Lower(string level, bool? delegatedByCommander) =>
        new { action = "adjust", level, reason = "险情消除", delegatedByCommander };

    private static object End(bool? delegatedByCommander) =>
        new { reason = "事故得到有效控制", conditionsConfirmed = true, delegatedByCommander };

    private async Task<Opened> ConstructionAsync(string level, int deaths)
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths }));
        return await factory.ChangeAsync(incident, "/response", Bodies.Activate(level), RoleCatalogue.Commander);
    }

    private static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    [Fact]
    public async Task TheDelegatedDeputyLowersTheCommandersII_200_TheTimelineSaysOnTheCommandersDelegation()
    {
        var active = await ConstructionAsync("II", deaths: 4);

        var lowered = await factory.ChangeAsync(active, "/response", Lower("III", true), RoleCatalogue.DeputyCommander);

        lowered.Body.GetProperty("response").Str("level").Should().Be("III");
        lowered.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-adjusted").Str("summary")
            .Should().Be("响应调整为Ⅲ级（受市指挥部指挥长委托）：险情消除");
    }

    [Fact]
    public async Task TheDelegatedDeputyEndsTheCommandersII_TheTerminationTakesDelegatedByCommander_200()
    {
        var active = await ConstructionAsync("II", deaths: 4);

        var ended = await factory.ChangeAsync(active, "/response/termination", End(true), RoleCatalogue.DeputyCommander);

        ended.Body.GetProperty("response").Str("state").Should().Be("Terminated");
        ended.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-terminated").Str("summary")
            .Should().Contain("（受市指挥部指挥长委托）");
        ended.Body.GetProperty("response").GetProperty("decisions").EnumerateArray().Last().GetProperty("actor").GetProperty("delegatedByCommander")
            .GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task TheUndelegatedDeputyLowersTheCommandersII_403_SaysWhoseLevelItIs_CitesTheTermination_AndHowToStateTheDelegation()
    {
        var active = await ConstructionAsync("II", deaths: 4);

        var (status, problem) = await factory.PostRawAsync(active, "/response", Json(Lower("III", null)), RoleCatalogue.DeputyCommander);

        status.Should().Be(HttpStatusCode.Forbidden);
        problem.Str("detail").Should()
            .StartWith("市指挥部副指挥长未受市指挥部指挥长委托，无权将Ⅱ级响应下调至Ⅲ级（Ⅱ级响应由市指挥部指挥长决定）；可由：市指挥部指挥长（依据：谁启动、谁终止（晋市政办〔2025〕15号 4.6）")
            .And.Contain("4.3.2(2)")
            .And.EndWith("。如已受市指挥部指挥长委托，决定时应注明受委托（delegatedByCommander: true）")
            .And.NotContain("无权调整响应级别");
        problem.GetProperty("authorisedRoles").Strings().Should().Equal("commander", "deputy-commander (delegated by commander)");
    }

    [Theory]
    [InlineData("/response", "将Ⅰ级响应下调至Ⅱ级")]
    [InlineData("/response/termination", "终止Ⅰ级响应")]
    public async Task TheDelegatedDeputyLowersOrEndsTheCommandersI_403_SaysTheDelegationDoesNotReachI_Citing4_3_3(string path, string what)
    {
        var active = await ConstructionAsync("I", deaths: 10);
        var body = path == "/response" ? Lower("II", true) : End(true);

        var (status, problem) = await factory.PostRawAsync(active, path, Json(body), RoleCatalogue.DeputyCommander);

        status.Should().Be(HttpStatusCode.Forbidden);
        problem.Str("title").Should().Be("无权作此决定");
        problem.Str("detail").Should().StartWith($"市指挥部副指挥长虽受市指挥部指挥长委托，仍无权{what}：Ⅰ级响应由市指挥部指挥长决定，")
            .And.Contain("4.3.3(2) 由市指挥部指挥长立即启动 I 级响应").And.Contain("4.3.2(2)").And.Contain("4.6");
        problem.GetProperty("authorisedRoles").Strings().Should().Equal("commander");
        (await factory.GetAsync(active.Id)).Body.GetProperty("response").Str("level").Should().Be("I");
    }

    [Fact]
    public async Task ARoadTerminationClaimingADelegation_400_NamesTheMemberInChinese()
    {
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": no 委托 in the road plan.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 4 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);

        var (status, problem) = await factory.PostRawAsync(active, "/response/termination", Json(End(true)), RoleCatalogue.DeputyCommander);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("delegatedByCommander");
        problem.GetProperty("errors").GetProperty("delegatedByCommander")[0].GetString().Should().Contain("受市指挥部指挥长委托").And.Contain("5.7");
    }

    [Fact]
    public async Task AProposalToEndWithDelegatedByCommander_400_TheMemberIsNotReadByAProposal()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 12 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.DeputyCommander);

        var (status, problem) = await factory.PostRawAsync(active, "/response/termination",
            Json(new { action = "propose", reason = "救灾应急工作结束", delegatedByCommander = true }), RoleCatalogue.OfficeDirector);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("delegatedByCommander");
        problem.GetProperty("errors").GetProperty("delegatedByCommander")[0].GetString().Should().StartWith("delegatedByCommander 仅在终止响应（terminate）或不同意终止（decline）时填写");
    }

    [Fact]
    public async Task AProposalOfALevelWithDelegatedByCommander_400_TheOfficeProposesInItsOwnName()
    {
        // C 4.3.2(2) "市指挥部办公室……提出启动Ⅱ级响应建议,由市指挥部指挥长或委托副指挥长……启动Ⅱ级响应": the delegation is the decider's.
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 4 }));

        var (status, problem) = await factory.PostRawAsync(incident, "/response",
            Json(new { level = "II", action = "propose", reason = "4人死亡，建议启动Ⅱ级响应", delegatedByCommander = true }), RoleCatalogue.OfficeDirector);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("delegatedByCommander");
        problem.GetProperty("errors").GetProperty("delegatedByCommander")[0].GetString().Should().StartWith("delegatedByCommander 仅在启动（activate）、调整（adjust）或不同意启动（decline）时填写");
        (await factory.GetAsync(incident.Id)).Body.GetProperty("response").Str("state").Should().NotBe("proposed", "nothing was recorded");
    }

    [Fact]
    public async Task TheOfficeDirectorDeclaresIII_TheProposalDutyEndsNotNeeded_TheReportToTheHqLeadersIsOwed()
    {
        // C 4.3.1(2) "……向市指挥部报告,提出启动Ⅲ级响应建议,由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导" (s58 #9).
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1 }));

        var declared = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);

        var duties = declared.Body.GetProperty("obligations").EnumerateArray().ToArray();
        var proposal = duties.Single(o => o.Str("code") == "office-report-with-proposal");
        (proposal.Str("status"), proposal.Str("endedAs")).Should().Be(("ended", "not-needed"));
        duties.Should().Contain(o => o.Str("code") == "level-iii-report-to-hq-leaders" && o.Str("status") != "ended");
    }
}
