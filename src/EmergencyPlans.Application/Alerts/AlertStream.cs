using System.Runtime.CompilerServices;
using EmergencyPlans.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// GET /alerts/stream: the alerts stored after <paramref name="After"/> (every instance's, read from the
/// shared table), then each new one as it is stored, until the caller goes away.
/// </summary>
public sealed record AlertStreamQuery(long After) : IStreamRequest<AlertView>;

/// <summary>
/// Where a stream "from now on" starts: the last alert id stored. Asked before the stream's headers are
/// sent, so an alert stored after the client saw the 200 is always delivered. With <paramref name="RaisedBefore"/>,
/// the last id of the alerts raised before that time: the start of a stream opened while the store did not answer,
/// fixed once it answers, so the alerts raised meanwhile (by another instance) still reach the client.
/// </summary>
public sealed record LastAlertIdQuery(DateTimeOffset? RaisedBefore = null) : IRequest<long>;

public sealed class LastAlertIdHandler(IAlertStore store) : IRequestHandler<LastAlertIdQuery, long>
{
    private const int PageSize = 100;

    public async ValueTask<long> Handle(LastAlertIdQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RaisedBefore is not { } before)
        {
            return await store.LastIdAsync(cancellationToken).ConfigureAwait(false);
        }

        // Newest first until one was raised before: only the alerts of an outage's minutes are read. Each page goes on below the last
        // id of the one before (an offset read every skipped row again, and alerts stored meanwhile shifted the pages).
        long? below = null;
        while (true)
        {
            var page = await store.QueryAsync(new AlertQuery { Limit = PageSize, BeforeId = below }, cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                if (row.Alert.RaisedAt < before)
                {
                    return row.Id;
                }
            }

            if (page.Count < PageSize)
            {
                return 0;
            }

            below = page[^1].Id;
        }
    }
}

public sealed class AlertStreamHandler(IAlertStore store, AlertSignal signal, TimeProvider clock, IOptions<AlertOptions> options, Incidents.IncidentReader reader)
    : IStreamRequestHandler<AlertStreamQuery, AlertView>
{
    private const int PageSize = 100;

    public async IAsyncEnumerable<AlertView> Handle(AlertStreamQuery request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var last = request.After;

        // An id above every stored one comes from another history of the store (a screen that saw alerts a backup restored since
        // does not hold, or a mistyped id): waiting for ids above it, the stream sent nothing until the new alerts' ids passed it. It
        // resumes after the last alert stored instead, so the alerts raised from now on reach the screen.
        var stored = await store.LastIdAsync(cancellationToken).ConfigureAwait(false);
        if (last > stored)
        {
            last = stored;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before reading: a raise on this instance after the read still wakes the wait below.
            var raisedHere = signal.Next;
            var rows = await store.ReadAfterAsync(last, PageSize, cancellationToken).ConfigureAwait(false);
            // Each as it reads now, with what overtook it (a replay after=0 sends old alerts; a new one is live): one read of the page's incidents.
            var views = await AlertOvertaking.ViewsAsync(rows, store, reader, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            foreach (var view in views)
            {
                last = view.Id;
                yield return view;
            }

            if (rows.Count < PageSize)
            {
                // Alerts of other instances are found at the next poll.
                await Task.WhenAny(raisedHere, Task.Delay(options.Value.StreamPollInterval, clock, cancellationToken)).ConfigureAwait(false);
            }
        }
    }
}
