using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// What a natural-disaster incident (晋市政办〔2026〕3号) says to the duty office, in the plan's words and numerals (a duty officer's review,
/// session 47, N8).
/// </summary>
public sealed class NaturalWordingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static object Dead(long deaths) => new { deaths, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };

    [Fact]
    public async Task IIIRaisedToIIThenEnded_TheDecisionsAndTheTimelineNameTheLevelsInThePlansNumerals()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应"; 5.2.2 "报主任决定" (Ⅱ); 5.7 "按启动响应的相关权限终止响应".
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", Dead(12)));
        incident = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.DeputyCommander);
        incident = await factory.ChangeAsync(incident, "/response", new { level = "II", action = "adjust", reason = "死亡22人" }, RoleCatalogue.Commander);

        var ended = await factory.ChangeAsync(incident, "/response/termination", new { reason = "救灾应急工作结束", conditionsConfirmed = true }, RoleCatalogue.Commander);

        var decisions = ended.Body.GetProperty("response").GetProperty("decisions").EnumerateArray().ToArray();
        decisions.Select(d => d.Str("detail")).Should().Equal("Ⅲ级", "Ⅲ级→Ⅱ级", "Ⅱ级");
        decisions.Select(d => d.Str("level")).Should().Equal(["III", "II", "II"], "the level facts a client reads keep the contract's letters");
        Timeline(ended.Body, "response-terminated").Should().StartWith("Ⅱ级响应终止（已确认终止条件：");
    }

    [Fact]
    public async Task TheChairmanActivatesII_TheResponsibleBodyIsNamedAsTheTimelineNamesHim()
    {
        // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定": the 市安委会主任 decides Ⅱ. It read "<key name> (commander)".
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", Dead(22)));

        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);

        var body = active.Body.GetProperty("response").Str("responsibleBody");
        body.Should().EndWith("（市安委会主任）").And.NotContain("(commander)").And.NotContain("commander)");
        body.Should().Be(active.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-activated").Str("actorName"));
    }

    [Fact]
    public async Task TheDutyOfficerProposesTheEnd_AskedInChinese_IsToldWhoEndsItAndThatTheOfficeProposesIt()
    {
        // N 2.2(2) 市安委办……"提出自然灾害救助应急响应启动、终止建议"; 5.7 "依据“谁启动、谁终止”的原则,按启动响应的相关权限终止响应".
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", Dead(12)));
        incident = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.DeputyCommander);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = (await TerminationAsync(client, incident, "zh-CN"), await TerminationAsync(client, incident, null));

        zh.Str("title").Should().Be("您的角色无权执行此操作", "the policy's 403 keeps its title");
        zh.Str("detail").Should().StartWith("您的角色（值班员）不能执行此操作。终止响应由启动响应的主体决定（依据：谁启动、谁终止，按启动响应的相关权限终止响应（晋市政办〔2026〕3号 5.7））；"
            + "终止建议由市安委办主任提出（依据：晋市政办〔2026〕3号 2.2(2) ").And.Contain("提出自然灾害救助应急响应启动、终止建议");
        en.Str("detail").Should().Be("Your roles (duty-officer) may not do this.", "English stays as it was");
    }

    [Fact]
    public async Task TheDutyOfficerEndsARoadResponse_AskedInChinese_IsToldWhoEndsItAndNoProposal()
    {
        // R 5.7 "按照“谁启动、谁结束”的原则,由相应启动应急响应的指挥机构宣布应急响应终止": no proposal to end.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));
        incident = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var zh = await TerminationAsync(client, incident, "zh-CN");

        zh.Str("detail").Should().Be("您的角色（值班员）不能执行此操作。终止响应由启动响应的主体决定（依据：谁启动、谁结束（晋市政办〔2025〕18号 5.7））。");
    }

    [Fact]
    public async Task TheDutyOfficerActivatesARoadResponse_AskedInChinese_IsToldWhoStartsEachLevelAndWhoProposes()
    {
        // R 5.3.1 "由市指挥部指挥长决定启动Ⅰ级响应"; 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应";
        // 5.3.1–5.3.2 启动程序 "市指挥部办公室……向市指挥部提出启动…应急响应的建议". The 403 said only 您的角色（值班员）不能执行此操作.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var request = Http.Request(incident.Url + "/response", System.Net.Http.Json.JsonContent.Create(new { level = "II", reason = "3人死亡" }), incident.ETag);
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Forbidden);
        var detail = (await response.JsonAsync()).Str("detail");
        detail.Should().StartWith("您的角色（值班员）不能执行此操作。启动、调整响应：Ⅰ级由").And.Contain("决定（5.3.1）；Ⅱ级由").And.Contain("（5.3.2）；Ⅲ级由")
            .And.Contain("（5.3.3）；启动建议由市指挥部办公室主任提出").And.EndWith("。");
        detail.Should().Contain("市指挥部指挥长或副指挥长", "5.3.2: who decides Ⅱ");
    }

    private static async Task<JsonElement> TerminationAsync(HttpClient client, Opened incident, string? acceptLanguage)
    {
        var request = Http.Request(incident.Url + "/response/termination",
            System.Net.Http.Json.JsonContent.Create(new { action = "propose", reason = "救灾应急工作结束" }), incident.ETag);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Forbidden);
        return await response.JsonAsync();
    }

    private static string Timeline(JsonElement incident, string type) =>
        incident.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == type).Str("summary");
}
