using System.Text.Json;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>The JSON Schema for editors (plans/schema/drill.schema.json) names exactly what the reader accepts.</summary>
public sealed class SchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.Plans, "schema", "drill.schema.json"))).RootElement;

    private static string[] Enum(params string[] path)
    {
        var e = Schema;
        foreach (var p in path)
        {
            e = e.GetProperty(p);
        }

        return [.. e.GetProperty("enum").EnumerateArray().Select(x => x.GetString()!)];
    }

    [Fact]
    public void Schema_Kinds_AreTheReadersKinds()
    {
        Enum("properties", "injects", "items", "properties", "kind").Should().Equal(DrillKinds.Injects.Select(k => k.Kind));
        Enum("properties", "actions", "items", "properties", "kind").Should().Equal(DrillKinds.Actions.Select(k => k.Kind));
        Enum("properties", "expectations", "items", "properties", "kind").Should().Equal(DrillKinds.Expectations.Select(k => k.Kind));
    }

    [Fact]
    public void Schema_RolesCountiesAndClockEvents_AreTheCatalogues()
    {
        // A participant takes any credential role but the API's own interfaces' (feed, drill), which do nothing in a drill.
        Enum("properties", "participants", "items", "properties", "role").Should().Equal(DrillScriptReader.ParticipantRoles)
            .And.Equal(RoleCatalogue.CredentialIds.Except([RoleCatalogue.Feed, RoleCatalogue.Drill]));
        Enum("properties", "incident", "properties", "county").Should().Equal(Support.Drills.Runner.Engine.Catalog.City.Counties.Select(c => c.Name));
        var events = Schema.GetProperty("properties").GetProperty("actions").GetProperty("items").GetProperty("allOf").EnumerateArray()
            .Select(a => a.GetProperty("then").GetProperty("properties"))
            .Single(p => p.TryGetProperty("event", out _)).GetProperty("event").GetProperty("enum").EnumerateArray().Select(x => x.GetString());
        events.Should().Equal(ClockEvents.All.Select(k => k.Name).Where(k => k is not (ClockEvents.CityRequest or ClockEvents.DispatchOrder)),
            "the city's request and a dispatch order are injects of the control cell, not actions");
    }
}
