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

    [Theory]
    // Road 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"; 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.3.1 "由市指挥部指挥长决定启动Ⅰ级响应".
    [InlineData("road-traffic", "office-director", "市指挥部办公室主任")]
    [InlineData("road-traffic", "deputy-commander", "市指挥部副指挥长")]
    [InlineData("road-traffic", "commander", "市指挥部指挥长")]
    // Construction 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应"; 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应".
    [InlineData("construction", "office-director", "市指挥部办公室主任")]
    [InlineData("construction", "deputy-commander", "市指挥部副指挥长")]
    [InlineData("construction", "commander", "市指挥部指挥长")]
    // Natural disaster 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,并向市安委会主任报告".
    [InlineData("natural-disaster", "office-director", "市安委办主任")]
    [InlineData("natural-disaster", "deputy-commander", "市安委会副主任")]
    [InlineData("natural-disaster", "commander", "市安委会主任")]
    // Roles no plan names otherwise keep the catalogue's label (5.1.2 市委、市政府).
    [InlineData("natural-disaster", "party-committee-government", "市委、市政府")]
    [InlineData("road-traffic", "duty-officer", "值班员")]
    public void RoleNames_EachPlan_NamesThePostsAsItsTextDoes(string planId, string role, string name) =>
        Repository.Catalog.Plans.Single(p => p.Id == planId).RoleNames.Of(role).Should().Be(name);
}
