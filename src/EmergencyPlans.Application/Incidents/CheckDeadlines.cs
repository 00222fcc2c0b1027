using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Lifecycles;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// Records in each open incident's timeline the obligations whose due time has passed without a report.
/// Sent by the deadline watcher; status "overdue" is also computed on every read, so a missed run only
/// delays the timeline entry, never the status a duty officer sees.
/// </summary>
public sealed record CheckDeadlinesCommand : IRequest<int>;

public sealed class CheckDeadlinesHandler(IIncidentStore store, TimeProvider clock) : IRequestHandler<CheckDeadlinesCommand, int>
{
    private const string Actor = "deadline-watcher";

    public async ValueTask<int> Handle(CheckDeadlinesCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var marked = 0;
        var overdue = new List<IncidentSummary>();
        for (var offset = 0; ; offset += IncidentQuery.MaxLimit)
        {
            var page = await store.QueryAsync(new IncidentQuery { Open = true, OverdueAt = now, Limit = IncidentQuery.MaxLimit, Offset = offset }, cancellationToken)
                .ConfigureAwait(false);
            overdue.AddRange(page);
            if (page.Count < IncidentQuery.MaxLimit)
            {
                break;
            }
        }

        foreach (var summary in overdue)
        {
            var stored = await store.GetAsync(summary.Id, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue;
            }

            var record = IncidentRecord.FromJson(stored.Projection.Json);
            var newlyOverdue = new List<string>();
            foreach (var obligation in record.Obligations.Where(o => o.Clock is { State: ObligationState.Due } && !o.Cancelled))
            {
                var lifecycle = new ObligationLifecycle(obligation.Clock!);
                if (lifecycle.CheckDeadline(now))
                {
                    obligation.Clock = lifecycle.Snapshot;
                    newlyOverdue.Add(obligation.Key);
                    record.Timeline.Add(new TimelineEntry(now, "obligation-overdue", Actor,
                        $"{obligation.Key} was due {obligation.Clock.DueAt:O} and has not been reported", obligation.Clause));
                }
            }

            if (newlyOverdue.Count == 0)
            {
                continue;
            }

            try
            {
                await store.AppendAsync(record.Id, stored.Version,
                    [new IncidentEvent("obligations-overdue", now, Actor, System.Text.Json.JsonSerializer.Serialize(newlyOverdue, IncidentRecord.Json))],
                    IncidentViews.ToProjection(record, now), cancellationToken).ConfigureAwait(false);
                marked += newlyOverdue.Count;
            }
            catch (ConcurrencyConflictException)
            {
                // An officer changed the incident meanwhile; the next run sees the new version.
            }
        }

        return marked;
    }
}
