using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Infrastructure.Feeds;

/// <summary>
/// Sends an NDJSON feed to a running service's <c>POST /api/v1/feeds/122</c> (the CLI's <c>feed ingest FILE --url URL</c>)
/// and hands back its answers as if the feed had been ingested in-process: one <see cref="FeedLineResult"/> per
/// line, numbered from the start of the input, then the summed <see cref="FeedSummary"/>.
/// </summary>
/// <remarks>
/// The input is sent in parts of <see cref="LinesPerRequest"/> lines, one request each, read to the end before
/// the next is sent. A part is the file's lines as they are, each ended with <c>\n</c> (never decoded: a line that is not
/// UTF-8 reaches the service as it is in the file, and is refused there as it is by the endpoint and the local ingest), and tells the service its first line's number in the file (<c>?firstLine=N</c>), so the answers and the
/// quarantine entries carry the line's number in the file. The service answers while it reads; one request for a whole
/// large file would need the client to read the answer while it is still sending (full duplex), which HTTP/1.1 clients
/// do not promise.
/// A part that fails leaves the parts before it committed: send the input again (taken lines come back as duplicates).
/// A part also ends when the input pauses (<see cref="FeedIngestor.InputPause"/>) with lines read: a live input (a pipe that a
/// dispatch export writes each record into as it comes) has each record sent and answered then, not after 19,999 more.
/// </remarks>
public sealed class FeedClient(HttpClient http, Uri serviceUrl, string apiKey, TimeProvider? clock = null)
{
    /// <summary>The endpoint, relative to the service's address.</summary>
    public const string Path = "api/v1/feeds/122";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Lines per request.</summary>
    public int LinesPerRequest { get; init; } = 20_000;

    /// <summary>Streams <paramref name="input"/> to the service; <paramref name="onResult"/> gets each line's answer.</summary>
    /// <exception cref="HttpRequestException">The service refused a part (the message holds its problem document) or broke off.</exception>
    public async Task<FeedSummary> SendAsync(Stream input, Func<FeedLineResult, CancellationToken, ValueTask> onResult, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(onResult);
        var endpoint = Endpoint();
        var total = new FeedSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        long offset = 0;
        using var parts = new FeedParts(input, clock ?? TimeProvider.System);
        var sent = false;
        while (await parts.NextAsync(LinesPerRequest, cancellationToken).ConfigureAwait(false) is { } part)
        {
            var summary = await SendPartAsync(endpoint, part.Bytes, offset, onResult, cancellationToken).ConfigureAwait(false);
            total = Add(total, summary);
            offset += part.Lines;
            sent = true;
        }

        if (!sent)
        {
            // Nothing to send is still asked of the service: an operator who pipes an empty input to check the URL and the key was told
            // 0 lines and exit 0 with a wrong key or the service down, without anything having been contacted.
            total = await SendPartAsync(endpoint, ReadOnlyMemory<byte>.Empty, 0, onResult, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>The feed's status as the service reads it (<c>GET /api/v1/feeds/122/status</c>; any reader's key).</summary>
    /// <exception cref="HttpRequestException">The service could not be reached or refused the request (the message holds its problem document).</exception>
    public async Task<FeedStatusView> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = new Uri(Endpoint().AbsoluteUri + "/status");
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {endpoint}: {body}", null, response.StatusCode);
        }

        return JsonSerializer.Deserialize<FeedStatusView>(body, Json)!;
    }

    private Uri Endpoint() => new(serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/"), Path);

    /// <summary>Sends text (<paramref name="input"/>'s lines, each written as UTF-8 and ended with <c>\n</c>).</summary>
    public Task<FeedSummary> SendAsync(TextReader input, Func<FeedLineResult, CancellationToken, ValueTask> onResult, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder();
        while (input.ReadLine() is { } line)
        {
            text.Append(line).Append('\n');
        }

        return SendAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), onResult, cancellationToken);
    }

    private async Task<FeedSummary> SendPartAsync(Uri endpoint, ReadOnlyMemory<byte> body, long offset, Func<FeedLineResult, CancellationToken, ValueTask> onResult, CancellationToken cancellationToken)
    {
        var part = new Uri(endpoint.AbsoluteUri + "?firstLine=" + (offset + 1).ToString(CultureInfo.InvariantCulture));
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, part) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{(int)response.StatusCode} from {endpoint}: {problem}", null, response.StatusCode);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        var answered = offset;
        while (await ReadAnswerAsync(reader, endpoint, answered, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("summary", out var summary))
            {
                return summary.Deserialize<FeedSummary>(Json)!;
            }

            if (root.TryGetProperty("aborted", out var aborted))
            {
                throw new HttpRequestException($"the service broke off after line {offset.ToString(CultureInfo.InvariantCulture)}+: {aborted.GetString()}");
            }

            var result = root.Deserialize<FeedLineResult>(Json)!;
            // The service numbers the lines from firstLine; one that does not know firstLine numbers them from 1 in each part.
            answered = result.Line > offset ? result.Line : result.Line + offset;
            await onResult(result with { Line = answered }, cancellationToken).ConfigureAwait(false);
        }

        throw new HttpRequestException($"the answer from {endpoint} ended without a summary: lines after the last answer were not acknowledged");
    }

    /// <summary>
    /// The next line of the service's answer. A connection the service drops while answering (it stopped, crashed or was
    /// restarted) fails the read with an <see cref="IOException"/>: that is the service breaking off, reported as such,
    /// like a refusal, and not as a fault of this program.
    /// </summary>
    private static async Task<string?> ReadAnswerAsync(StreamReader reader, Uri endpoint, long answered, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new HttpRequestException(
                $"the answer from {endpoint} broke off after line {answered.ToString(CultureInfo.InvariantCulture)}: lines after it were not acknowledged ({e.Message})", e);
        }
    }

    /// <summary>
    /// Cuts the input into parts of whole lines, split as the service splits them (the service's own <see cref="FeedLineReader"/>):
    /// each line's bytes as they are in the file (a line that is not UTF-8 too), ended with <c>\n</c>.
    /// </summary>
    private sealed class FeedParts(Stream input, TimeProvider clock) : IDisposable
    {
        private readonly FeedLineReader _lines = new(input);

        public void Dispose() => _lines.Dispose();

        public async Task<(ReadOnlyMemory<byte> Bytes, long Lines)?> NextAsync(int lines, CancellationToken cancellationToken)
        {
            var part = new MemoryStream();
            long count = 0;
            while (count < lines)
            {
                // With lines read and the input pausing, the part is sent as it is.
                var (line, paused) = await _lines.NextOrPauseAsync(count > 0 ? FeedIngestor.InputPause : null, clock, cancellationToken).ConfigureAwait(false);
                if (paused || line is null)
                {
                    break;
                }

                part.Write(_lines.InvalidUtf8Bytes ?? line);
                part.WriteByte((byte)'\n');
                count++;
            }

            return count == 0 ? null : (part.GetBuffer().AsMemory(0, (int)part.Length), count);
        }
    }

    private static FeedSummary Add(FeedSummary a, FeedSummary b) => new(
        a.Lines + b.Lines, a.Accepted + b.Accepted, a.Opened + b.Opened, a.Updated + b.Updated, a.Routine + b.Routine,
        a.Duplicate + b.Duplicate, a.Stale + b.Stale, a.Conflict + b.Conflict, a.Rejected + b.Rejected, a.Commits + b.Commits)
    {
        // 0 from a service older than session 62, which did not give them.
        BlankLines = a.BlankLines + b.BlankLines,
        QuarantineClosed = a.QuarantineClosed + b.QuarantineClosed,
    };
}
