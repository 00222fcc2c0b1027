using System.Text.Json.Nodes;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Lifecycles;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>The log's schema versions (docs/events.md): what each version added, and that older bodies still read.</summary>
public class IncidentEventSchemaTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void ResponseTerminated_Version3_KeepsTheConfirmationOfTheConditions()
    {
        var written = IncidentEventSchema.Serialize(new ResponseTerminated { At = At, By = Actors.Commander, Reason = "现场清理完毕", ConditionsConfirmed = true });

        JsonNode.Parse(written)!["conditionsConfirmed"]!.GetValue<bool>().Should().BeTrue();
        var read = (ResponseTerminated)IncidentEventSchema.Deserialize("response-terminated", IncidentEventSchema.Version, written);
        read.ConditionsConfirmed.Should().BeTrue();
        // 7 (session 35): response-termination-proposed and -declined, the office's proposal to end a response (N 2.2(2) 提出……终止建议).
        // 8 (session 48): judgedNot in a report's judgements. 9 (session 49): takenBy on a command handover, visibilityCause in a report's
        // conditions (R 4.3 浓雾 / 特强沙尘暴), warning-below-the-plan,
        // conditionsAssessed on warning-lifted. 10 (session 53): madeAt on report-filed. 11 (session 54): corrects on report-filed.
        // 12 (session 55): feed-record-linked (a road incident tied to its 122 dispatch record).
        // 13 (session 55): mainRoad in a report's conditions (R 4.3.x(2) 国(省)道等主干道), mainRoadSnowIce written only when stated.
        // 14 (session 55): corrects may name a report by its reference (report#n), a report made over REST having no source;
        // arosePastDueAt and metByReport county-response-activated on obligation-raised.
        // 15 (session 55): escalation-withdrawn (the recommendation of a report corrected as entered in error).
        // 16 (session 61): owedSince on obligation-cancelled (a duty without a due time a later decision ended while owed, drill review s60 F1).
        // 17 (2026-12-07, session 62): county on obligation-raised (a duty owed once per county, N 5.6; review s61 ND-02).
        // 18 (session 63): start proposal and metByReport response-decision on obligation-raised (N 5.2.2 副主任报主任决定; review s61 ND-05).
        IncidentEventSchema.Version.Should().Be(18);
    }

    [Fact]
    public void ReportFiled_Version11_KeepsWhichEarlierReportACorrectionIsOf_AndAVersion10BodyReadsWithNone()
    {
        var filed = new ReportFiled
        {
            At = new DateTimeOffset(2026, 3, 2, 8, 10, 0, TimeSpan.FromHours(8)), By = new EmergencyPlans.Core.Lifecycles.LifecycleActor("duty-officer", "值班员"), Final = false,
            Summary = "更正：122序号2所报12人死亡系录入错误", Reported = new IncidentReport(), Assessed = new AssessedOutcome(null, false, null, false, []), CorrectsPrevious = true,
        };

        IncidentEventSchema.Serialize(filed).Should().NotContain("\"corrects\"", "a correction of the report before writes nothing new");
        var named = filed with { Corrects = "122:JC122-20260301-0020#2" };
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, IncidentEventSchema.Serialize(named))).Corrects
            .Should().Be("122:JC122-20260301-0020#2");
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", 10, IncidentEventSchema.Serialize(filed))).Corrects.Should().BeNull();
    }

    [Fact]
    public void ReportFiled_Version12_KeepsMainRoadSnowIceUnknown_AndAnOlderFalseReadsAsBefore()
    {
        // docs/feed-122.md: each member of conditions is null while unknown. R 4.3.3(3) "将导致国(省)道等主干道大面积积雪、结冰的" is met only
        // when it is reported; a report of fog alone said nothing of snow or ice, and was stored and shown as false.
        var filed = new ReportFiled
        {
            At = At, By = new EmergencyPlans.Core.Lifecycles.LifecycleActor("duty-officer", "值班员"), Final = false, Summary = "浓雾",
            Reported = new IncidentReport { Conditions = new RoadConditions { VisibilityMetres = 8 } }, Assessed = new AssessedOutcome(null, false, null, false, []),
        };
        var written = IncidentEventSchema.Serialize(filed);

        written.Should().NotContain("mainRoadSnowIce").And.NotContain("mainRoad\"");
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, written)).Reported.Conditions!.MainRoadSnowIce.Should().BeNull();

        // Stored by version 11 and before, every report with conditions wrote false: it reads false, as it did (history is not rewritten).
        var old = written.Replace("\"visibilityMetres\":8", "\"visibilityMetres\":8,\"mainRoadSnowIce\":false", StringComparison.Ordinal);
        old.Should().Contain("mainRoadSnowIce");
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", 11, old)).Reported.Conditions!.MainRoadSnowIce.Should().BeFalse();

        // R 4.3.x(2): a road stated not to be a 国(省)道等主干道 is kept so.
        var notMain = filed with { Reported = new IncidentReport { Conditions = new RoadConditions { MainRoadRepairHours = 60, MainRoad = false } } };
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, IncidentEventSchema.Serialize(notMain))).Reported.Conditions!.MainRoad
            .Should().BeFalse();
    }

    [Fact]
    public void ReportFiled_Version10_KeepsWhenAReportRecordedLaterWasMade_AndWritesNothingNewWithoutIt()
    {
        var filed = new ReportFiled
        {
            At = new DateTimeOffset(2026, 3, 2, 8, 10, 0, TimeSpan.FromHours(8)), By = new EmergencyPlans.Core.Lifecycles.LifecycleActor("duty-officer", "值班员"), Final = false, Summary = "续报",
            Reported = new IncidentReport(), Assessed = new AssessedOutcome(null, false, null, false, []),
        };

        IncidentEventSchema.Serialize(filed).Should().NotContain("madeAt", "a report made when recorded writes nothing new");
        var made = filed with { MadeAt = new DateTimeOffset(2026, 3, 2, 7, 55, 0, TimeSpan.FromHours(8)) };
        var read = (ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, IncidentEventSchema.Serialize(made));
        read.MadeAt.Should().Be(made.MadeAt);
    }

    [Fact]
    public void ClockEventRecorded_Version9_KeepsWhoTookCommand_AndWritesNothingNewForAnyOtherKind()
    {
        // C 4.2 向上级指挥部移交现场指挥权: who took command is the handover's content; an arrival or any other clock event is written as before.
        var handover = new ClockEventRecorded { At = At, By = Actors.OfficeDirector, Kind = ClockEvents.CommandHandover, HappenedAt = At, TakenBy = "泽州县建设工程事故应急指挥部" };
        var written = IncidentEventSchema.Serialize(handover);

        JsonNode.Parse(written)!["takenBy"]!.GetValue<string>().Should().Be("泽州县建设工程事故应急指挥部");
        ((ClockEventRecorded)IncidentEventSchema.Deserialize("clock-event-recorded", IncidentEventSchema.Version, written)).Should().Be(handover);

        var arrival = new ClockEventRecorded { At = At, By = Actors.OfficeDirector, Kind = ClockEvents.Arrival, HappenedAt = At };
        JsonNode.Parse(IncidentEventSchema.Serialize(arrival))!.AsObject().ContainsKey("takenBy").Should().BeFalse();
        ((ClockEventRecorded)IncidentEventSchema.Deserialize("clock-event-recorded", 8, IncidentEventSchema.Serialize(arrival))).TakenBy.Should().BeNull();
    }

    [Fact]
    public void WarningLifted_Version9_KeepsTheAssessmentOf4_6_AndABodyOfVersion8ReadsAsNotSaid()
    {
        // R 4.6 "有事实证明……危险已经解除的,经评估符合相应条件时……解除预警": the issuer's confirmation is kept with the lift.
        var id = Guid.NewGuid();
        var confirmed = new WarningLifted
        {
            At = At, By = Actors.OfficeDirector, WarningId = id, Reason = "雾散", ConditionsAssessed = true,
            StillMet = WarningColour.Orange, StillMetBy = new RuleRef("warning-4.3.2(1)-fog", "4.3.2(1)", "能见度 ≤ 20 米的浓雾"),
        };
        var written = IncidentEventSchema.Serialize(confirmed);

        JsonNode.Parse(written)!["conditionsAssessed"]!.GetValue<bool>().Should().BeTrue();
        IncidentEventSchema.Deserialize("warning-lifted", IncidentEventSchema.Version, written).Should().Be(confirmed);

        // A lift written before schema 9 has none of them: it did not say, and nothing was still met as far as the log knows.
        var old = (WarningLifted)IncidentEventSchema.Deserialize("warning-lifted", 8,
            $$"""{"at":"2026-03-01T14:00:00+08:00","by":{"roleId":"office-director","displayName":"周主任"},"warningId":"{{id}}","reason":"雾散"}""");
        (old.ConditionsAssessed, old.StillMet, old.StillMetBy).Should().Be(((bool?)null, (WarningColour?)null, (RuleRef?)null));
        // And one that did not say is written as before: no new member.
        JsonNode.Parse(IncidentEventSchema.Serialize(confirmed with { ConditionsAssessed = null, StillMet = null, StillMetBy = null }))!.AsObject()
            .Select(p => p.Key).Should().NotContain(["conditionsAssessed", "stillMet", "stillMetBy"]);
    }

    [Fact]
    public void ReportFiled_Version8_KeepsTheJudgementsStatedFalse_AndWritesNothingNewWhenNoneIs()
    {
        // C 4.1 是否属较大涉险事故: a "no" is the office's answer and is kept as such; a report that states nothing false is written as before.
        var no = JudgementInput.FromMask(0, null, "市指挥部办公室", null, judgedNot: 1u << (int)Judgement.RelativelySeriousNearMiss);
        var written = IncidentEventSchema.Serialize(Report(no));

        JsonNode.Parse(written)!["reported"]!["judgements"]!["judgedNot"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("relativelySeriousNearMiss");
        var read = ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, written)).Reported.Judgements!;
        read.Stated(Judgement.RelativelySeriousNearMiss).Should().BeTrue();
        read.Has(Judgement.RelativelySeriousNearMiss).Should().BeFalse();
        read.Should().Be(no);

        var yes = JudgementInput.FromMask(1u << (int)Judgement.RelativelySeriousNearMiss, null, "市指挥部办公室", null);
        JsonNode.Parse(IncidentEventSchema.Serialize(Report(yes)))!["reported"]!["judgements"]!.AsObject().ContainsKey("judgedNot").Should().BeFalse();

        // A body of schema 7 has no judgedNot: nothing was stated false.
        var old = ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", 7, IncidentEventSchema.Serialize(Report(yes)))).Reported.Judgements!;
        old.Stated(Judgement.ExceedsCountyCapacity).Should().BeFalse();

        static ReportFiled Report(JudgementInput judgements) => new()
        {
            At = At, By = Actors.OfficeDirector, Final = false, Summary = "续报",
            Reported = new IncidentReport { Figures = ReportedFigures.None, Judgements = judgements },
            Assessed = new AssessedOutcome(Grade.Ordinary, true, null, true, []),
        };
    }

    [Fact]
    public void ReportFiled_Version9_KeepsWhatLowersTheVisibility_AndWritesNothingNewWhenItIsNotStated()
    {
        // R 4.3.1(1) "能见度 ≤ 10 米的浓雾" against 4.3.3(1) "特强沙尘暴": the cause decides the colour, so a stored report keeps it; one
        // that did not state it is written as before schema 9, and a body of schema 8 reads as not stated.
        var sandstorm = Report(new RoadConditions { VisibilityMetres = 10, VisibilityCause = VisibilityCause.Sandstorm, TownshipsAffected = 4 });
        var written = IncidentEventSchema.Serialize(sandstorm);

        JsonNode.Parse(written)!["reported"]!["conditions"]!["visibilityCause"]!.GetValue<string>().Should().Be("Sandstorm");
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", IncidentEventSchema.Version, written)).Reported.Conditions
            .Should().Be(sandstorm.Reported.Conditions);

        var unstated = IncidentEventSchema.Serialize(Report(new RoadConditions { VisibilityMetres = 10 }));
        JsonNode.Parse(unstated)!["reported"]!["conditions"]!.AsObject().ContainsKey("visibilityCause").Should().BeFalse();
        ((ReportFiled)IncidentEventSchema.Deserialize("report-filed", 8, unstated)).Reported.Conditions!.VisibilityCause.Should().BeNull();

        static ReportFiled Report(RoadConditions conditions) => new()
        {
            At = At, By = Actors.OfficeDirector, Final = false, Summary = "续报",
            Reported = new IncidentReport { Figures = ReportedFigures.None, Conditions = conditions },
            Assessed = new AssessedOutcome(Grade.Ordinary, true, null, true, []),
        };
    }

    [Fact]
    public void ObligationCancelled_Version6_SaysWhetherTheDutyWasNeverDone()
    {
        var written = IncidentEventSchema.Serialize(new ObligationCancelled { At = At, By = Actors.OfficeDirector, Key = "call-122", Reason = ObligationCancelled.ClosedReason, Unmet = true });

        JsonNode.Parse(written)!["unmet"]!.GetValue<bool>().Should().BeTrue();
        ((ObligationCancelled)IncidentEventSchema.Deserialize("obligation-cancelled", IncidentEventSchema.Version, written)).Unmet.Should().BeTrue();
    }

    [Theory]
    // Before schema 6 only the close wrote 事件已关闭, for a duty without a due time still owed: never done.
    [InlineData(5, "事件已关闭", true)]
    [InlineData(1, "事件已关闭", true)]
    [InlineData(5, "终报已报送", false)]
    [InlineData(5, "灾情稳定", false)]
    [InlineData(5, "响应已终止", false)]
    public void ObligationCancelled_OlderBody_ReadsTheClosesCancellationAsNeverDone(int version, string reason, bool unmet)
    {
        var body = JsonNode.Parse(IncidentEventSchema.Serialize(new ObligationCancelled { At = At, By = Actors.OfficeDirector, Key = "k", Reason = reason }))!.AsObject();
        body.Remove("unmet");

        var read = (ObligationCancelled)IncidentEventSchema.Deserialize("obligation-cancelled", version, body.ToJsonString());

        (read.Reason, read.Unmet).Should().Be((reason, unmet));
    }

    [Fact]
    public void ObligationCancelled_Version6Body_IsReadAsWritten_NotFromItsReason()
    {
        // From schema 6 the field says it: a cancellation of version 6 with the close's reason and unmet false stays false.
        var written = IncidentEventSchema.Serialize(new ObligationCancelled { At = At, By = Actors.OfficeDirector, Key = "k", Reason = ObligationCancelled.ClosedReason });

        ((ObligationCancelled)IncidentEventSchema.Deserialize("obligation-cancelled", 6, written)).Unmet.Should().BeFalse();
    }

    [Fact]
    public void ResponseTerminated_Version2Body_ReadsAsNotSaid()
    {
        // A termination logged before schema 3 had no such field: it did not say, which is not "false".
        var body = JsonNode.Parse(IncidentEventSchema.Serialize(new ResponseTerminated { At = At, By = Actors.Commander, Reason = "处置结束" }))!.AsObject();
        body.Remove("conditionsConfirmed");

        var read = (ResponseTerminated)IncidentEventSchema.Deserialize("response-terminated", 2, body.ToJsonString());

        read.ConditionsConfirmed.Should().BeNull();
        read.Reason.Should().Be("处置结束");
    }

    [Fact]
    public void A_version_newer_than_this_build_is_refused_not_misread()
    {
        var read = () => IncidentEventSchema.Deserialize("response-terminated", IncidentEventSchema.Version + 1, "{}");

        read.Should().Throw<NotSupportedException>().WithMessage($"*schema version {IncidentEventSchema.Version + 1};*");
    }
}
