using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// Construction warnings, 晋市政办〔2025〕15号 3.2: "市住房和城乡建设局…向市指挥部提出预警建议"; 3.2.2 "市指挥部办公室要对…
/// 进行汇总整理,及时提请市指挥部研判,并根据危险程度发布预警信息,对重大事故以上应按照有关规定及时上报…预警信息发布后发生
/// 变更的应及时更新"; 3.2.4 "按照“谁发布,谁解除”的原则,由发布预警的单位宣布解除预警". The text sets no colours and no
/// thresholds, so a construction warning has none; the authority comes from the plan file, as road's does.
/// </summary>
public class ConstructionWarningTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly Clock _clock = new();

    private static IWarningAuthority Authority => Repository.Construction.WarningAuthority!;

    private WarningLifecycle Submitted() => WarningLifecycle.Propose(Authority, null, OfficeDirector, _clock.Next(), "市住建局提出预警建议：深基坑监测数据异常");

    private WarningLifecycle Issued()
    {
        var warning = Submitted();
        warning.Issue(Commander, OfficeDirector, _clock.Next(), "市指挥部研判后发布");
        return warning;
    }

    [Fact]
    public void Authority_ReadFromThePlanFile_NoColours()
    {
        var rule = Repository.Construction.Warnings!.Ungraded!;

        Authority.Colours.Should().BeEmpty("3.2.2 sets no warning levels or colours");
        rule.ProposedBy.Should().Be("市住房和城乡建设局");
        rule.Proposal.Clause.Should().Be("3.2");
        rule.Proposal.Words.Should().EndWith("向市指挥部提出预警建议");
        rule.ApprovedBy.Should().Be("市指挥部");
        rule.IssuedBy.Should().Be("市指挥部办公室");
        Authority.ApproverRoles(null).Should().Equal(RoleCatalogue.Commander);
        Authority.IssuerRoles(null).Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Authority_TheTextsOtherWords_ContentUpdateReportUpLift()
    {
        var w = Repository.Construction.Warnings!;

        w.Content!.Words.Should().StartWith("预警公告内容主要包括:预警区域或场所、险情类别、预警级别");
        w.UpdatedBy!.Words.Should().Be("预警信息发布后发生变更的应及时更新");
        w.ReportUp!.Words.Should().Be("对重大事故以上应按照有关规定及时上报");
        w.LiftedBy.Clause.Should().Be("3.2.4");
        w.LiftedBy.Words.Should().Contain("谁发布,谁解除");
    }

    [Fact]
    public void Propose_ByTheOfficeWithoutColour_AwaitsTheHeadquartersJudgement()
    {
        var warning = Submitted();

        warning.State.Should().Be(WarningState.Proposed);
        warning.Colour.Should().BeNull();
        warning.PermittedTriggers.Should().Equal(WarningTrigger.Issue, WarningTrigger.Reject);
    }

    [Fact]
    public void Propose_WithAColour_IsRefused()
    {
        // No colour is set by the text: a colour would be invented.
        var act = () => WarningLifecycle.Propose(Authority, WarningColour.Yellow, OfficeDirector, _clock.Next(), "黄色");

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no colour*");
    }

    [Fact]
    public void Propose_RoadWithoutColour_IsRefused()
    {
        // Road 4.3 sets colours: a road warning without one is refused.
        var act = () => WarningLifecycle.Propose(Repository.RoadWarnings, null, OfficeDirector, _clock.Next(), "无颜色");

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Propose_ByTheCommander_IsForbidden_TheOfficeSubmits()
    {
        var act = () => WarningLifecycle.Propose(Authority, null, Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Issue_JudgedByTheCommander_IssuedByTheOffice()
    {
        var warning = Issued();

        warning.State.Should().Be(WarningState.Issued);
        warning.ApprovedBy.Should().Be(Commander);
        warning.IssuedBy.Should().Be(OfficeDirector);
        warning.Colour.Should().BeNull();
    }

    [Theory]
    // 3.2.2 names 市指挥部 as the body that judges; neither a deputy nor the office judges in its stead.
    [InlineData(RoleCatalogue.DeputyCommander)]
    [InlineData(RoleCatalogue.OfficeDirector)]
    public void Issue_JudgedByAnotherBody_IsForbiddenCitingTheClause(string role)
    {
        var warning = Submitted();

        var act = () => warning.Issue(ByRole(role), OfficeDirector, _clock.Next(), "发布");

        var refusal = act.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        refusal.Message.Should().Contain("3.2.2");
        warning.State.Should().Be(WarningState.Proposed);
    }

    [Fact]
    public void Update_ByTheIssuerWithTheJudgement_StaysInForceWithoutColour()
    {
        // 3.2.2 "预警信息发布后发生变更的应及时更新"
        var warning = Issued();

        warning.Adjust(null, Commander, OfficeDirector, _clock.Next(), "影响范围扩大至相邻地块");

        warning.State.Should().Be(WarningState.Adjusted);
        warning.Colour.Should().BeNull();
        warning.Decisions[^1].Trigger.Should().Be("Adjust");
        warning.IsInForce.Should().BeTrue();
    }

    [Fact]
    public void Update_BySomeoneOtherThanTheIssuer_IsForbidden()
    {
        var warning = Issued();

        var act = () => warning.Adjust(null, Commander, Commander, _clock.Next(), "更新");

        act.Should().Throw<LifecycleAuthorityException>().Which.Message.Should().Contain("预警信息发布后发生变更的应及时更新");
    }

    [Fact]
    public void Lift_ByTheIssuingOffice_Lifted()
    {
        // 3.2.4 "由发布预警的单位宣布解除预警"
        var warning = Issued();

        warning.Lift(OfficeDutyOfficer, _clock.Next(), "风险已经消除");

        warning.State.Should().Be(WarningState.Lifted);
    }

    [Fact]
    public void Lift_ByTheCommanderWhoJudged_IsForbidden_WhoeverIssuedLifts()
    {
        var warning = Issued();

        var act = () => warning.Lift(Commander, _clock.Next(), "解除");

        act.Should().Throw<LifecycleAuthorityException>().Which.Message.Should().Contain("谁发布,谁解除");
    }

    // ---- through the incident, as the API drives it ----

    private static Incident OpenConstruction() =>
        Incident.Open(Guid.NewGuid(), Repository.Construction, T0,
            new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0, [Figure.SeriousInjuries] = 0, [Fact.DangerDiscovered] = true } },
            "泽州县", null, "深基坑险情", new Reporter("值班员", null, null), false, OfficeDirector, T0, Repository.Engine);

    [Fact]
    public void Incident_TheCommanderIssues_TheOfficeIsRecordedAsIssuer_AndLifts()
    {
        var incident = OpenConstruction();
        var id = incident.ProposeWarning(Guid.NewGuid(), null, "市住建局会商研判后提出预警建议", OfficeDirector, T0.AddMinutes(10));

        incident.ChangeWarning(id, "issue", null, "研判：危险程度较高，发布预警", Commander, null, T0.AddMinutes(20));
        incident.ChangeWarning(id, "adjust", null, "预警区域变更", Commander, null, T0.AddMinutes(30));
        incident.ChangeWarning(id, "lift", null, "风险已经消除", OfficeDirector, null, T0.AddMinutes(40));

        var warning = incident.State.Warnings.Single().Snapshot;
        warning.State.Should().Be(WarningState.Lifted);
        warning.ApprovedBy.Should().Be(Commander);
        warning.IssuedBy!.RoleId.Should().Be(RoleCatalogue.OfficeDirector);
        warning.IssuedBy.DisplayName.Should().Be("市指挥部办公室");
        incident.State.Timeline.Should().Contain(t => t.Type == "warning-adjust" && t.Summary.StartsWith("预警已更新", StringComparison.Ordinal) && t.Rule == "晋市政办〔2025〕15号 3.2.2");
        incident.State.Timeline.Should().Contain(t => t.Type == "warning-lift" && t.Rule == "晋市政办〔2025〕15号 3.2.4");
    }

    [Fact]
    public void Incident_AColourForAConstructionWarning_IsABadRequestNamingTheField()
    {
        var incident = OpenConstruction();

        var act = () => incident.ProposeWarning(Guid.NewGuid(), WarningColour.Red, "红色", OfficeDirector, T0.AddMinutes(10));

        act.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("colour");
        incident.State.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Incident_NaturalDisaster_IssuesNoWarnings()
    {
        // The natural-disaster plan's 3 is preparation on others' warnings; it issues none of its own.
        Repository.NaturalDisaster.WarningAuthority.Should().BeNull();
    }
}
