using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Through the real pipeline: the office's proposal to end a response. N 2.2(2) 市安委办……"提出自然灾害救助应急响应启动、终止建议,发出启动、终止通知";
/// N 5.7 "救灾应急工作结束后,经分析评估认为可以解除应急响应,依据“谁启动、谁终止”的原则,按启动响应的相关权限终止响应". Road 5.7 and construction 4.6
/// have no such proposal.
/// </summary>
public sealed class ResponseTerminationProposalTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static object NaturalDead(long deaths) => new { deaths, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };

    [Fact]
    public async Task Natural_2_2_2_the_office_proposes_the_end_the_deputy_declines_then_the_office_proposes_again_and_the_deputy_ends_it()
    {
        // N 5.3.1(1) 死亡和失踪10人以上20人以下; 5.3.2 市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", NaturalDead(12)));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.DeputyCommander);
        active.Body.GetProperty("response").GetProperty("terminationProposed").GetBoolean().Should().BeFalse();

        var proposed = await factory.ChangeAsync(active, "/response/termination", new { action = "propose", reason = "救灾应急工作结束，经分析评估可以解除" },
            RoleCatalogue.OfficeDirector);

        var response = proposed.Body.GetProperty("response");
        (response.Str("state"), response.Str("level")).Should().Be(("Active", "III"));
        response.GetProperty("terminationProposed").GetBoolean().Should().BeTrue();
        response.GetProperty("allowedTriggers").Strings().Should().Contain(["DeclineTermination", "Terminate"]);
        var decision = response.GetProperty("decisions").EnumerateArray().Last();
        (decision.Str("trigger"), decision.Str("level")).Should().Be(("ProposeTermination", "III"));
        proposed.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-termination-proposed").Str("summary")
            .Should().Be("市安委办提出终止Ⅲ级响应的建议（Ⅲ级响应继续实施）：救灾应急工作结束，经分析评估可以解除");

        var declined = await factory.ChangeAsync(proposed, "/response/termination", new { action = "decline", reason = "仍有群众未返迁" }, RoleCatalogue.DeputyCommander);
        declined.Body.GetProperty("response").Str("state").Should().Be("Active");
        declined.Body.GetProperty("response").GetProperty("terminationProposed").GetBoolean().Should().BeFalse();

        var again = await factory.ChangeAsync(declined, "/response/termination", new { action = "propose", reason = "群众已全部返迁" }, RoleCatalogue.OfficeDirector);
        var ended = await factory.ChangeAsync(again, "/response/termination", new { reason = "同意终止", conditionsConfirmed = true }, RoleCatalogue.DeputyCommander);

        ended.Body.GetProperty("response").Str("state").Should().Be("Terminated");
        ended.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-terminated").Str("summary")
            .Should().Contain("（采纳市安委办终止响应的建议）");
    }

    [Theory]
    // R 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": no proposal to end, so none to decline either. A decline was answered 409
    // "not in this state", as if one could be declined later.
    [InlineData("propose", RoleCatalogue.OfficeDirector)]
    [InlineData("decline", RoleCatalogue.Commander)]
    public async Task Road_5_7_has_no_proposal_to_end_the_propose_or_decline_action_is_a_400_naming_action(string action, string role)
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var client = factory.As(role);

        using var refused = await client.PostJsonAsync(active.Url + "/response/termination", new { action, reason = "不同意" }, active.ETag);

        await refused.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).GetProperty("errors").GetProperty("action")[0].GetString().Should().Contain("5.7");
    }

    [Fact]
    public async Task An_unknown_termination_action_is_a_400_naming_action()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", NaturalDead(12)));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.DeputyCommander);
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var refused = await client.PostJsonAsync(active.Url + "/response/termination", new { action = "withdraw", reason = "x" }, active.ETag);

        await refused.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).GetProperty("errors").GetProperty("action")[0].GetString().Should().Contain("propose");
    }
}
