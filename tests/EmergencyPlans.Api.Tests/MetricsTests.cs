using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The service's meter (<see cref="ServiceMetrics.MeterName"/>) as an operator's collector sees it: a listener on this
/// host's instruments only (the meter's scope is the host's IMeterFactory), fed by a real submission and a real scan.
/// </summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ApiFactory _host = new ApiFactory().With("Alerts:Enabled", "false");
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _measured = new(StringComparer.Ordinal);

    public MetricsTests()
    {
        var meters = _host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServiceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, 1, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _host.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name + string.Concat(tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"|{t.Key}={t.Value}"));
        _measured.AddOrUpdate(key, value, (_, sum) => sum + value);
    }

    private double Measured(string key) => _measured.GetValueOrDefault(key);

    [Fact]
    public async Task FeedSubmission_CountsEachLineByStatusAndOutcome_AndTimesTheSubmission_AndTheScanCountsAlertsByKind()
    {
        using var feed = _host.As(RoleCatalogue.Feed);
        foreach (var sample in new[] { "routine-with-bad-lines.ndjson", "coach-rollover-fog-g207.ndjson" })
        {
            var body = await File.ReadAllTextAsync(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", sample), Encoding.UTF8);
            using var response = await feed.PostAsync("/api/v1/feeds/122", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            _ = await response.Content.ReadAsStringAsync();
        }

        var raised = await _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);

        // routine-with-bad-lines: 2 routine lines taken, 2 rejected, 1 conflict; the coach rollover: opened, updated, stale, duplicate.
        Measured("emergencyplans.feed.lines|outcome=routine|status=accepted").Should().Be(2);
        Measured("emergencyplans.feed.lines|outcome=none|status=rejected").Should().Be(2);
        Measured("emergencyplans.feed.lines|outcome=none|status=conflict").Should().Be(1);
        Measured("emergencyplans.feed.lines|outcome=opened|status=accepted").Should().Be(1);
        Measured("emergencyplans.feed.lines|outcome=updated|status=accepted").Should().Be(1);
        Measured("emergencyplans.feed.lines|outcome=stale|status=stale").Should().Be(1);
        Measured("emergencyplans.feed.lines|outcome=none|status=duplicate").Should().Be(1);
        Measured("emergencyplans.feed.submission.duration").Should().Be(2, "one measurement per submission");
        raised.Should().NotBeEmpty();
        foreach (var kind in raised.GroupBy(a => a.Alert.Kind))
        {
            Measured($"emergencyplans.alerts.raised|kind={kind.Key}").Should().Be(kind.Count());
        }
    }

    [Fact]
    public async Task Scan_AnIncidentWhoseStoredProjectionCannotBeRead_IsCountedAtEveryScan_AndTheProbeIsDegradedUntilItReads()
    {
        // An operator cannot watch a log line for every incident; the counter and the readiness probe say a scan fails on some.
        var incident = await _host.OpenAsync(Bodies.Incident(occurredAt: "2026-03-01T09:40:00+08:00"));
        var scanner = _host.Services.GetRequiredService<AlertScanner>();
        await scanner.ScanAsync(CancellationToken.None);
        (await ReadyAsync()).Should().Be("Healthy");

        // A projection damaged by hand, at a version the service has not read yet; then put back, at another.
        var projection = await ExecuteAsync("SELECT projection FROM incidents WHERE id = $id", incident.Id);
        await ExecuteAsync("UPDATE incidents SET projection = '[]', version = version + 1 WHERE id = $id", incident.Id);
        await scanner.ScanAsync(CancellationToken.None);
        await scanner.ScanAsync(CancellationToken.None);
        var damaged = await ReadyAsync();
        await ExecuteAsync("UPDATE incidents SET projection = $value, version = version + 1 WHERE id = $id", incident.Id, projection);
        await scanner.ScanAsync(CancellationToken.None);

        Measured("emergencyplans.alerts.scan.failures").Should().Be(2, "the incident failed at two scans, counted once at each");
        damaged.Should().Be("Degraded", "the last scan could not derive the alerts of an incident; the service still answers");
        scanner.LastScan!.FailedIncidents.Should().Be(0);
        (await ReadyAsync()).Should().Be("Healthy", "the incident reads again");
    }

    private async Task<string> ReadyAsync()
    {
        using var client = _host.Anonymous();
        using var response = await client.GetAsync("/health/ready");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "Degraded is still ready");
        return await response.ReadinessAsync();
    }

    private async Task<string?> ExecuteAsync(string sql, string id, string? value = null)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_host.DataDirectory, "emergencyplans.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }

        return (await command.ExecuteScalarAsync()) as string;
    }
}
