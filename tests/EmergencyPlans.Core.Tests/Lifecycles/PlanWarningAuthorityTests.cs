using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// Who approves and who issues road warnings, as the road plan file gives it (<c>Plan.WarningAuthority</c>),
/// checked against road 4.4.1 发布权限 and 4.6 谁发布、谁解除.
/// </summary>
public class PlanWarningAuthorityTests
{
    /// <summary>colour, the approver 4.4.1 names, the words that name it.</summary>
    public static TheoryData<WarningColour, string, string> TextsApprover() => new()
    {
        { WarningColour.Red, RoleCatalogue.Province, "报省人民政府或者省人民政府授权的省有关部门批准后" },
        { WarningColour.Orange, RoleCatalogue.Commander, "经市指挥部指挥长批准后" },
        { WarningColour.Yellow, RoleCatalogue.DeputyCommander, "经市指挥部副指挥长批准后" },
    };

    [Theory]
    [MemberData(nameof(TextsApprover))]
    public void ApproverRoles_TheBody441Names_ComesFirstAndTheRuleCitesIt(WarningColour colour, string approver, string words)
    {
        Repository.RoadWarnings.ApproverRoles(colour)[0].Should().Be(approver);
        var rule = Rule(colour);
        rule.ApprovalClause.Should().Be("4.4.1");
        rule.ApprovalWords.Should().Contain(words);
    }

    /// <summary>colour, every role that may approve it: the text's approver, and for yellow the commander by the reading.</summary>
    public static TheoryData<WarningColour, string[]> AllApprovers() => new()
    {
        { WarningColour.Red, [RoleCatalogue.Province] },
        { WarningColour.Orange, [RoleCatalogue.Commander] },
        { WarningColour.Yellow, [RoleCatalogue.DeputyCommander, RoleCatalogue.Commander] },
    };

    [Theory]
    [MemberData(nameof(AllApprovers))]
    public void ApproverRoles_EachColour_AreExactlyTheTextsApproverAndTheReadingsOnly(WarningColour colour, string[] expected) =>
        Repository.RoadWarnings.ApproverRoles(colour).Should().Equal(expected);

    /// <summary>colour, a body that may not approve it, why not.</summary>
    public static TheoryData<WarningColour, string, string> NotApprovers() => new()
    {
        { WarningColour.Red, RoleCatalogue.Commander, "4.4.1: red is approved by the province; nobody in the city approves it" },
        { WarningColour.Red, RoleCatalogue.OfficeDirector, "4.4.1: the office issues red, it does not approve it" },
        { WarningColour.Orange, RoleCatalogue.DeputyCommander, "4.4.1: orange needs the commander; the reading only reaches down" },
        { WarningColour.Orange, RoleCatalogue.Province, "4.4.1: orange is approved in the city" },
        { WarningColour.Yellow, RoleCatalogue.OfficeDirector, "4.4.1: the office proposes yellow, a deputy commander approves it" },
        { WarningColour.Yellow, RoleCatalogue.PartyCommitteeGovernment, "市委、市政府 are named nowhere in 4.4.1" },
    };

    [Theory]
    [MemberData(nameof(NotApprovers))]
    public void ApproverRoles_ABodyTheTextDoesNotName_IsNotAnApprover(WarningColour colour, string role, string because) =>
        Repository.RoadWarnings.ApproverRoles(colour).Should().NotContain(role, because);

    [Fact]
    public void ApproverReading_CommanderForYellow_CitesTheDecisionRecord()
    {
        Rule(WarningColour.Yellow).ApproverReading.Should().Contain("docs/decisions/0003");
        Rule(WarningColour.Orange).ApproverReading.Should().BeNull("orange's approver is the text's alone");
        Rule(WarningColour.Red).ApproverReading.Should().BeNull("red's approver is the text's alone");
    }

    [Theory]
    [InlineData(WarningColour.Red)]
    [InlineData(WarningColour.Orange)]
    [InlineData(WarningColour.Yellow)]
    public void IssuerRoles_EveryColour_IsTheOfficeThat441SaysIssues(WarningColour colour)
    {
        // 4.4.1 "由市指挥部办公室发布" for each colour; 4.6 "由发布单位及时解除预警".
        Repository.RoadWarnings.IssuerRoles(colour).Should().Equal(RoleCatalogue.OfficeDirector);
        Rule(colour).IssuedBy.Should().Be("市指挥部办公室");
        Rule(colour).ApprovalWords.Should().Contain("由市指挥部办公室发布");
    }

    [Theory]
    [InlineData(WarningColour.Red, RoleCatalogue.Commander)]
    [InlineData(WarningColour.Orange, RoleCatalogue.Commander)]
    [InlineData(WarningColour.Yellow, RoleCatalogue.DeputyCommander)]
    [InlineData(WarningColour.Yellow, RoleCatalogue.Province)]
    public void IssuerRoles_AnApprover_DoesNotIssue(WarningColour colour, string role) =>
        Repository.RoadWarnings.IssuerRoles(colour).Should().NotContain(role);

    [Fact]
    public void WarningAuthority_PlansWithoutWarnings_IsNull()
    {
        // Construction 3.2 has warnings (without colours: ConstructionWarningTests); natural disaster issues none of its own.
        Repository.Construction.WarningAuthority.Should().NotBeNull();
        Repository.NaturalDisaster.WarningAuthority.Should().BeNull();
    }

    [Fact]
    public void WarningAuthority_OfALoadedPlan_IsBuiltOnceAndShared() =>
        Repository.Road.WarningAuthority.Should().BeSameAs(Repository.Road.WarningAuthority);

    [Fact]
    public void ApproverRoles_AColourThePlanDoesNotHave_IsOutOfRange()
    {
        var act = () => Repository.RoadWarnings.ApproverRoles((WarningColour)0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static WarningColourRule Rule(WarningColour colour) =>
        Repository.Road.Warnings!.Colours.Single(c => (int)c.Colour == (int)colour);
}
