using System.Text.Json;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>The alert stream's server-sent events as (kind, data), read on a host whose clock the stream's waits run on.</summary>
internal static class AlertStreamEvents
{
    /// <summary>The next event of <paramref name="kind"/>, moving the service clock (the stream's waits run on it) until it comes.</summary>
    public static async Task<JsonElement> NextAsync(ApiFactory host, IAsyncEnumerator<(string Kind, JsonElement Data)> events, string kind, CancellationToken ct)
    {
        while (true)
        {
            var read = events.MoveNextAsync().AsTask();
            while (!read.IsCompleted)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(read, Task.Delay(50, ct));
            }

            (await read).Should().BeTrue("the stream goes on");
            if (events.Current.Kind == kind)
            {
                return events.Current.Data;
            }
        }
    }

    public static async IAsyncEnumerable<(string Kind, JsonElement Data)> Read(StreamReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? kind = null;
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is not null)
                {
                    using var document = JsonDocument.Parse(data.Length == 0 ? "null" : data.ToString());
                    yield return (kind, document.RootElement.Clone());
                }

                kind = null;
                data.Clear();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
    }
}
