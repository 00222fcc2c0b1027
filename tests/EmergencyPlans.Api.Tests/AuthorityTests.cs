using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Who may activate each level of each plan (DOMAIN.md 3): road Ⅰ commander only, Ⅱ commander or deputy,
/// Ⅲ office director; construction Ⅱ by a deputy only when the commander delegated him; natural Ⅰ
/// 市委、市政府, Ⅱ commander, Ⅲ deputy, Ⅳ office director; a higher body may activate a lower level.
/// The host reads this from the plan files alone (<c>Plan.ActivationAuthority</c>).
/// </summary>
public sealed class AuthorityTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string, bool, int> Table() => new()
    {
        // plan, level, role, delegatedByCommander, expected
        { "road-traffic", "I", RoleCatalogue.Commander, false, 200 },
        { "road-traffic", "I", RoleCatalogue.DeputyCommander, false, 403 },
        { "road-traffic", "I", RoleCatalogue.OfficeDirector, false, 403 },
        { "road-traffic", "I", RoleCatalogue.PartyCommitteeGovernment, false, 403 },
        { "road-traffic", "II", RoleCatalogue.Commander, false, 200 },
        { "road-traffic", "II", RoleCatalogue.DeputyCommander, false, 200 },
        { "road-traffic", "II", RoleCatalogue.OfficeDirector, false, 403 },
        { "road-traffic", "III", RoleCatalogue.OfficeDirector, false, 200 },
        { "road-traffic", "III", RoleCatalogue.DeputyCommander, false, 200 },
        { "road-traffic", "III", RoleCatalogue.Commander, false, 200 },
        { "road-traffic", "III", RoleCatalogue.PartyCommitteeGovernment, false, 403 },
        { "construction", "I", RoleCatalogue.Commander, false, 200 },
        { "construction", "I", RoleCatalogue.DeputyCommander, true, 403 },
        { "construction", "I", RoleCatalogue.OfficeDirector, false, 403 },
        { "construction", "II", RoleCatalogue.Commander, false, 200 },
        { "construction", "II", RoleCatalogue.DeputyCommander, false, 403 },
        { "construction", "II", RoleCatalogue.DeputyCommander, true, 200 },
        { "construction", "II", RoleCatalogue.OfficeDirector, false, 403 },
        { "construction", "III", RoleCatalogue.OfficeDirector, false, 200 },
        { "construction", "III", RoleCatalogue.Commander, false, 200 },
        // A delegation where the plan has none (R 5.3.2 "由市指挥部指挥长或副指挥长决定"): refused, naming delegatedByCommander.
        { "road-traffic", "II", RoleCatalogue.DeputyCommander, true, 400 },
        { "construction", "II", RoleCatalogue.Commander, true, 400 },

        // Construction 4.3.1(2) gives Ⅲ to the office director; the deputy is 有权启动Ⅱ级响应者 only when delegated (4.3.2(2) 委托副指挥长),
        // so the reading that a higher body may start a lower level gives him Ⅲ only when delegated too (decision 0003, since session 49;
        // an undelegated deputy's Ⅲ was taken, and the office director could then not end it: a drill facilitator's review, D1).
        { "construction", "III", RoleCatalogue.DeputyCommander, false, 403 },
        { "construction", "III", RoleCatalogue.DeputyCommander, true, 200 },
        { "natural-disaster", "I", RoleCatalogue.PartyCommitteeGovernment, false, 200 },
        { "natural-disaster", "I", RoleCatalogue.Commander, false, 403 },
        { "natural-disaster", "II", RoleCatalogue.Commander, false, 200 },
        { "natural-disaster", "II", RoleCatalogue.PartyCommitteeGovernment, false, 200 },
        { "natural-disaster", "II", RoleCatalogue.DeputyCommander, false, 403 },
        { "natural-disaster", "III", RoleCatalogue.DeputyCommander, false, 200 },
        { "natural-disaster", "III", RoleCatalogue.Commander, false, 200 },
        { "natural-disaster", "III", RoleCatalogue.OfficeDirector, false, 403 },
        { "natural-disaster", "IV", RoleCatalogue.OfficeDirector, false, 200 },
        { "natural-disaster", "IV", RoleCatalogue.DeputyCommander, false, 200 },
        { "natural-disaster", "IV", RoleCatalogue.Commander, false, 200 },
        { "natural-disaster", "IV", RoleCatalogue.PartyCommitteeGovernment, false, 200 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Activate_LevelOfPlanByRole_FollowsThePlansAuthority(string plan, string level, string role, bool delegated, int expected)
    {
        var incident = await factory.OpenAsync(Bodies.Incident(plan, new { deaths = 1 }));
        using var client = factory.As(role);

        using var response = await client.PostJsonAsync(incident.Url + "/response", Bodies.Activate(level, delegated ? true : null), incident.ETag);

        await response.ShouldHaveStatusAsync((HttpStatusCode)expected);
        var state = (await factory.GetAsync(incident.Id)).Body.GetProperty("response");
        if (expected == 200)
        {
            state.Str("state").Should().Be("Active");
            state.Str("level").Should().Be(level);
            // Named as the timeline names who decided (the post as the plan names it), not "name (role-id)"; the role is the decision's actor's.
            var incidentNow = (await factory.GetAsync(incident.Id)).Body;
            state.Str("responsibleBody").Should().Be(incidentNow.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-activated").Str("actorName"));
            state.GetProperty("decisions").EnumerateArray().Last().GetProperty("actor").Str("roleId").Should().Be(role);
        }
        else
        {
            state.Str("state").Should().Be("NotActivated");
        }
    }

    [Fact]
    public async Task Activate_LevelTheRoadPlanDoesNotHave_Returns400NamingTheLevel()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await client.PostJsonAsync(incident.Url + "/response", Bodies.Activate("IV"), incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Equal("level");
    }

    [Fact]
    public async Task Activate_TheLevelAsThePlanPrintsIt_IsTakenAndAnsweredInTheContractsLetters()
    {
        // The plans print Ⅱ (U+2161): a duty officer copying "启动Ⅱ级响应" from R 5.3.2 was told "level must be one of I, II, III, IV".
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));

        var active = await factory.ChangeAsync(incident, "/response", new { level = "Ⅱ", action = "activate", reason = "死亡3人" }, RoleCatalogue.Commander);

        active.Body.GetProperty("response").Str("level").Should().Be("II");
    }

    [Fact]
    public async Task Construction_IIRaisedUnder4_4_TheResponseListsTheWorkGroupsAndTheOnSiteHeadquartersOfII()
    {
        // C 2.2 "现场指挥部下设综合协调组、事故抢险组、安全保卫组、医学救援组、后勤保障组、宣传报道组、善后处置组和技术专家组8个应急工作组"; 4.3.2(3)①
        // "市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部"; 4.4 "视情提高响应级别". One dead calls for Ⅲ: the assessment (of the figures) lists no
        // group, and the Ⅱ in force showed Ⅱ's measures but no groups and no headquarters (a duty officer's review, session 53).
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 50 }));

        var raised = await factory.ChangeAsync(incident, "/response", new { level = "II", action = "activate", reason = "重大活动期间，视情提高（4.4）" }, RoleCatalogue.Commander);

        raised.Body.GetProperty("assessment").GetProperty("workGroups").GetArrayLength().Should().Be(0);
        var response = raised.Body.GetProperty("response");
        response.GetProperty("workGroups").EnumerateArray().Select(g => g.Str("name")).Should().Equal(
            "综合协调组", "事故抢险组", "安全保卫组", "医学救援组", "后勤保障组", "宣传报道组", "善后处置组", "技术专家组");
        response.GetProperty("onSiteHeadquarters").Str("clause").Should().Be("2.2");
    }

    [Fact]
    public async Task Natural_IDecidedBy市委市政府_TheResponseNamesWhoOrganisesTheCityRelief_The安委会主任()
    {
        // N 5.1.2 "必要时,市委、市政府直接决定启动Ⅰ级响应"; 5.1.3 "市安委会主任或市委、市政府指定的负责人统一组织、协调市级层面自然灾害救助工作":
        // who decided is not who leads; the response named only the decider (review s55, finding 4; ADR 0003 #73).
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster",
            new { deaths = 38, missing = 15, relocated = 120000, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));

        var active = await factory.ChangeAsync(incident, "/response", new { level = "I", action = "activate", reason = "市委、市政府直接决定启动Ⅰ级响应" },
            RoleCatalogue.PartyCommitteeGovernment);

        var organiser = active.Body.GetProperty("response").GetProperty("organiser");
        organiser.Str("commandedBy").Should().Be("市安委会主任或市委、市政府指定的负责人");
        organiser.Str("clause").Should().Be("5.1.3");
        active.Body.GetProperty("assessment").GetProperty("organiser").Str("clause").Should().Be("5.1.3");
    }
}
