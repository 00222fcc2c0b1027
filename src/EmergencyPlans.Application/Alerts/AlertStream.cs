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
/// sent, so an alert stored after the client saw the 200 is always delivered.
/// </summary>
public sealed record LastAlertIdQuery : IRequest<long>;

public sealed class LastAlertIdHandler(IAlertStore store) : IRequestHandler<LastAlertIdQuery, long>
{
    public async ValueTask<long> Handle(LastAlertIdQuery request, CancellationToken cancellationToken) =>
        await store.LastIdAsync(cancellationToken).ConfigureAwait(false);
}

public sealed class AlertStreamHandler(IAlertStore store, AlertSignal signal, TimeProvider clock, IOptions<AlertOptions> options) : IStreamRequestHandler<AlertStreamQuery, AlertView>
{
    private const int PageSize = 100;

    public async IAsyncEnumerable<AlertView> Handle(AlertStreamQuery request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var last = request.After;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before reading: a raise on this instance after the read still wakes the wait below.
            var raisedHere = signal.Next;
            var rows = await store.ReadAfterAsync(last, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                last = row.Id;
                yield return AlertView.From(row);
            }

            if (rows.Count < PageSize)
            {
                // Alerts of other instances are found at the next poll.
                await Task.WhenAny(raisedHere, Task.Delay(options.Value.StreamPollInterval, clock, cancellationToken)).ConfigureAwait(false);
            }
        }
    }
}
