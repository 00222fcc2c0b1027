using System.Net;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The body limit (EmergencyPlans:MaxRequestBodyBytes, 64 KB by default) answers 413 and stores nothing.
/// The host sets it on Kestrel, so these tests run the factory on Kestrel (a free port), not TestServer.
/// </summary>
public sealed class BodySizeTests(BodySizeTests.Factory factory) : IClassFixture<BodySizeTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            UseKestrel(0);
        }
    }

    public sealed class SmallLimitFactory : ApiFactory
    {
        public SmallLimitFactory()
        {
            With("EmergencyPlans:MaxRequestBodyBytes", "2048");
            UseKestrel(0);
        }
    }

    [Fact]
    public async Task OpenIncident_BodyOfExactly64KB_IsStored()
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, Padded(64 * 1024));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await factory.CountAsync()).Should().Be(before + 1);
    }

    [Fact]
    public async Task OpenIncident_BodyOverAConfiguredLimit_Returns413WhileASmallerOneIsStored()
    {
        using var small = new SmallLimitFactory();
        using var client = small.As(RoleCatalogue.DutyOfficer);

        using var tooLarge = await client.PostRawAsync(Http.Incidents, Padded(2049));
        using var fits = await client.PostRawAsync(Http.Incidents, Padded(2048));

        await tooLarge.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        await fits.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await small.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task FileReport_BodyOverTheLimit_Returns413AndLeavesTheIncidentUnchanged()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var report = "{\"kind\":\"continuation\",\"summary\":\"x\"" + new string(' ', 64 * 1024) + "}";

        using var response = await client.PostRawAsync(incident.Url + "/reports", report, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task OpenIncident_BodyOverTheDefault64KB_Returns413AndStoresNothing()
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, Padded(64 * 1024 + 1));

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task OpenIncident_BodyOverTheLimit_Returns413SayingTheLimitAndItsSetting()
    {
        // Found by fuzzing: a 413 "Content Too Large" without a detail; the client learnt neither the limit nor its setting.
        using var small = new SmallLimitFactory();
        using var client = small.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, Padded(2049));

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).Str("detail").Should().Be("The request body is larger than the 2048 bytes accepted here (EmergencyPlans:MaxRequestBodyBytes).");
        (await small.CountAsync()).Should().Be(0);
    }

    /// <summary>A valid first report padded with spaces to exactly <paramref name="bytes"/> bytes.</summary>
    public static string Padded(int bytes)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Bodies.Incident());
        var size = Encoding.UTF8.GetByteCount(json);
        return json[..^1] + new string(' ', bytes - size) + "}";
    }
}
