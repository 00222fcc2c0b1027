using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A road warning in force below the colour the latest report calls for, and a warning lifted while the report still meets a colour, read
/// from the plan's text (晋市政办〔2025〕18号):
/// 4.3.2(1) "可能出现或已经出现暴雨、暴雪、能见度 ≤ 20 米的浓雾等严重影响道路交通安全的情形" → 二级(橙色)预警;
/// 4.3.3(1) "……能见度 ≤ 50 米的特强沙尘暴或者大雾等严重影响道路交通安全的情形,且涉及四个以上乡(镇)的" → 三级(黄色)预警;
/// 4.4.1 "二级(橙色)预警,由市指挥部办公室提出建议,经市指挥部指挥长批准后,由市指挥部办公室发布";
/// 4.6 "有事实证明突发事件不可能发生或者危险已经解除的,经评估符合相应条件时,按照“谁发布、谁解除”的原则,由发布单位及时解除预警".
/// </summary>
public class WarningBelowThePlanTests
{
    private static Incident Road(decimal? visibility = null, int? townships = null)
    {
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 1));
        if (visibility is not null)
        {
            Observe(incident, At(8, 5), visibility, townships);
        }

        return incident;
    }

    // 浓雾 (R 4.3.1(1), 4.3.2(1)): the red and orange rules read fog alone, so the report says what lowers visibility.
    private static void Observe(Incident incident, DateTimeOffset at, decimal? visibility, int? townships = null) =>
        incident.FileReport(false, "续报", new IncidentReport
        {
            Conditions = new RoadConditions { VisibilityMetres = visibility, VisibilityCause = VisibilityCause.Fog, TownshipsAffected = townships },
        }, Officer, at, Repository.Engine);

    private static Guid Issue(Incident incident, WarningColour colour, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        incident.ProposeWarning(id, colour, "能见度下降", Actors.OfficeDirector, at);
        var approver = colour switch { WarningColour.Orange => Actors.Commander, WarningColour.Yellow => Actors.DeputyCommander, _ => Actors.OfficeDirector };
        incident.ChangeWarning(id, "issue", null, "同意发布", approver, colour == WarningColour.Red ? "山西省人民政府" : null, at.AddMinutes(2));
        return id;
    }

    private static IEnumerable<TimelineEntry> Lines(Incident incident) => incident.State.Timeline.Where(t => t.Type == "warning-below-the-plan");

    [Fact]
    public void Road_4_3_2_1_YellowIssued_ForFogOf15Metres_IsFlaggedBelowOrange_NamingTheCommanderWhoApprovesOrange()
    {
        // 能见度 15 米 ≤ 20 米: 4.3.2(1) calls for orange; the office issues yellow. Not refused, but said, with 4.4.1's approver of orange.
        var incident = Road(visibility: 15);

        var yellow = Issue(incident, WarningColour.Yellow, At(8, 10));

        var line = Lines(incident).Should().ContainSingle().Which;
        line.Summary.Should().Be("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）：建议将预警调整为橙色，经市指挥部指挥长批准后由市指挥部办公室发布（4.4.1）");
        line.Rule.Should().Contain("4.3.2(1)");
        incident.State.Warnings.Single(w => w.Id == yellow).Snapshot.State.Should().Be(WarningState.Issued, "a colour below the plan's is not refused");
        incident.State.WarningColoursBelowThePlan.Should().Equal(WarningColour.Orange);
    }

    [Fact]
    public void Road_4_3_2_1_OrangeIssued_ForFogOf15Metres_IsNotFlagged()
    {
        var incident = Road(visibility: 15);

        Issue(incident, WarningColour.Orange, At(8, 10));

        Lines(incident).Should().BeEmpty();
    }

    [Fact]
    public void Road_4_3_2_1_AReportLoweringVisibilityTo15Metres_WithAYellowInForce_IsFlagged_Once()
    {
        // 4.6 "及时掌握事件发展态势…根据实际情况进行预警级别调整": the report that raises the colour called for is where the office learns it.
        var incident = Road(visibility: 40, townships: 4);
        Issue(incident, WarningColour.Yellow, At(8, 10));
        Lines(incident).Should().BeEmpty("4.3.3(1) calls for yellow, and yellow is in force");

        Observe(incident, At(8, 30), 15);
        Observe(incident, At(8, 40), 12);

        var flag = incident.State.Timeline.Where(t => t.Type == "warning-below-the-plan").Should().ContainSingle("once per colour required").Which;
        flag.At.Should().Be(At(8, 30));
        flag.Summary.Should().StartWith("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）");
    }

    [Fact]
    public void Road_4_3_2_1_ALaterReportLoweringTheNeed_ClearsNothing_AndFlagsNothing()
    {
        // Orange called for, orange in force; then the fog thins to 40 米 over 4 乡(镇): yellow is called for, orange stays in force. Nothing is
        // below anything; the earlier assessment is not re-flagged and nothing is raised for the lower need.
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));

        Observe(incident, At(9, 0), 40, townships: 4);

        Lines(incident).Should().BeEmpty();
        incident.State.Warnings.Single(w => w.Id == orange).Snapshot.State.Should().Be(WarningState.Issued);
    }

    [Fact]
    public void Road_4_3_2_1_AFlagStays_WhenALaterReportLowersTheNeed_AndIsNotRaisedAgain_WhenTheNeedReturns()
    {
        var incident = Road(visibility: 15);
        Issue(incident, WarningColour.Yellow, At(8, 10));

        Observe(incident, At(9, 0), 40, townships: 4);
        Observe(incident, At(9, 30), 18);

        Lines(incident).Should().ContainSingle().Which.At.Should().Be(At(8, 12));
    }

    [Fact]
    public void Road_4_6_AnOrangeAdjustedDownToYellow_WhileOrangeIsMet_IsFlagged()
    {
        var incident = Road(visibility: 15);
        var id = Issue(incident, WarningColour.Orange, At(8, 10));

        incident.ChangeWarning(id, "adjust", WarningColour.Yellow, "下调", Actors.DeputyCommander, null, At(8, 30));

        Lines(incident).Should().ContainSingle().Which.Summary.Should().StartWith("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）");
    }

    [Fact]
    public void Road_4_3_1_1_RedCalledFor_WithOrangeInForce_NamesTheProvince_AndTheOfficeIssuing()
    {
        // 4.3.1(1) "能见度 ≤ 10 米的浓雾" → red; 4.4.1 "报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布".
        var incident = Road(visibility: 15);
        Issue(incident, WarningColour.Orange, At(8, 10));

        Observe(incident, At(8, 40), 8);

        Lines(incident).Should().ContainSingle().Which.Summary.Should()
            .Be("已发布的橙色预警低于预案规定的红色（4.3.1(1)）：建议将预警调整为红色，经省人民政府或者省人民政府授权的省有关部门批准后由市指挥部办公室发布（4.4.1）");
    }

    [Fact]
    public void NoWarningInForce_WithOrangeCalledFor_FlagsNothing_TheRoadWarningAlertSaysIt()
    {
        var incident = Road(visibility: 15);
        incident.ProposeWarning(Guid.NewGuid(), WarningColour.Yellow, "能见度下降", Actors.OfficeDirector, At(8, 10));

        Observe(incident, At(8, 30), 12);

        Lines(incident).Should().BeEmpty();
    }

    [Fact]
    public void TheFlag_IsAnEvent_AndARebuiltIncidentHasIt()
    {
        var incident = Road(visibility: 15);
        Issue(incident, WarningColour.Yellow, At(8, 10));
        var flags = incident.Raised.OfType<WarningBelowThePlan>().ToArray();

        flags.Should().ContainSingle();
        var flag = flags[0];
        (flag.InForce, flag.Required, flag.By, flag.ApprovedBy, flag.IssuedBy, flag.ApprovalClause).Should()
            .Be((WarningColour.Yellow, WarningColour.Orange, Incident.Engine, "市指挥部指挥长", "市指挥部办公室", "4.4.1"));
        flag.ApproverRoles.Should().Equal("commander");
        flag.Because.Select(b => b.Clause).Should().Equal("4.3.2(1)");
        var json = IncidentEventSchema.Serialize(flag);
        IncidentEventSchema.Deserialize("warning-below-the-plan", IncidentEventSchema.Version, json).Should().BeEquivalentTo(flag);
    }

    [Fact]
    public void Road_4_6_LiftWhileTheReportStillMeetsOrange_IsRefused409_NamingTheColourAndClause_AndHowToGoOn()
    {
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));

        var refused = FluentActions.Invoking(() => incident.ChangeWarning(orange, "lift", null, "雾散", Actors.OfficeDirector, null, At(9, 0)))
            .Should().Throw<IncidentCommandRejectedException>().Which;

        (refused.Field, refused.Status).Should().Be(("conditionsAssessed", 409));
        refused.Chinese.Should().StartWith("最新报告仍满足橙色预警条件（4.3.2(1)：")
            .And.Contain("请先报送续报写明新的观测").And.Contain("conditionsAssessed: true").And.Contain("4.6");
        incident.State.Warnings.Single(w => w.Id == orange).Snapshot.State.Should().Be(WarningState.Issued);
    }

    [Fact]
    public void Road_4_6_LiftWhileTheReportStillMeetsOrange_WithTheAssessmentConfirmed_IsTaken_AndRecorded()
    {
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));

        incident.ChangeWarning(orange, "lift", null, "雾已散，交警现场确认", Actors.OfficeDirector, null, At(9, 0), conditionsAssessed: true);

        var warning = incident.State.Warnings.Single(w => w.Id == orange).Snapshot;
        warning.State.Should().Be(WarningState.Lifted);
        warning.Decisions[^1].Detail.Should().Be("橙色（经评估符合解除条件，4.6；最新报告仍满足橙色预警条件，4.3.2(1)）");
        incident.State.Timeline.Should().ContainSingle(t => t.Type == "warning-lift").Which.Summary.Should()
            .Be("橙色预警已解除（经评估符合解除条件，4.6；最新报告仍满足橙色预警条件，4.3.2(1)）：雾已散，交警现场确认");
        var lifted = incident.Raised.OfType<WarningLifted>().Single();
        (lifted.ConditionsAssessed, lifted.StillMet, lifted.StillMetBy?.Clause).Should().Be((true, WarningColour.Orange, "4.3.2(1)"));
    }

    [Fact]
    public void Road_4_6_LiftOnceAReportSaysTheFogHasCleared_NeedsNoConfirmation_AndSaysNone()
    {
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));
        Observe(incident, At(8, 50), 800);

        incident.ChangeWarning(orange, "lift", null, "雾散", Actors.OfficeDirector, null, At(9, 0));

        incident.State.Warnings.Single(w => w.Id == orange).Snapshot.Decisions[^1].Detail.Should().Be("橙色");
        incident.State.Timeline.Should().ContainSingle(t => t.Type == "warning-lift").Which.Summary.Should().Be("橙色预警已解除：雾散");
    }

    [Fact]
    public void Road_4_6_AYellowLifted_OnceAnOrangeIsIssuedForTheSameFog_NeedsNoConfirmation()
    {
        // The yellow is replaced, not lifted as a danger over: an orange covering what the report meets stays in force.
        var incident = Road(visibility: 40, townships: 4);
        var yellow = Issue(incident, WarningColour.Yellow, At(8, 10));
        Observe(incident, At(8, 30), 15);
        Issue(incident, WarningColour.Orange, At(8, 35));

        incident.ChangeWarning(yellow, "lift", null, "已发布橙色预警，黄色预警解除", Actors.OfficeDirector, null, At(8, 40));

        incident.State.Warnings.Single(w => w.Id == yellow).Snapshot.State.Should().Be(WarningState.Lifted);
    }

    [Fact]
    public void Road_4_6_AnOrangeLifted_LeavingOnlyAYellow_WhileOrangeIsMet_IsRefused()
    {
        var incident = Road(visibility: 40, townships: 4);
        Issue(incident, WarningColour.Yellow, At(8, 10));
        Observe(incident, At(8, 30), 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 35));

        FluentActions.Invoking(() => incident.ChangeWarning(orange, "lift", null, "雾散", Actors.OfficeDirector, null, At(9, 0)))
            .Should().Throw<IncidentCommandRejectedException>().Which.Chinese.Should().Contain("解除橙色预警后将没有橙色及以上级别的预警仍在发布");
    }

    [Fact]
    public void Road_4_6_ALiftSaidNotAssessed_IsRefused400_WhateverTheReportSays()
    {
        var incident = Road(visibility: 800);
        var yellow = Guid.NewGuid();
        incident.ProposeWarning(yellow, WarningColour.Yellow, "团雾", Actors.OfficeDirector, At(8, 10));
        incident.ChangeWarning(yellow, "issue", null, "同意", Actors.DeputyCommander, null, At(8, 12));

        var refused = FluentActions.Invoking(() => incident.ChangeWarning(yellow, "lift", null, "雾散", Actors.OfficeDirector, null, At(9, 0), conditionsAssessed: false))
            .Should().Throw<IncidentCommandRejectedException>().Which;

        (refused.Field, refused.Status).Should().Be(("conditionsAssessed", 400));
    }

    [Fact]
    public void Road_4_6_ALiftByTheCommander_IsRefusedForWantOfAuthority_NotAskedToConfirm()
    {
        // 谁发布、谁解除: the lifecycle refuses him (403) before the 4.6 assessment is asked for.
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));

        FluentActions.Invoking(() => incident.ChangeWarning(orange, "lift", null, "雾散", Actors.Commander, null, At(9, 0)))
            .Should().Throw<LifecycleAuthorityException>();
    }

    [Fact]
    public void Road_4_6_ARefusedLift_AppliesNothing()
    {
        var incident = Road(visibility: 15);
        var orange = Issue(incident, WarningColour.Orange, At(8, 10));
        incident.MarkCommitted();
        var timeline = incident.State.Timeline.Count;

        var refused = FluentActions.Invoking(() => incident.ChangeWarning(orange, "lift", null, "雾散", Actors.OfficeDirector, null, At(9, 0)))
            .Should().Throw<IncidentCommandRejectedException>().Which;

        incident.Raised.Should().BeEmpty();
        incident.IsUnchangedAfter(refused).Should().BeTrue("a writer keeps the incident it holds after a refusal that applied nothing (ADR 0006)");
        incident.State.Timeline.Count.Should().Be(timeline);
    }

    [Fact]
    public void Construction_WarningsWithoutColour_AreNeverFlagged_NorAskedToConfirm()
    {
        var incident = Open(Guid.NewGuid(), "construction", Accident(deaths: 1));
        incident.FileReport(false, "续报", new IncidentReport { Conditions = new RoadConditions { VisibilityMetres = 5 } }, Officer, At(8, 5), Repository.Engine);
        var id = incident.ProposeWarning(Guid.NewGuid(), null, "塔吊倾斜", Actors.OfficeDirector, At(8, 10));
        incident.ChangeWarning(id, "issue", null, "研判发布", Actors.Commander, null, At(8, 20));

        incident.ChangeWarning(id, "lift", null, "风险已经消除", Actors.OfficeDirector, null, At(9, 0));

        Lines(incident).Should().BeEmpty();
        incident.State.Warnings.Single().Snapshot.State.Should().Be(WarningState.Lifted);
    }
}
