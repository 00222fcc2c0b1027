using System.Text.Json.Nodes;
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
        IncidentEventSchema.Version.Should().Be(7);
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
