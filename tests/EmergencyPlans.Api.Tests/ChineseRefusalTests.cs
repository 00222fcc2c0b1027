using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A refusal of the plan's rules, in Chinese for a duty office's client that asks for it (Accept-Language), naming the posts as the
/// incident's plan does; English, as before, for any other client. The members a client reads (lifecycle, trigger, roles) stay the same.
/// </summary>
public sealed class ChineseRefusalTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task OfficeDirectorActivatesRoadLevelI_AskedInChinese_TheRefusalNamesThePostsOfR531InChinese()
    {
        // R 5.3.1 启动程序: "由市指挥部指挥长决定启动Ⅰ级响应"; the office director may not.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(client, incident.Url + "/response", Bodies.Activate("I", null), incident.ETag, "zh-CN,zh;q=0.9,en;q=0.8");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentLanguage.Should().Equal("zh-CN");
        response.Headers.Vary.Should().Contain("Accept-Language");
        var problem = await response.JsonAsync();
        problem.Str("title").Should().Be("无权作此决定");
        problem.Str("detail").Should().Contain("市指挥部办公室主任无权启动Ⅰ级响应").And.Contain("市指挥部指挥长");
        problem.Str("yourRole").Should().Be(RoleCatalogue.OfficeDirector, "the members a client reads are unchanged");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-GB")]
    [InlineData("en, zh-CN;q=0.5")]
    [InlineData("zh-CN;q=0")]
    public async Task TheSameRefusal_NotAskedInChineseFirst_IsTheEnglishItWas(string? acceptLanguage)
    {
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(client, incident.Url + "/response", Bodies.Activate("I", null), incident.ETag, acceptLanguage);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentLanguage.Should().BeEmpty();
        response.Headers.Vary.Should().Contain("Accept-Language", "a cache must not give the English answer to a client that asked for Chinese");
        (await response.JsonAsync()).Str("title").Should().Be("No authority for this decision");
    }

    [Fact]
    public async Task TerminatingAResponseNeverActivated_AskedInChinese_SaysTheStateAndWhatCanBeDoneInChinese()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await SendAsync(client, incident.Url + "/response/termination", Bodies.Terminate(), incident.ETag, "zh");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var problem = await response.JsonAsync();
        problem.Str("title").Should().Be("当前状态下不允许此操作");
        problem.Str("detail").Should().StartWith("应急响应当前为“未启动”，不能终止响应");
        problem.Str("state").Should().Be("NotActivated");
    }

    [Fact]
    public async Task ActivatingALevelWhileAnotherIsInForce_AskedInChinese_SaysItIsAnAdjustment_AndHowToSendIt()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应": the plan's word for raising Ⅳ to Ⅲ is 启动, and the 副主任 sent an
        // activation; the refusal listed the triggers of the state without saying that his is the adjustment (a review, session 55).
        var incident = await factory.OpenAsync(new Dictionary<string, object?>
        {
            ["plan"] = "natural-disaster",
            ["occurredAt"] = Bodies.OccurredAt,
            ["location"] = new { county = "阳城县" },
            ["nature"] = "暴雨洪涝",
            ["figures"] = new { deaths = 0, missing = 0, relocated = 3200 },
            ["reporter"] = new { name = "钱值班" },
        });
        var activated = await factory.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        var raised = await factory.ChangeAsync(activated, "/reports", Bodies.Continuation(new { relocated = 5200 }, "紧急转移安置增至5200人"), RoleCatalogue.DutyOfficer);
        using var deputy = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await SendAsync(deputy, raised.Url + "/response", Bodies.Activate("III"), raised.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var detail = (await response.JsonAsync()).Str("detail");
        detail.Should().StartWith("应急响应当前为“响应中”，不能启动响应");
        detail.Should().Contain("改变级别（如Ⅳ级改为Ⅲ级）是调整响应级别，请以 action 为 adjust 提交");
    }

    [Fact]
    public async Task RedIssue_ByTheCommander_WithTheProvincesApproval_IsRefused_SayingTheOfficeIssuesOnceTheProvinceApproved()
    {
        // R 4.4.1: for red the office does not approve; it issues once the province has. The refusal said
        // "市指挥部指挥长无权批准发布；可由：市指挥部办公室主任", as if the office approved red.
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "red", reason = "暴雪红色预警" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var commander = factory.As(RoleCatalogue.Commander);

        using var response = await SendAsync(commander, proposed.Url + "/warnings",
            new { action = "issue", warningId, reason = "同意发布", provinceApproval = "山西省应急管理厅" }, proposed.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var problem = await response.JsonAsync();
        problem.Str("detail").Should().Be("市指挥部指挥长无权发布红色预警；红色预警须经省人民政府或者省人民政府授权的省有关部门批准后，由市指挥部办公室发布（4.4.1）");
        problem.GetProperty("authorisedRoles").Strings().Should().Equal([RoleCatalogue.OfficeDirector], "the members a client reads are unchanged");
    }

    [Fact]
    public async Task OrangeIssue_ByTheDeputy_IsStillRefusedNamingTheCommanderWhoApproves()
    {
        // The other side: 4.4.1 "二级(橙色)预警……经市指挥部指挥长批准后": the approver's refusal keeps its wording.
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "orange", reason = "团雾" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var deputy = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await SendAsync(deputy, proposed.Url + "/warnings", new { action = "issue", warningId, reason = "同意" }, proposed.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).Str("detail").Should().StartWith("市指挥部副指挥长无权批准发布；可由：市指挥部指挥长");
    }

    /// <summary>A yellow warning proposed by the office and issued on the deputy commander's approval (4.4.1 三级(黄色)).</summary>
    private async Task<(Opened Incident, string WarningId)> YellowIssuedAsync()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "路面结冰" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.DeputyCommander);
        return (issued, warningId);
    }

    [Fact]
    public async Task YellowRaisedToOrange_ByTheOfficeDirector_IsRefusedSayingTheCommanderApprovesAndTheOfficeAdjusts()
    {
        // 4.4.1 "二级(橙色)预警……由市指挥部办公室提出建议,经市指挥部指挥长批准后,由市指挥部办公室发布"; 4.6 "发布预警信息的单位…进行预警级别调整".
        // It read "市指挥部办公室主任无权调整；可由：市指挥部指挥长": the office does adjust (road review s54, #11).
        var (issued, warningId) = await YellowIssuedAsync();
        using var director = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(director, issued.Url + "/warnings", new { action = "adjust", warningId, colour = "orange", reason = "加重" }, issued.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).Str("detail").Should().Be(
            "市指挥部办公室主任无权批准将预警调整为橙色预警；橙色预警须经市指挥部指挥长批准，由市指挥部办公室调整（4.4.1、4.6）：由市指挥部指挥长提交调整，即记为其批准、市指挥部办公室调整");
    }

    [Fact]
    public async Task OrangeRaisedToRed_ByTheCommander_WithTheProvincesApproval_IsRefusedSayingTheOfficeAdjustsOnceTheProvinceApproved()
    {
        // 4.4.1 一级(红色) "报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布". It read "市指挥部指挥长无权调整；可由：市指挥部办公室主任".
        var (issued, warningId) = await YellowIssuedAsync();
        var orange = await factory.ChangeAsync(issued, "/warnings", new { action = "adjust", warningId, colour = "orange", reason = "加重" }, RoleCatalogue.Commander);
        using var commander = factory.As(RoleCatalogue.Commander);

        using var response = await SendAsync(commander, orange.Url + "/warnings",
            new { action = "adjust", warningId, colour = "red", reason = "继续加重", provinceApproval = "山西省应急管理厅" }, orange.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).Str("detail").Should().Be(
            "市指挥部指挥长无权将预警调整为红色预警；红色预警须经省人民政府或者省人民政府授权的省有关部门批准后，由市指挥部办公室调整（4.4.1、4.6）");
    }

    [Fact]
    public async Task AWarningProposedByTheDutyOfficer_Is403SayingWhoProposesAndWhoApprovesEachColour()
    {
        var incident = await factory.OpenAsync();
        using var duty = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await SendAsync(duty, incident.Url + "/warnings", new { action = "propose", colour = "yellow", reason = "路面结冰" }, incident.ETag, "zh-CN");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var detail = (await response.JsonAsync()).Str("detail");
        detail.Should().StartWith("您的角色（值班员）不能执行此操作。预警由市指挥部办公室提出建议、发布、调整和解除；");
        detail.Should().Contain("橙色预警须经市指挥部指挥长批准（4.4.1）").And.Contain("黄色预警须经市指挥部副指挥长批准");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, object body, long etag, string? acceptLanguage)
    {
        var request = Http.Request(url, JsonContent.Create(body), etag);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return client.SendAsync(request);
    }
}
