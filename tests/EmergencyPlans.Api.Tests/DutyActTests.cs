using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Through the real pipeline, a duty the plan does by 通知 or 通报 is said so: the card's and the incident's <c>act</c>, and the timeline,
/// never 向…报告. Written from the plans' texts.
/// </summary>
public sealed class DutyActTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // C 4.1(三) "事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门".
    private const string ForeignAffairs = "通知市政府有关涉外部门：“事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门”";

    private static readonly object OneDeadForeign = new
    {
        deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 10m, foreignCasualties = true,
    };

    [Fact]
    public async Task Construction_ForeignCasualties_CardAndIncidentSay通知_AndTheTimelineSaysItDone()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var card = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("construction", OneDeadForeign));
        await card.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await card.JsonAsync()).GetProperty("obligations").EnumerateArray().Single(o => o.Str("code") == "notify-foreign-affairs")
            .Str("act").Should().Be("通知市政府有关涉外部门");

        var incident = await factory.OpenAsync(Bodies.Incident("construction", OneDeadForeign));
        incident.Body.Obligation("notify-foreign-affairs").Str("act").Should().Be("通知市政府有关涉外部门");
        incident.Body.Obligation("notify-foreign-affairs").Str("to").Should().Be("市政府有关涉外部门");

        var met = await factory.ChangeAsync(incident, "/obligations/notify-foreign-affairs/fulfilment",
            new { madeAt = "2026-03-01T09:40:00+08:00" }, RoleCatalogue.DutyOfficer);

        var timeline = met.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary")).ToArray();
        timeline.Should().Contain($"{ForeignAffairs}，及时").And.Contain($"{ForeignAffairs}，已于2026-03-01 09:40完成");
        timeline.Should().NotContain(s => s.Contains("向市政府有关涉外部门报告"));
    }

    [Fact]
    public async Task Road_RescueFundAdvance_IncidentSays通知相关救助基金管理保险机构()
    {
        // R 6.2.2 ¶1 "公安交警部门应通知相关救助基金管理保险机构垫付道路交通事故受害人的抢救费用、丧葬费用".
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, rescueFundAdvanceNeeded = true }));

        incident.Body.Obligation("notify-rescue-fund").Str("act").Should().Be("通知相关救助基金管理保险机构");
        incident.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary"))
            .Should().Contain(s => s.StartsWith("通知相关救助基金管理保险机构：“", StringComparison.Ordinal))
            .And.NotContain(s => s.Contains("向相关救助基金管理保险机构报告"));
    }
}
