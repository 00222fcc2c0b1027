using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A service started while <c>store restore</c> runs (docs/operations.md, "Back up and restore"): the restore holds the store's lock file alone,
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
        var problem = await during.Content.ReadAsStringAsync();
        problem.Should().Contain("being restored");
        // When to try again (RFC 9110 §10.2.3), and none of the server's paths: those are for the operator's log.
        during.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        problem.Should().NotContain(_factory.DataDirectory).And.NotContain("emergencyplans.db");

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
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "a server that went away may be back soon");
        using var ready = await _factory.Anonymous().GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }
}

/// <summary>
/// A store failure whose text names the server's files (the data folder refusing the store's lock file: an I/O error's message
/// names the path) is answered without them: the problem document says "the data folder", the log keeps the path.
/// </summary>
public sealed class StoreFailurePathTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheStoresFolderRefusingItsLockFile_Is503WithRetryAfter_WithoutTheServersPath()
    {
        var database = Path.Combine(_factory.DataDirectory, "emergencyplans.db");
        var failure = new EmergencyPlans.Infrastructure.Persistence.Sqlite.SqliteStoreFolderException(
            database, new IOException($"Read-only file system : '{database}.lock'"));
        failure.Message.Should().Contain(_factory.DataDirectory, "the exception, which is logged, names the file");
        var handler = _factory.Services.GetServices<Microsoft.AspNetCore.Diagnostics.IExceptionHandler>()
            .OfType<EmergencyPlans.Api.Errors.ProblemDetailsExceptionHandler>().Single();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _factory.Services };
        http.Request.Method = "POST";
        http.Request.Path = Http.Incidents;
        http.Response.Body = new MemoryStream();

        (await handler.TryHandleAsync(http, failure, CancellationToken.None)).Should().BeTrue();

        http.Response.StatusCode.Should().Be(503);
        http.Response.Headers.RetryAfter.ToString().Should().Be("5");
        http.Response.Body.Position = 0;
        var problem = await new StreamReader(http.Response.Body).ReadToEndAsync();
        problem.Should().Contain("cannot be written").And.Contain("(the data folder)/emergencyplans.db.lock");
        problem.Should().NotContain(_factory.DataDirectory);
    }
}
