using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A service started while <c>store restore</c> runs (README, "Back up and restore"): the restore holds the store's lock file alone,
/// so the service stores nothing into the file being moved aside. It answers 503 with a problem document meanwhile, stays up, and
/// serves as usual once the restore has ended.
/// </summary>
public sealed class StoreRestoringTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task StartedDuringARestore_Answers503_ThenServesOnceTheRestoreEnds()
    {
        var database = Path.Combine(_factory.DataDirectory, "emergencyplans.db");
        HttpClient client;
        HttpResponseMessage during;
        // What `store restore` holds from its first look at the store to its last rename; taken before the host starts, whose
        // background services use the store from their first tick.
        using (new FileStream(database + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            client = _factory.As(RoleCatalogue.DutyOfficer);
            during = await client.GetAsync(Http.Incidents);
            File.Exists(database).Should().BeFalse("the service opened nothing while the restore ran");
        }

        during.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        during.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await during.Content.ReadAsStringAsync()).Should().Contain("being restored");

        using var after = await client.GetAsync(Http.Incidents);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
        client.Dispose();
    }
}

/// <summary>
/// The store cannot be reached (PostgreSQL down, seen by hand: the first request after the server stopped was a 500 "Internal error").
/// A port nothing listens on stands for the server that went away: refused, as a stopped server's port is.
/// </summary>
public sealed class StoreUnreachableTests : IDisposable
{
    private readonly ApiFactory _factory = new ApiFactory()
        .With("EmergencyPlans:StoreProvider", "postgres")
        .With("EmergencyPlans:PostgresConnectionString", "Host=127.0.0.1;Port=1;Username=nobody;Password=nobody;Database=none;Timeout=3");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ARequest_Is503NamingTheStore_AndTheProbeIsUnhealthy()
    {
        using var client = _factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident());

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("title").GetString().Should().Be("The store is unavailable");
        problem.GetProperty("detail").GetString().Should().Contain("PostgreSQL server cannot be reached").And.Contain("Nothing of this request was stored");
        using var ready = await _factory.Anonymous().GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }
}
