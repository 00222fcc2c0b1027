using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A duty owed and never done that a later decision ends (drill review s60 F1): N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,
/// 并向市安委会主任报告" goes with the Ⅲ decision; raised to Ⅱ two hours later, the report is no longer listed on its own, but it stood owed and
/// unmade for those two hours (N 4.1.2 "坚决杜绝迟报、瞒报、漏报"). The incident carries since when it was owed and when it ended, so a report
/// (a drill's) need not work it out again; a duty ended before anything was owed carries nothing.
/// </summary>
public class OvertakenDutiesTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-0000000000f1");

    [Fact]
    public void Natural_TheReportToTheDirectorOwedSinceIII_EndedByTheRaiseToII_CarriesSinceWhenItWasOwedAndWhenItEnded()
    {
        var incident = DutyScenario.Open(Id, "natural-disaster", Disaster(12));
        incident.DecideResponse(ResponseLevel.III, false, "启动Ⅲ级", Actors.DeputyCommander, At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, true, "提升为Ⅱ级", Actors.Commander, At(12, 5), Repository.Engine);

        var report = incident.State.Obligations.Single(o => o.Code == "activation-report-to-director");
        (report.Clock.State, report.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        report.OwedSince.Should().Be(At(10), "owed from the Ⅲ decision it goes with (5.3.2 并向市安委会主任报告)");
        report.EndedAt.Should().Be(At(12, 5));
        incident.Raised.OfType<ObligationCancelled>().Single(c => c.Key == report.Key).OwedSince.Should().Be(At(10));
        incident.State.Timeline.Should().Contain(t => t.Rule != null && t.Rule.EndsWith(" 5.3.2", StringComparison.Ordinal) && t.Type == "obligation-cancelled"
            && t.Summary.Contains("起算后2小时5分仍未报告，此后不再单列：响应已提升为Ⅱ级", StringComparison.Ordinal));
    }

    [Fact]
    public void Natural_AReportRaisedAndEndedAtTheSameMoment_WasNeverOwed_AndCarriesNoOwedSince()
    {
        // Ⅳ decided and raised to Ⅲ at once: N 5.4.3(1) "有关情况及时上报市安委会副主任" had not a moment to be made (不适用, docs/drills.md).
        var incident = DutyScenario.Open(Id, "natural-disaster", Disaster(6));
        incident.DecideResponse(ResponseLevel.IV, false, "启动Ⅳ级", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.III, true, "提升为Ⅲ级", Actors.DeputyCommander, At(10), Repository.Engine);

        var ended = incident.State.Obligations.Single(o => o.Code == "situation-report-to-city" && o.Clause == "5.4.3(1)");
        ended.Ending().Should().Be(ObligationEntry.EndedNotNeeded);
        ended.OwedSince.Should().BeNull();
        ended.EndedAt.Should().Be(At(10));
    }

    [Fact]
    public void Natural_TheOfficesProposalOfII_OvertakenByTheIIDecidedWithoutIt_CarriesSinceWhenItWasOwed()
    {
        // N 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定": 20 dead
        // and missing call for Ⅱ (5.2.1) from the first report; the 主任 decides Ⅱ an hour later with no proposal made.
        var incident = DutyScenario.Open(Id, "natural-disaster", Disaster(20), now: At(9));
        incident.State.Obligations.Should().Contain(o => o.Code == "level-ii-proposal-to-committee" && o.Clock.State == ObligationState.Due);

        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, At(10), Repository.Engine);

        var proposal = incident.State.Obligations.Single(o => o.Code == "level-ii-proposal-to-committee");
        proposal.Ending().Should().Be(ObligationEntry.EndedNotNeeded);
        proposal.OwedSince.Should().Be(proposal.RaisedAt).And.BeBefore(At(10));
        proposal.EndedAt.Should().Be(At(10));
    }

    [Fact]
    public void ObligationCancelled_WritesOwedSinceOnlyWhenGiven_AndReadsItBack()
    {
        var plain = new ObligationCancelled { At = At(12), By = Officer, Key = "continuation-report#2", Reason = "终报已报送" };
        IncidentEventSchema.Serialize(plain).Should().NotContain("owedSince", "a duty ended before anything was owed writes nothing new");

        var overtaken = plain with { Key = "activation-report-to-director", Reason = "响应已提升为Ⅱ级，该级别不要求此项报告", OwedSince = At(10) };
        var read = (ObligationCancelled)IncidentEventSchema.Deserialize("obligation-cancelled", IncidentEventSchema.Version, IncidentEventSchema.Serialize(overtaken));
        read.OwedSince.Should().Be(At(10));
    }
}
