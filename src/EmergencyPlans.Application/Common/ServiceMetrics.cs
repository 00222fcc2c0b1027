using System.Diagnostics.Metrics;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// The service's own instruments (System.Diagnostics.Metrics, meter <see cref="MeterName"/>), beside ASP.NET Core's
/// request metrics: what whoever runs the feed and the alerts watches, with <c>dotnet-counters</c> or an OpenTelemetry
/// collector. The host registers it (<c>AddServiceMetrics</c>); the command line and the load tool have none, and the
/// services that record into it take it as optional.
/// </summary>
public sealed class ServiceMetrics
{
    /// <summary>The meter's name, to subscribe to (<c>dotnet-counters monitor --counters EmergencyPlans</c>).</summary>
    public const string MeterName = "EmergencyPlans";

    private readonly Counter<long> _feedLines;
    private readonly Histogram<double> _feedSubmissions;
    private readonly Counter<long> _alertsRaised;
    private readonly Counter<long> _alertScanFailures;
    private readonly Counter<long> _storeFailures;

    public ServiceMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _feedLines = meter.CreateCounter<long>("emergencyplans.feed.lines", "{line}",
            "122 feed lines answered, by status (accepted, duplicate, stale, conflict, rejected) and outcome (routine, opened, updated, stale)");
        _feedSubmissions = meter.CreateHistogram<double>("emergencyplans.feed.submission.duration", "s",
            "Time from a submission's first line to its summary (POST /api/v1/feeds/122)");
        _alertsRaised = meter.CreateCounter<long>("emergencyplans.alerts.raised", "{alert}",
            "Alerts this instance raised, by kind (new-incident, escalation, duty-due-soon, duty-overdue, road-warning)");
        _alertScanFailures = meter.CreateCounter<long>("emergencyplans.alerts.scan.failures", "{incident}",
            "Incidents whose alerts a scan could not derive (log event 8002): each is retried every scan and raises nothing until it reads again");
        _storeFailures = meter.CreateCounter<long>("emergencyplans.store.failures", "{failure}",
            "Requests answered 503 for the store, by access (read: GET and HEAD; write: the rest) and kind (unavailable, busy, damaged)");
    }

    /// <summary>A line's answer, once committed.</summary>
    public void FeedLine(FeedLineResult answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _feedLines.Add(1, new KeyValuePair<string, object?>("status", answer.Status), new KeyValuePair<string, object?>("outcome", answer.Outcome ?? "none"));
    }

    /// <summary>A submission answered to its end.</summary>
    public void FeedSubmission(TimeSpan took) => _feedSubmissions.Record(took.TotalSeconds);

    /// <summary>An alert this instance stored (another instance's is counted there).</summary>
    public void AlertRaised(string kind) => _alertsRaised.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>
    /// A request was answered 503 for the store: <paramref name="access"/> <c>read</c> (GET, HEAD) or <c>write</c>, the store being
    /// <paramref name="kind"/> (<c>unavailable</c>, <c>busy</c>, <c>damaged</c>). The log says the first of a failure whole and the repeats in a
    /// line each; this counts every one, so a rate can be watched without reading the log. (A scan that fails as a whole is event 8003 and
    /// readiness Degraded.)
    /// </summary>
    public void StoreFailed(string access, string kind) =>
        _storeFailures.Add(1, new KeyValuePair<string, object?>("access", access), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>A scan could not derive one incident's alerts; counted at every scan that fails on it.</summary>
    public void AlertScanFailed() => _alertScanFailures.Add(1);
}
