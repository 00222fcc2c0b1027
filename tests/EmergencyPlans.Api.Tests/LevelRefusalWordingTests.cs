using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A response level refused to a role without its authority, in Chinese: the refusal names the level asked for and what the role may do
/// instead, as each plan gives it (response.levels[].activatedBy, delegationRequired, response.proposal), with the clause. It said
/// 市指挥部办公室主任无权启动响应 / 无权调整响应级别, as if the office director could start no level at all (a construction duty officer's
/// review, C6: 4.3.1(2) gives him Ⅲ). The problem document's members a client reads are unchanged.
/// </summary>
public sealed class LevelRefusalWordingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string, bool, string> Activations() => new()
    {
        // C 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应"; 4.3.2(2) "市指挥部办公室……提出启动Ⅱ级响应建议，由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应".
        {
            "construction", "II", RoleCatalogue.OfficeDirector, false,
            "市指挥部办公室主任无权启动Ⅱ级响应（Ⅲ级可由本人启动，4.3.1(2)；本人可提出启动Ⅱ级响应的建议，4.3.2(2)）；可由：市指挥部指挥长、市指挥部副指挥长（受市指挥部指挥长委托）（依据：晋市政办〔2025〕15号 4.3.2(2) "
        },
        // C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应": the deputy may start Ⅱ only when delegated (4.3.2(2)).
        {
            "construction", "I", RoleCatalogue.DeputyCommander, true,
            "市指挥部副指挥长无权启动Ⅰ级响应（Ⅱ级经市指挥部指挥长委托可由本人启动，4.3.2(2)）；可由：市指挥部指挥长（依据：晋市政办〔2025〕15号 4.3.3(2) "
        },
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.3.1 "由市指挥部指挥长决定启动Ⅰ级响应".
        {
            "road-traffic", "I", RoleCatalogue.DeputyCommander, false,
            "市指挥部副指挥长无权启动Ⅰ级响应（Ⅱ级可由本人启动，5.3.2）；可由：市指挥部指挥长（依据：晋市政办〔2025〕18号 5.3.1 "
        },
        // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"; 5.3.2 "市指挥部办公室……向市指挥部提出启动Ⅱ级应急响应的建议".
        {
            "road-traffic", "II", RoleCatalogue.OfficeDirector, false,
            "市指挥部办公室主任无权启动Ⅱ级响应（Ⅲ级可由本人启动，5.3.3；本人可提出启动Ⅱ级响应的建议，5.3.2）；可由：市指挥部指挥长、市指挥部副指挥长（依据：晋市政办〔2025〕18号 5.3.2 "
        },
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.3.2 "市安委办……向市安委会提出启动Ⅲ级响应的建议" and "市安委会副主任……决定启动Ⅲ级响应".
        {
            "natural-disaster", "III", RoleCatalogue.OfficeDirector, false,
            "市安委办主任无权启动Ⅲ级响应（Ⅳ级可由本人启动，5.4.2；本人可提出启动Ⅲ级响应的建议，5.3.2）；可由：市安委会副主任、"
        },
        // N 5.3.2 Ⅲ 市安委会副主任; 5.2.2 Ⅱ "市安委会副主任(分管安全工作副市长)报主任决定": his part in Ⅱ is to take the proposal to the 主任
        // (review s63 D63-15).
        {
            "natural-disaster", "II", RoleCatalogue.DeputyCommander, false,
            "市安委会副主任无权启动Ⅱ级响应（Ⅲ级可由本人启动，5.3.2；本人应将启动Ⅱ级响应的建议报市安委会主任决定，5.2.2）；可由：市安委会主任"
        },
        // N 5.1.2 "必要时,市委、市政府直接决定启动Ⅰ级响应"; 5.2.2 Ⅱ 主任.
        {
            "natural-disaster", "I", RoleCatalogue.Commander, false,
            "市安委会主任无权启动Ⅰ级响应（Ⅱ级可由本人启动，5.2.2）；可由：市委、市政府（依据：晋市政办〔2026〕3号 5.1.2 "
        },
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public async Task ActivatingALevelAboveTheRole_AskedInChinese_NamesTheLevelAndWhatTheRoleMayDo(string plan, string level, string role, bool delegated,
        string expected)
    {
        var incident = await factory.OpenAsync(Bodies.Incident(plan, new { deaths = 1 }));
        using var client = factory.As(role);

        using var response = await SendAsync(client, incident.Url + "/response", Bodies.Activate(level, delegated ? true : null), incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, role, "Activate");
        problem.Str("detail").Should().StartWith(expected);
    }

    [Fact]
    public async Task AReadingGivingALowerLevelToTwoHigherBodies_IsSaidOnce()
    {
        // N 5.3.2 Ⅲ "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应"; the bodies of Ⅱ (5.2.2 主任) and Ⅰ (5.1.2 市委、市政府) start it by our
        // reading: one reading, said once before both (it was said for each: a drill facilitator's review, session 60, F11).
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(client, incident.Url + "/response", Bodies.Activate("III"), incident.ETag);

        var detail = (await ShouldBeTheSameProblemAsync(response, RoleCatalogue.OfficeDirector, "Activate")).Str("detail");
        detail.Should().Contain("按本系统对预案的解读：有权启动Ⅱ级响应者").And.Contain("有权启动Ⅰ级响应者");
        detail.Split("按本系统对预案的解读").Should().HaveCount(2, detail);
    }

    [Fact]
    public async Task UndelegatedDeputyActivatesConstructionII_AskedInChinese_NamesTheLevelAndStillSaysHowTheDelegationIsRecorded()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应".
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await SendAsync(client, incident.Url + "/response", Bodies.Activate("II"), incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, RoleCatalogue.DeputyCommander, "Activate");
        problem.Str("detail").Should().StartWith("市指挥部副指挥长未受市指挥部指挥长委托，无权启动Ⅱ级响应；可由：市指挥部指挥长（依据：晋市政办〔2025〕15号 4.3.2(2) ")
            .And.EndWith("。如已受市指挥部指挥长委托，决定时应注明受委托（delegatedByCommander: true）");
    }

    [Fact]
    public async Task OfficeDirectorRaisesHisConstructionIIIToII_AskedInChinese_NamesTheLevelAndThatHeMayProposeIt()
    {
        // C 4.3.1(2) Ⅲ by the office director; 4.3.2(2) Ⅱ: the office proposes, 指挥长或委托副指挥长 decides.
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1 }));
        incident = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(client, incident.Url + "/response", Adjust("II"), incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, RoleCatalogue.OfficeDirector, "Adjust");
        problem.Str("detail").Should().StartWith(
            "市指挥部办公室主任无权将响应调整至Ⅱ级（本人可提出启动Ⅱ级响应的建议，4.3.2(2)）；可由：市指挥部指挥长、市指挥部副指挥长（受市指挥部指挥长委托）（依据：晋市政办〔2025〕15号 4.3.2(2) ");
    }

    [Fact]
    public async Task DelegatedDeputyRaisesConstructionIIToI_AskedInChinese_SaysHeMayNotTakeItToI()
    {
        // C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应".
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 3 }));
        incident = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II", true), RoleCatalogue.DeputyCommander);
        using var client = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await SendAsync(client, incident.Url + "/response", Adjust("I"), incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, RoleCatalogue.DeputyCommander, "Adjust");
        problem.Str("detail").Should().StartWith("市指挥部副指挥长无权将响应调整至Ⅰ级；可由：市指挥部指挥长（依据：晋市政办〔2025〕15号 4.3.3(2) ");
    }

    [Fact]
    public async Task TheDeputyDeclinesTheOfficesNaturalIIProposal_AskedInChinese_NamesTheLevelHeMayNotDecide()
    {
        // N 5.2.2 "市安委办……向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定": the 副主任 does not decide Ⅱ.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 22 }));
        incident = await factory.ChangeAsync(incident, "/response", new { level = "II", action = "propose", reason = "死亡22人" }, RoleCatalogue.OfficeDirector);
        using var client = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await SendAsync(client, incident.Url + "/response", new { action = "decline", reason = "再核实" }, incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, RoleCatalogue.DeputyCommander, "Decline");
        // His part is to take the proposal to the 主任, which the refusal now says (review s63 D63-15).
        problem.Str("detail").Should().StartWith("市安委会副主任无权决定不予启动Ⅱ级响应（本人应将启动Ⅱ级响应的建议报市安委会主任决定，5.2.2）；可由：市安委会主任");
    }

    [Fact]
    public async Task TheCommanderProposesRoadI_AskedInChinese_NamesTheLevel_WhoProposes_AndThatHeStartsItHimself()
    {
        // R 5.3.1 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级应急响应": the office
        // proposes; the commander decides. His proposal was refused as 无权提出启动建议, naming no level and not that he decides it.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 10 }));
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await SendAsync(client, incident.Url + "/response", new { level = "I", action = "propose", reason = "死亡10人" }, incident.ETag);

        var problem = await ShouldBeTheSameProblemAsync(response, RoleCatalogue.Commander, "Propose");
        problem.Str("detail").Should().StartWith("市指挥部指挥长无权提出启动Ⅰ级响应的建议（Ⅰ级可由本人直接启动，5.3.1）；可由：市指挥部办公室主任（依据：晋市政办〔2025〕18号 5.3.1 ");
    }

    private static object Adjust(string level) => new { level, action = "adjust", reason = "态势变化，调整响应级别" };

    /// <summary>The 403 as before: its status, title and the members a client reads; only the detail's words are new.</summary>
    private static async Task<System.Text.Json.JsonElement> ShouldBeTheSameProblemAsync(HttpResponseMessage response, string role, string trigger)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var problem = await response.JsonAsync();
        problem.Str("title").Should().Be("无权作此决定");
        problem.Str("lifecycle").Should().Be("ResponseLifecycle");
        problem.Str("trigger").Should().Be(trigger);
        problem.Str("yourRole").Should().Be(role);
        problem.GetProperty("authorisedRoles").GetArrayLength().Should().BePositive();
        return problem;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, object body, long etag)
    {
        var request = Http.Request(url, JsonContent.Create(body), etag);
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        return client.SendAsync(request);
    }
}
