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

    private static string Timeline(JsonElement incident, string type) =>
        incident.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == type).Str("summary");
}
