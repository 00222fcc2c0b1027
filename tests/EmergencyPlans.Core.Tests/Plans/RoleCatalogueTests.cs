using System.Text.Json.Nodes;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>The one catalogue of roles, and the places outside C# that must agree with it.</summary>
public class RoleCatalogueTests
{
    [Fact]
    public void Ids_EveryRole_IsListedOnce() =>
        RoleCatalogue.Ids.Should().OnlyHaveUniqueItems().And.HaveCount(9);

    [Fact]
    public void Schema_RoleEnum_IsTheCatalogue()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, "schema", "plan.schema.json")))!;

        schema["$defs"]!["role"]!["enum"]!.AsArray().Select(n => (string?)n).Should().Equal(RoleCatalogue.Ids);
    }

    [Fact]
    public void Province_IsABodyNoCredentialCarries()
    {
        var province = RoleCatalogue.Find(RoleCatalogue.Province)!;

        province.Credential.Should().BeFalse();
        province.Capabilities.Should().Be(RoleCapabilities.None);
        RoleCatalogue.CredentialIds.Should().NotContain(RoleCatalogue.Province);
    }

    [Theory]
    [InlineData(RoleCapabilities.Read, new[] { "duty-officer", "office-director", "deputy-commander", "commander", "party-committee-government", "observer", "feed", "drill" })]
    [InlineData(RoleCapabilities.Report, new[] { "duty-officer", "office-director", "deputy-commander", "commander" })]
    [InlineData(RoleCapabilities.Ingest, new[] { "feed" })]
    [InlineData(RoleCapabilities.Decide, new[] { "office-director", "deputy-commander", "commander", "party-committee-government" })]
    [InlineData(RoleCapabilities.Fulfil, new[] { "duty-officer", "office-director", "deputy-commander", "commander" })]
    [InlineData(RoleCapabilities.Warn, new[] { "office-director", "deputy-commander", "commander" })]
    [InlineData(RoleCapabilities.Drill, new[] { "drill" })]
    public void With_EachCapability_IsTheRolesThatHoldIt(RoleCapabilities capability, string[] expected) =>
        RoleCatalogue.With(capability).Should().Equal(expected);

    [Fact]
    public void Roles_EveryPlanFileNames_AreAllInTheCatalogue()
    {
        var named = Repository.Catalog.Plans.SelectMany(p => p.Response.Levels.SelectMany(l => l.ActivatedBy)
            .Concat(p.Warnings?.Colours.SelectMany(c => c.ApproverRoles.Append(c.IssuerRole)) ?? []));

        named.Should().OnlyContain(r => RoleCatalogue.IsKnown(r));
    }

    [Fact]
    public void Find_AnUnknownId_IsNull() =>
        RoleCatalogue.Find("mayor").Should().BeNull();
}
