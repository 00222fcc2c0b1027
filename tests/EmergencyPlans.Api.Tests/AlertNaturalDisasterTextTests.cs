using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A natural-disaster duty officer's rainstorm night (review s61), findings ND-03, ND-06, ND-07 and ND-08: what the alerts and the incident's
/// assessment say of unknown figures, of a level only called for, of a grade declared at Ⅰ, and of the grade nobody has declared. Written from
/// 晋市政办〔2026〕3号; fake clock at 2026-03-01 10:00 (UTC+8), the scan the test's own.
/// </summary>
public sealed class AlertNaturalDisasterTextTests
{
    private const string Plan = "natural-disaster";

    private static ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false");

    private static Task<JsonElement[]> AlertsAsync(ApiFactory host, Opened incident, string kind) =>
        ListAsync(host, $"incident={incident.Id}&kind={kind}");

    private static async Task<JsonElement> AlertAsync(ApiFactory host, Opened incident, string kind) =>
        (await AlertsAsync(host, incident, kind)).Should().ContainSingle().Subject;

    private static async Task<JsonElement> IncidentAsync(ApiFactory host, Opened incident)
    {
        using var client = host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync(incident.Url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    // ---- ND-06 ----

    [Fact]
    public async Task NewIncident_DeathsUnknown_NamesTheLowestAndTheHighestLevelTheyCouldReach()
    {
        // N 5.4.1(1) Ⅳ "因灾死亡和失踪5人以上10人以下" … 5.1.1(1) Ⅰ "死亡和失踪50人以上(含本数,下同)"; 5.4.1(3) "倒塌和严重损坏房屋1000间或500户以上"
        // … 5.1.1(3) "倒塌和严重损坏房屋10万间或3万户以上". Only 2,500 relocated are known (no level yet): an unknown death toll can reach Ⅰ, and the
        // alert said "死亡未报（可能达到Ⅳ级响应，5.4.1(1)）" (review s61 ND-06).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { relocated = 2500 }));

        await ScanAsync(host);

        var text = (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text");
        text.Should().Contain("死亡未报（可能达到Ⅳ级至Ⅰ级响应，5.4.1(1)—5.1.1(1)）")
            .And.Contain("倒塌和严重损坏房屋（间）未报（可能达到Ⅳ级至Ⅰ级响应，5.4.1(3)—5.1.1(3)）")
            .And.NotContain("可能达到Ⅳ级响应");
    }

    [Fact]
    public async Task NewIncident_UnderAPlanWithoutWarnings_DoesNotSayAWarningMayBeNeeded()
    {
        // The natural-disaster plan issues no warning (`plans guide natural-disaster`: 四、预警 … 本预案不设预警; its 3 灾害救助准备 follows the warnings
        // other departments issue). The heading said "待核实（未报，可能提高响应级别或需发布预警）" (review s61 ND-06). Road keeps it (4.3, pinned
        // in AlertWhatItCouldChangeTests).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { relocated = 2500 }));

        await ScanAsync(host);

        var text = (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text");
        text.Should().Contain("待核实（未报，可能提高响应级别）：死亡未报").And.NotContain("预警");
    }

    // ---- ND-07 ----

    [Fact]
    public async Task Escalation_IVCalledForAndNeverStarted_TitleSaysTheLevelCalledFor_NotAResponseInForce()
    {
        // N 5.4.1(2) Ⅳ "紧急转移安置和需紧急生活救助3000人以上5000人以下"; 5.2.1(2) Ⅱ "…10万人以上20万人以下". 5.4.2 "由市安委办主任决定启动Ⅳ级
        // 响应": a level is in force by a decision, not by the figures. Nobody started Ⅳ; the title said "（响应Ⅳ级→Ⅱ级）" (review s61 ND-07).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { deaths = 0, missing = 0, relocated = 4000, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { relocated = 120_000 }, "转移安置12万人"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = await AlertAsync(host, incident, AlertKinds.Escalation);
        alert.Str("title").Should().StartWith("响应级别上升：").And.EndWith("（应启动级别Ⅳ级→Ⅱ级，尚未启动响应）");
        alert.Str("text").Should().StartWith("应启动级别Ⅳ级→Ⅱ级，尚未启动响应。").And.Contain("建议启动Ⅱ级响应");
        var details = alert.GetProperty("details");
        details.Str("fromLevel").Should().Be("IV", "the fields keep their meaning: the level the figures called for");
        details.Str("toLevel").Should().Be("II");
        details.TryGetProperty("levelInForce", out _).Should().BeFalse("no level is in force");
    }

    [Fact]
    public async Task Escalation_IVInForce_TitleSaysTheResponseInForce_AndDetailsCarryIt()
    {
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.3.1(2) Ⅲ "紧急转移安置和需紧急生活救助5000人以上10万人以下". Ⅳ really is in force: the title says
        // so as before, and details say which level is in force (added: fromLevel is the level the figures called for).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { deaths = 0, missing = 0, relocated = 3500, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));
        var four = await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        await host.ChangeAsync(four, "/reports", Bodies.Continuation(new { relocated = 6000 }, "转移安置6000人"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = await AlertAsync(host, incident, AlertKinds.Escalation);
        alert.Str("title").Should().EndWith("（响应Ⅳ级→Ⅲ级）");
        alert.Str("text").Should().StartWith("响应Ⅳ级→Ⅲ级。");
        alert.GetProperty("details").Str("levelInForce").Should().Be("IV");
    }

    // ---- ND-08 ----

    [Theory]
    // N 5 "其中Ⅰ级为最高级别"; 5.1.1(1) "死亡和失踪50人以上": 45 dead and 8 missing, Ⅰ decided by 市委、市政府 (5.1.2). A 续报 declares 重大. The
    // declaration starts 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间向本级党委和政府及上级应急管理部门报告", 4.1.5 "重大及以上自然灾害
    // 灾情稳定前,相关各级应急管理部门执行灾情24小时零报告制度" and 4.2.1 "针对重大以上自然灾害过程…及时组织相关部门召开灾情会商会"; there is no
    // level above Ⅰ. The alert said "请复核响应级别和报告义务。请值班领导研判是否调整响应" and "未定级" where the timeline says 未定 (review s61 ND-08).
    [InlineData("I", 45, 8, 150_000, RoleCatalogue.PartyCommitteeGovernment, "Ⅰ级响应已在实施，为最高级别")]
    // N 5.2.1(1) "死亡和失踪20人以上50人以下" → Ⅱ, decided by the 市安委会主任 (5.2.2). The plan sets its levels by the figures (5.1.1–5.4.1) and has
    // no grade table: 重大 changes the reporting, not the level. Below Ⅰ the alert still asked 请复核响应级别 (noted with ND-08).
    [InlineData("II", 25, 0, 20_000, RoleCatalogue.Commander, "本预案的响应级别按灾情数字确定，认定的灾害等级不改变响应级别")]
    public async Task Escalation_SeriousDeclared_NamesTheDutiesItStarts_AndAsksNoLevelReview(string level, int deaths, int missing, int relocated, string decider, string said)
    {
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { deaths, missing, relocated, collapsedRooms = 500, collapsedHouseholds = 100, droughtAidPeople = 0 }));
        var decided = await host.ChangeAsync(incident, "/response", Bodies.Activate(level), decider);
        var declared = await host.ChangeAsync(decided, "/reports", Bodies.Continuation(new { declaredGrade = "serious" }, "灾害等级认定为重大"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = (await AlertsAsync(host, incident, AlertKinds.Escalation)).Should().ContainSingle(a => a.Str("key").EndsWith($":serious:{level}", StringComparison.Ordinal)).Subject;
        alert.Str("title").Should().StartWith("灾害等级上升：").And.EndWith("（灾害等级未定→重大）");
        alert.Str("text").Should().NotContain("请复核响应级别").And.NotContain("请值班领导研判").And.NotContain("未定级")
            .And.Contain(said)
            .And.Contain("4.1.3）").And.Contain("4.1.5）").And.Contain("4.2.1）")
            .And.Contain("召开灾情会商会");
        declared.Body.GetProperty("escalation").Str("recommendation").Should().NotContain("请复核响应级别", "the incident's escalation says it as the alert does")
            .And.Contain(said);
    }

    // ---- ND-03 ----

    [Fact]
    public async Task AtI_NoGradeDeclared_TheIncidentsAssessmentAsksTheGradeQuestion_WithTheDutiesFromThePlan()
    {
        // N 5.1.1(1) Ⅰ; the plan has no grade table: whether the disaster is 重大 (4.1.5 "重大及以上", 4.2.1 "重大以上") or 重特大 (4.1.3) is declared
        // by the competent department (DOMAIN §2). Nothing on the incident asked it: judgementsToConsider was empty and the three duties sat in
        // ifDeclaredSerious without a word (review s61 ND-03). The question is carried as the construction 较大涉险事故 one is (C 4.1(二)).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { deaths = 45, missing = 8, relocated = 150_000, collapsedRooms = 12_000, collapsedHouseholds = 3500, droughtAidPeople = 0 }));

        var body = await IncidentAsync(host, incident);

        var question = body.GetProperty("assessment").GetProperty("judgementsToConsider").EnumerateArray()
            .Should().ContainSingle(j => j.Str("judgement") == "declaredGrade").Subject;
        question.Str("label").Should().Be("重大或特别重大");
        question.GetProperty("wouldAdd").EnumerateArray().Select(d => d.Str("code")).Should()
            .Contain(["first-report-serious-disaster", "zero-report-24h", "disaster-consultation"], "from the plan's duties conditioned on declaredGrade");
        question.Str("text").Should().StartWith("灾害等级尚未认定；认定为重大或特别重大时还须：")
            .And.Contain("4.1.3）").And.Contain("4.1.5）").And.Contain("4.2.1）").And.EndWith("认定结果记入报告的 declaredGrade。");

        await ScanAsync(host);
        (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text").Should().Contain("待研判：灾害等级尚未认定；认定为重大或特别重大时还须：");
    }

    [Fact]
    public async Task Escalation_ToI_NoGradeDeclared_AsksTheGradeQuestion()
    {
        // N 5.2.1(1) Ⅱ "死亡和失踪20人以上50人以下" → 5.1.1(1) Ⅰ "50人以上"; no grade declared. The Ⅱ→Ⅰ alert said nothing of 重大/零报告 (review
        // s61 ND-03: "a duty officer who only watches alerts and the incident will not start the zero report on a 53-casualty disaster").
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(Plan, new { deaths = 25, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 45, missing = 8 }, "两县死亡失踪人数上升"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = (await AlertsAsync(host, incident, AlertKinds.Escalation)).Should().ContainSingle(a => a.Str("key").EndsWith(":I", StringComparison.Ordinal)).Subject;
        alert.Str("text").Should().Contain("灾害等级尚未认定；认定为重大或特别重大时还须：")
            .And.Contain("4.1.5）").And.Contain("4.1.3）").And.Contain("4.2.1）");
    }
}
