using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Road warnings through the real pipeline (晋市政办〔2025〕18号):
/// 4.6 "有事实证明突发事件不可能发生或者危险已经解除的,经评估符合相应条件时,按照“谁发布、谁解除”的原则,由发布单位及时解除预警" — a lift
/// while the latest report still meets a colour is refused (409) unless the issuer confirms the assessment (<c>conditionsAssessed</c>).
/// </summary>
public sealed class WarningLiftTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Chinese = "zh-CN,zh;q=0.9";

    /// <summary>A road incident whose first report says fog of <paramref name="visibility"/> 米, with an orange warning issued (4.3.2(1)).</summary>
    private async Task<(Opened Incident, string WarningId)> OrangeInForceAsync(int visibility)
    {
        var body = Bodies.Incident(figures: new { deaths = 1, missing = 0 });
        // 浓雾 (R 4.3.2(1)): the orange rule reads fog alone.
        body["conditions"] = new { visibilityMetres = visibility, visibilityCause = "fog" };
        var incident = await factory.OpenAsync(body);
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "orange", reason = "能见度15米" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.Commander);
        return (issued, warningId);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, object body, long etag, string? acceptLanguage = null)
    {
        var request = Http.Request(url, JsonContent.Create(body), etag);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task Lift_WhileTheLatestReportStillMeetsOrange_Is409_NamingConditionsAssessed_TheColourAndTheClause_InChinese()
    {
        var (incident, warningId) = await OrangeInForceAsync(15);
        using var office = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(office, incident.Url + "/warnings", new { action = "lift", warningId, reason = "雾散" }, incident.ETag, Chinese);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(409);
        problem.Str("title").Should().Be("当前状态下不允许此操作");
        problem.ErrorFields().Should().Equal("conditionsAssessed");
        var stillMet = problem.GetProperty("stillMet");
        (stillMet.Str("colour"), stillMet.Str("clause"), stillMet.Str("rule")).Should().Be(("orange", "4.3.2(1)", "warning-4.3.2(1)-fog"));
        problem.Str("detail").Should().StartWith("最新报告仍满足橙色预警条件（4.3.2(1)：")
            .And.Contain("请先报送续报写明新的观测").And.Contain("conditionsAssessed: true").And.Contain("4.6");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "nothing was recorded");
    }

    [Fact]
    public async Task Lift_WhileOrangeIsMet_InEnglish_SaysTheSameInEnglish()
    {
        var (incident, warningId) = await OrangeInForceAsync(15);
        using var office = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(office, incident.Url + "/warnings", new { action = "lift", warningId, reason = "fog cleared" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("conditionsAssessed")[0].GetString().Should()
            .Contain("orange").And.Contain("4.3.2(1)").And.Contain("conditionsAssessed: true");
    }

    [Fact]
    public async Task Lift_WhileOrangeIsMet_WithConditionsAssessed_IsTaken_AndTheTimelineAndDecisionSaySo()
    {
        var (incident, warningId) = await OrangeInForceAsync(15);

        var lifted = await factory.ChangeAsync(incident, "/warnings",
            new { action = "lift", warningId, reason = "雾已散，现场确认", conditionsAssessed = true }, RoleCatalogue.OfficeDirector);

        var warning = lifted.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Lifted");
        warning.GetProperty("decisions").EnumerateArray().Last().Str("detail").Should().Be("橙色（经评估符合解除条件，4.6；最新报告仍满足橙色预警条件，4.3.2(1)）");
        lifted.Body.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("type") == "warning-lift"
            && t.Str("summary") == "橙色预警已解除（经评估符合解除条件，4.6；最新报告仍满足橙色预警条件，4.3.2(1)）：雾已散，现场确认");
    }

    [Fact]
    public async Task Lift_OnceAReportSaysTheFogCleared_NeedsNoConfirmation()
    {
        var (incident, warningId) = await OrangeInForceAsync(15);
        var reported = await factory.ChangeAsync(incident, "/reports",
            new { kind = "continuation", summary = "能见度恢复至800米", conditions = new { visibilityMetres = 800 } }, RoleCatalogue.DutyOfficer);

        var lifted = await factory.ChangeAsync(reported, "/warnings", new { action = "lift", warningId, reason = "雾散" }, RoleCatalogue.OfficeDirector);

        lifted.Body.GetProperty("warnings")[0].Str("state").Should().Be("Lifted");
    }

    [Theory]
    [InlineData("propose")]
    [InlineData("issue")]
    public async Task ConditionsAssessed_OnAnythingButALift_Is400NamingIt(string action)
    {
        var (incident, warningId) = await OrangeInForceAsync(800);
        using var office = factory.As(RoleCatalogue.OfficeDirector);
        object body = action == "propose"
            ? new { action, colour = "yellow", reason = "团雾", conditionsAssessed = true }
            : new { action, warningId, reason = "发布", conditionsAssessed = true };

        using var response = await SendAsync(office, incident.Url + "/warnings", body, incident.ETag, Chinese);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("conditionsAssessed");
        problem.GetProperty("errors").GetProperty("conditionsAssessed")[0].GetString().Should().Be("conditionsAssessed 仅在解除预警（action 为 lift）时填写");
    }

    [Fact]
    public async Task ConditionsAssessedFalse_Is400NamingIt()
    {
        var (incident, warningId) = await OrangeInForceAsync(800);
        using var office = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await SendAsync(office, incident.Url + "/warnings", new { action = "lift", warningId, reason = "雾散", conditionsAssessed = false }, incident.ETag, Chinese);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("conditionsAssessed");
        problem.Str("detail").Should().Contain("条件尚不具备，不能解除预警");
    }
}
