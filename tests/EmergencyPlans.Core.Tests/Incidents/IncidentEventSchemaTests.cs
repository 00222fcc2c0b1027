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
        IncidentEventSchema.Version.Should().Be(5);
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
