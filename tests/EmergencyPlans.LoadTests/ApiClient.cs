using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EmergencyPlans.LoadTests;

internal enum RequestKind
{
    Assess,
    GetIncident,
}

/// <summary>The outcome of one request: the status code, or the exception that stopped it.</summary>
internal readonly record struct Outcome(int Status, string? Failure)
{
    public bool Ok => Failure is null && Status is >= 200 and < 300;

    public string ErrorKey => Failure ?? $"HTTP {Status}";
}

/// <summary>
/// One shared HttpClient over a SocketsHttpHandler with many connections, bodies serialised once, responses
/// read to the end into a pooled buffer (so the latency includes the whole body) and then dropped.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _assess;
    private readonly Uri _incidents;
    private readonly byte[][] _assessBodies;
    private Uri[] _incidentUris = [];
    private long _connections;

    public ApiClient(Uri baseUri, string key, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _assess = new Uri(baseUri, "/api/v1/assessments");
        _incidents = new Uri(baseUri, "/api/v1/incidents");
        _assessBodies = Payloads.Assessments().Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>TCP connections opened so far (each one counted in the connect callback).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connections);

    public int AssessVariants => _assessBodies.Length;

    public int IncidentCount => _incidentUris.Length;

    public Task<Outcome> AssessAsync(int variant, CancellationToken ct) =>
        SendAsync(NewPost(_assess, _assessBodies[variant % _assessBodies.Length]), ct);

    public Task<Outcome> GetIncidentAsync(long n, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, _incidentUris[(int)(n % _incidentUris.Length)]), ct);

    /// <summary>Health, one request per assessment body, then <paramref name="count"/> incidents to read later. Throws with the server's answer on anything unexpected.</summary>
    public async Task PrepareAsync(int count, CancellationToken ct)
    {
        using (var ready = await _http.GetAsync(new Uri(_http.BaseAddress!, "/health/ready"), ct).ConfigureAwait(false))
        {
            await Expect(ready, HttpStatusCode.OK, "GET /health/ready", ct).ConfigureAwait(false);
        }

        for (var i = 0; i < _assessBodies.Length; i++)
        {
            using var response = await _http.SendAsync(NewPost(_assess, _assessBodies[i]), ct).ConfigureAwait(false);
            await Expect(response, HttpStatusCode.OK, $"POST /api/v1/assessments (body {i})", ct).ConfigureAwait(false);
        }

        var uris = new Uri[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await _http.SendAsync(NewPost(_incidents, Encoding.UTF8.GetBytes(Payloads.Incident(i))), ct).ConfigureAwait(false);
            await Expect(response, HttpStatusCode.Created, "POST /api/v1/incidents", ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            uris[i] = new Uri(_incidents + "/" + doc.RootElement.GetProperty("id").GetString());
        }

        _incidentUris = uris;
        if (count > 0)
        {
            using var first = await _http.GetAsync(_incidentUris[0], ct).ConfigureAwait(false);
            await Expect(first, HttpStatusCode.OK, "GET /api/v1/incidents/{id}", ct).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage NewPost(Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
    }

    private async Task<Outcome> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false))
            {
                var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    while (await body.ReadAsync(buffer, ct).ConfigureAwait(false) > 0)
                    {
                    }
                }

                return new Outcome((int)response.StatusCode, null);
            }
        }
#pragma warning disable CA1031 // Every failure is counted and reported by type; none may stop the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Outcome(0, e.GetType().Name + (e.InnerException is { } inner ? "/" + inner.GetType().Name : ""));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _connections);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 800)]}");
        }
    }
}
