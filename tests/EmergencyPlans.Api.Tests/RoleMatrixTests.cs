using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Every role against every action, then the traps: authority that depends on the plan and level, and
/// 谁启动谁终止 / 谁发布谁解除. Each row sets up its own incident with the roles that may do so, then
/// lets the role under test try once; a refusal must leave the incident untouched.
/// </summary>
public sealed class RoleMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Ok = 200;
    private const int Created = 201;
    private const int Forbidden = 403;

    public static readonly IReadOnlyList<string> Actions = ["assess", "open", "report", "activate", "terminate", "fulfil", "warning", "list", "get", "ingest"];

    /// <summary>
    /// action → status per role, in the order duty-officer, office-director, deputy-commander, commander,
    /// party-committee-government, observer, feed, drill. "activate" is road Ⅲ (office director; the
    /// commander and deputies above him too); "terminate" ends a Ⅲ the office director started; "warning"
    /// is a proposal, which the office makes (road 4.4.1). The drill role runs drills in a store of their
    /// own and may only read real incidents: it can neither open nor change one.
    /// </summary>
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        ["assess"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        // The feed writes through the feed only (issue 8), the drill role runs drills only (issue 9): neither opens
        // nor changes an incident over REST.
        ["open"] = [Created, Created, Created, Created, Forbidden, Forbidden, Forbidden, Forbidden],
        ["report"] = [Ok, Ok, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden],
        ["activate"] = [Forbidden, Ok, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden],
        ["terminate"] = [Forbidden, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ["fulfil"] = [Ok, Ok, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden],
        ["warning"] = [Forbidden, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ["list"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["get"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ingest"] = [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
    };

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var action in Actions)
        {
            for (var i = 0; i < Keys.Roles.Count; i++)
            {
                data.Add(action, Keys.Roles[i], Expected[action][i]);
            }
        }

        return data;
    }

    public static TheoryData<string> AllActions() => new(Actions);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Action_ByRole_IsAllowedOrForbiddenAsTheMatrixSays(string action, string role, int expected)
    {
        var (request, incident) = await PrepareAsync(action);
        using var client = factory.As(role);

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync((HttpStatusCode)expected);
        if (expected == Forbidden)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.JsonAsync()).GetProperty("status").GetInt32().Should().Be(403);
            if (incident is not null)
            {
                (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "a refused change stores nothing");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task Action_WithoutKey_Returns401Problem(string action)
    {
        var (request, _) = await PrepareAsync(action);
        using var client = factory.Anonymous();

        using var response = await client.SendAsync(request);

        await ShouldBeUnauthorizedAsync(response);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public async Task Action_WithWrongKey_Returns401Problem(string action)
    {
        var (request, _) = await PrepareAsync(action);
        using var client = factory.Anonymous();
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.WrongKey);

        using var response = await client.SendAsync(request);

        await ShouldBeUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Action_WithBasicInsteadOfBearer_Returns401()
    {
        using var client = factory.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Keys.For(RoleCatalogue.Commander));

        using var response = await client.GetAsync(Http.Incidents);

        await ShouldBeUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Activate_RoadLevelIByDeputyCommander_Returns403NamingTheCommander()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await client.PostJsonAsync(incident.Url + "/response", Bodies.Activate("I"), incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var problem = await response.JsonAsync();
        problem.Str("yourRole").Should().Be("deputy-commander");
        problem.GetProperty("authorisedRoles").Strings().Should().Equal("commander");
        (await factory.GetAsync(incident.Id)).Body.GetProperty("response").Str("state").Should().Be("NotActivated");
    }

    [Fact]
    public async Task Terminate_LevelIIStartedByCommanderTriedByOfficeDirector_Returns403()
    {
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(active.Url + "/response/termination", Bodies.Terminate(), active.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("authorisedRoles").Strings().Should().Equal("commander");
        (await factory.GetAsync(incident.Id)).Body.GetProperty("response").Str("state").Should().Be("Active");
    }

    [Fact]
    public async Task Terminate_LevelIIStartedByCommanderEndedByCommander_Returns200()
    {
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);

        var ended = await factory.ChangeAsync(active, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);

        ended.Body.GetProperty("response").Str("state").Should().Be("Terminated");
    }

    [Fact]
    public async Task Terminate_AfterTheCommanderRaisedTheOfficeDirectorsLevelIII_IsForTheCommanderOnly()
    {
        var incident = await factory.OpenAsync();
        var started = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        var raised = await factory.ChangeAsync(started, "/response", new { level = "II", action = "adjust", reason = "超出县级处置能力" }, RoleCatalogue.Commander);
        using var office = factory.As(RoleCatalogue.OfficeDirector);

        using var refused = await office.PostJsonAsync(raised.Url + "/response/termination", Bodies.Terminate(), raised.ETag);

        await refused.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        var ended = await factory.ChangeAsync(raised, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);
        ended.Body.GetProperty("response").Str("state").Should().Be("Terminated");
    }

    [Fact]
    public async Task Adjust_LoweringTheCommandersLevelIIByADeputy_Returns403()
    {
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var deputy = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await deputy.PostJsonAsync(active.Url + "/response", new { level = "III", action = "adjust", reason = "降级" }, active.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Activate_ActingAsARoleTheKeyDoesNotHold_Returns403()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(incident.Url + "/response",
            new { level = "I", action = "activate", reason = "冒充", actingAs = "commander" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Warning_LiftedBySomeoneOtherThanItsIssuer_IsRefusedAndStaysInForce()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "道路结冰" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "批准" }, RoleCatalogue.DeputyCommander);

        foreach (var role in new[] { RoleCatalogue.DeputyCommander, RoleCatalogue.Commander, RoleCatalogue.DutyOfficer, RoleCatalogue.Drill })
        {
            using var client = factory.As(role);
            using var response = await client.PostJsonAsync(issued.Url + "/warnings", new { action = "lift", warningId, reason = "解除" }, issued.ETag);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        }

        var current = await factory.GetAsync(incident.Id);
        current.ETag.Should().Be(issued.ETag);
        current.Body.GetProperty("warnings")[0].Str("state").Should().Be("Issued");
        var lifted = await factory.ChangeAsync(current, "/warnings", new { action = "lift", warningId, reason = "解除" }, RoleCatalogue.OfficeDirector);
        lifted.Body.GetProperty("warnings")[0].Str("state").Should().Be("Lifted");
    }

    [Fact]
    public async Task Warning_YellowIssuedWithoutADeputyOrCommandersApproval_Returns403()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "道路结冰" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(proposed.Url + "/warnings", new { action = "issue", warningId, reason = "自行发布" }, proposed.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Warning_OrangeApprovedByADeputyCommander_Returns403()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "orange", reason = "国道阻断24小时" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var client = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await client.PostJsonAsync(proposed.Url + "/warnings", new { action = "issue", warningId, reason = "同意" }, proposed.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("authorisedRoles").Strings().Should().Equal("commander");
    }

    [Theory]
    [InlineData("issue")]
    [InlineData("adjust")]
    public async Task Warning_RedWithoutSayingWhoInTheProvinceApproved_IsRefusedNamingProvinceApproval(string action)
    {
        // Road 4.4.1 "报省人民政府…批准后，由市指挥部办公室发布": the record named the province as approver when nobody said it approved.
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings",
            new { action = "propose", colour = action == "issue" ? "red" : "yellow", reason = "团雾" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        var current = proposed;
        if (action == "adjust")
        {
            current = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "副指挥长批准" }, RoleCatalogue.DeputyCommander);
        }

        using var client = factory.As(RoleCatalogue.OfficeDirector);
        using var response = await client.PostJsonAsync(current.Url + "/warnings",
            action == "issue" ? new { action, warningId, reason = "红色预警", colour = (string?)null } : new { action, warningId, reason = "升为红色", colour = (string?)"red" }, current.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain("provinceApproval");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(current.ETag, "nothing was recorded");
    }

    [Fact]
    public async Task Warning_RedRecordedByTheOfficeWithTheProvincesApproval_IsIssuedAndLiftedByTheOffice()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "red", reason = "暴雪红色预警" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");

        var issued = await factory.ChangeAsync(proposed, "/warnings",
            new { action = "issue", warningId, reason = "省政府批准", provinceApproval = "山西省人民政府" }, RoleCatalogue.OfficeDirector);
        var warning = issued.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Issued");
        warning.Str("approvedBy").Should().Contain("(province)");

        using var commander = factory.As(RoleCatalogue.Commander);
        using var refused = await commander.PostJsonAsync(issued.Url + "/warnings", new { action = "lift", warningId, reason = "解除" }, issued.ETag);
        await refused.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    private static async Task ShouldBeUnauthorizedAsync(HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
        (await response.JsonAsync()).GetProperty("status").GetInt32().Should().Be(401);
    }

    /// <summary>The request for <paramref name="action"/>, and the incident it changes (null when none).</summary>
    private async Task<(HttpRequestMessage Request, Opened? Incident)> PrepareAsync(string action)
    {
        switch (action)
        {
            case "assess":
                return (Http.Request("/api/v1/assessments", JsonContent.Create(Bodies.Assessment()), null), null);
            case "open":
                return (Http.Request(Http.Incidents, JsonContent.Create(Bodies.Incident()), null), null);
            case "list":
                return (new HttpRequestMessage(HttpMethod.Get, Http.Incidents), null);
            case "ingest":
                // A routine record (no casualty): accepted or a duplicate, never an incident.
                return (Http.Request("/api/v1/feeds/122", new StringContent(
                    """{"eventId":"matrix-1","dispatchId":"JC-M-1","sequence":1,"updatedAt":"2026-03-01T09:10:00+08:00","callAt":"2026-03-01T09:01:00+08:00","occurredAt":null,"county":"泽州县","nature":"collision","figures":{},"status":"open"}""" + "\n",
                    System.Text.Encoding.UTF8, "application/x-ndjson"), null), null);
        }

        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        switch (action)
        {
            case "get":
                return (new HttpRequestMessage(HttpMethod.Get, incident.Url), incident);
            case "report":
                return (Http.Request(incident.Url + "/reports", JsonContent.Create(Bodies.Continuation(summary: "续报")), incident.ETag), incident);
            case "activate":
                return (Http.Request(incident.Url + "/response", JsonContent.Create(Bodies.Activate("III")), incident.ETag), incident);
            case "terminate":
                var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
                return (Http.Request(active.Url + "/response/termination", JsonContent.Create(Bodies.Terminate()), active.ETag), active);
            case "fulfil":
                return (Http.Request(incident.Url + "/obligations/phone-report-to-city/fulfilment",
                    JsonContent.Create(Bodies.Fulfil("2026-03-01T09:35:00+08:00")), incident.ETag), incident);
            case "warning":
                return (Http.Request(incident.Url + "/warnings", JsonContent.Create(new { action = "propose", colour = "yellow", reason = "团雾" }), incident.ETag), incident);
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }
}
