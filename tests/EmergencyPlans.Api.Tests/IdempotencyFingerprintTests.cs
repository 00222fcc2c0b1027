using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The Idempotency-Key fingerprint outlives a release: a retry sent before an upgrade and again after it is the same request,
/// whatever optional properties the release added to the request and in whatever order the keys are configured.
/// </summary>
public sealed class IdempotencyFingerprintTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Actor Officer = new("值班员甲", [RoleCatalogue.DutyOfficer], "officer-a");

    private static OpenIncidentRequest RequiredOnly() => new()
    {
        Plan = "road-traffic",
        OccurredAt = "2026-03-01T09:10:00+08:00",
        Location = new LocationDto { County = "泽州县" },
        Nature = "两车相撞",
        Reporter = new ReporterDto { Name = "王值班" },
    };

    /// <summary>A later release's request: the same with one more optional property, which an earlier client never sends.</summary>
    private sealed class AssessmentRequestOfALaterRelease : AssessmentRequest
    {
        public string? Weather { get; set; }
    }

    [Fact]
    public void Fingerprint_OfARequestWithItsRequiredFieldsOnly_IsPinned()
    {
        // If this changes, every Idempotency-Key stored before the change is answered 422 on its retry: keep the old computation
        // readable (IdempotencyKey's legacy fingerprint) rather than editing this constant.
        IdempotencyKey.Fingerprint("open-incident", Officer, "", RequiredOnly())
            .Should().Be("ed34de3948c67bc8c69e7237d912a8ae876571da977afc104fc7ddcce35cda70");
    }

    [Fact]
    public void Fingerprint_WithAnAddedPropertyLeftNull_IsTheSame()
    {
        var later = new AssessmentRequestOfALaterRelease { Plan = "road-traffic", OccurredAt = "2026-03-01T09:10:00+08:00" };
        var now = new AssessmentRequest { Plan = "road-traffic", OccurredAt = "2026-03-01T09:10:00+08:00" };

        IdempotencyKey.For("k-1", "assess", Officer, "", later)!.RequestHash.Should().Be(IdempotencyKey.For("k-1", "assess", Officer, "", now)!.RequestHash);
        later.Weather = "大雾";
        IdempotencyKey.For("k-1", "assess", Officer, "", later)!.RequestHash
            .Should().NotBe(IdempotencyKey.For("k-1", "assess", Officer, "", now)!.RequestHash, "a value sent is part of the request");
    }

    [Fact]
    public void Fingerprint_OfAnUnnamedConfiguredKey_DoesNotDependOnItsPositionInTheConfiguration()
    {
        var a = new ApiKeyOptions { Key = "first-key-0123456789", Roles = [RoleCatalogue.DutyOfficer] };
        var b = new ApiKeyOptions { Key = "second-key-0123456789", Roles = [RoleCatalogue.DutyOfficer] };
        var data = Path.Combine(Path.GetTempPath(), "emergencyplans-no-data-" + Guid.NewGuid());
        var one = ApiKeyRegistry.Create(new AuthOptions { Keys = [a, b], CreateKeysOnFirstRun = false }, data, NullLogger.Instance);
        var other = ApiKeyRegistry.Create(new AuthOptions { Keys = [b, a], CreateKeysOnFirstRun = false }, data, NullLogger.Instance);

        var before = ActorOf(one.Find("first-key-0123456789")!);
        var after = ActorOf(other.Find("first-key-0123456789")!);

        before.Name.Should().Be("key-0");
        after.Name.Should().Be("key-1", "the name shown is still the position; the fingerprint must not use it");
        IdempotencyKey.Fingerprint("open-incident", after, "", RequiredOnly()).Should().Be(IdempotencyKey.Fingerprint("open-incident", before, "", RequiredOnly()));
        after.Identity.Should().Be("sha256:" + ApiKeyRegistry.Hash("first-key-0123456789"));
    }

    [Fact]
    public void Fingerprint_OfANamedKey_IsItsName_AndTheFeedsFixedActor_ItsName()
    {
        var named = ApiKeyRegistry.Create(
            new AuthOptions { Keys = [new ApiKeyOptions { Name = "值班室一号", Key = "named-key-0123456789", Roles = [RoleCatalogue.DutyOfficer] }], CreateKeysOnFirstRun = false },
            Path.Combine(Path.GetTempPath(), "emergencyplans-no-data-" + Guid.NewGuid()), NullLogger.Instance);

        ActorOf(named.Find("named-key-0123456789")!).Identity.Should().Be("值班室一号");
        EmergencyPlans.Application.Feeds.FeedIngestor.FeedActor.Identity.Should().Be("122接处警");
    }

    /// <summary>
    /// A record written by the builds before 2026-12-05 (caller by name, body with its nulls) is still this request's: the retry gets
    /// the first answer, not 422.
    /// </summary>
    [Fact]
    public async Task Retry_OfARequestRecordedWithTheEarlierFingerprint_GetsTheFirstAnswer()
    {
        using var factory = new ApiFactory();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = Bodies.Incident();
        using var first = await Send(client, body, "old-5187-1");
        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await first.JsonAsync()).Str("id");

        // The hash the earlier build stored: SHA-256 of operation, actor name, target and the DTO as JsonSerializer wrote it.
        var dto = JsonSerializer.Deserialize<OpenIncidentRequest>(JsonSerializer.Serialize(body), Web)!;
        var earlier = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            "open-incident", $"test {RoleCatalogue.DutyOfficer}", "", JsonSerializer.Serialize<object>(dto, Web)))));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "emergencyplans.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE idempotency_keys SET request_hash = $hash WHERE key = 'old-5187-1'";
            update.Parameters.AddWithValue("$hash", earlier);
            (await update.ExecuteNonQueryAsync()).Should().Be(1);
        }

        using var retry = await Send(client, body, "old-5187-1");

        await retry.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await retry.JsonAsync()).Str("id").Should().Be(id);
        using var other = await Send(client, Bodies.Incident(county: "陵川县"), "old-5187-1");
        await other.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
    }

    private static Actor ActorOf(ApiPrincipal principal) => new(principal.Name, principal.Roles, principal.Id);

    private static Task<HttpResponseMessage> Send(HttpClient client, object body, string key)
    {
        var request = Http.Request("/api/v1/incidents", JsonContent.Create(body), null);
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
