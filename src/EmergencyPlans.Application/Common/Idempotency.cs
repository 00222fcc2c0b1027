using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using FluentValidation;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// A request's Idempotency-Key with the fingerprint of what was asked: operation, caller, target and
/// body. The same key and fingerprint is a retry (answered with the first result, no second effect);
/// the same key with another fingerprint is a client error (422).
/// </summary>
public sealed record IdempotencyKey(string Key, string RequestHash)
{
    /// <summary>Longest key accepted; a UUID needs 36 characters.</summary>
    public const int MaxLength = 200;

    /// <summary>The header's name, which is also the field a problem document names.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The key and fingerprint for a request, or null when the client sent no key.</summary>
    public static IdempotencyKey? For(string? key, string operation, Actor actor, string target, object? body)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (key is null)
        {
            return null;
        }

        return Keyed(key, operation, actor, target, body);
    }

    // A method of its own: the lambda's closure was allocated on entry to For, for every command, keyed or not (a drill's none are).
    private static IdempotencyKey Keyed(string key, string operation, Actor actor, string target, object? body) =>
        // The legacy fingerprint is computed only when a stored record does not match the current one (rare): every keyed command,
        // each of the 122 feed's incident writes among them, paid a second serialisation and hash for it.
        new(key, Fingerprint(operation, actor, target, body))
        {
            Legacy = () => LegacyFingerprint(operation, actor, target, body),
        };

    /// <summary>
    /// The fingerprint stored with a request (docs/decisions/0005, 2026-12-05): SHA-256 of a version tag, the operation, the caller's
    /// stable identity (<see cref="Actor.Identity"/>: a configured key's name or hash, not its position in the configuration), the
    /// target and the body in a canonical form. The body's properties that are null are left out and object members are sorted by
    /// name, so a release that adds an optional property to a request, or declares its properties in another order, keeps the
    /// fingerprint of every request sent without it: a retry across an upgrade still gets the first answer.
    /// </summary>
    public static string Fingerprint(string operation, Actor actor, string target, object? body)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var text = string.Join('\n', "v2", operation, actor.Identity, target, CanonicalJson(body));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The fingerprint of this very request as the builds before 2026-12-05 computed it (caller by <see cref="Actor.Name"/>, body as
    /// <see cref="JsonSerializer"/> wrote it, nulls and declaration order included), to read the idempotency records they wrote:
    /// a retry sent before an upgrade and again after it is still the same request. Never used for a new record.
    /// </summary>
    private static string LegacyFingerprint(string operation, Actor actor, string target, object? body)
    {
        var text = string.Join('\n', operation, actor.Name, target, JsonSerializer.Serialize(body, LegacyFingerprintJson));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The body as JSON without null properties, object members sorted by name (ordinal), no white space.</summary>
    private static string CanonicalJson(object? body)
    {
        var node = JsonSerializer.SerializeToNode(body, FingerprintJson);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteCanonical(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>What the store keeps for this request once it has produced <paramref name="version"/> of <paramref name="incidentId"/>.</summary>
    public IdempotencyRecord Record(Guid? incidentId, long? version) => new(Key, RequestHash, incidentId, version);

    /// <summary>Throws <see cref="IdempotencyKeyReusedException"/> unless <paramref name="stored"/> was recorded for this very request.</summary>
    /// <remarks>A record written before 2026-12-05 holds the fingerprint of <see cref="LegacyFingerprint"/>, which is accepted too.</remarks>
    public void EnsureSameRequest(IdempotencyRecord stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!string.Equals(stored.RequestHash, RequestHash, StringComparison.Ordinal)
            && !(Legacy is { } legacy && string.Equals(stored.RequestHash, legacy(), StringComparison.Ordinal)))
        {
            throw new IdempotencyKeyReusedException(Key);
        }
    }

    /// <summary>Computes the fingerprint the builds before 2026-12-05 computed for this request; null for a key made otherwise.</summary>
    private Func<string>? Legacy { get; init; }

    /// <summary>Null properties are left out: a property a later release adds is null in every request sent before it.</summary>
    private static readonly JsonSerializerOptions FingerprintJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What <see cref="LegacyFingerprint"/> serialised with; never change it.</summary>
    private static readonly JsonSerializerOptions LegacyFingerprintJson = new(JsonSerializerDefaults.Web);
}

/// <summary>The Idempotency-Key was first used for a different request: 422, nothing is done.</summary>
public sealed class IdempotencyKeyReusedException : Exception
{
    public IdempotencyKeyReusedException(string key)
        : base($"The Idempotency-Key '{key}' was already used for a different request (another body, target or caller). Use a new key for a new request.")
    {
        Key = key;
    }

    public IdempotencyKeyReusedException()
        : this("?")
    {
    }

    public IdempotencyKeyReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "?";
    }

    public string Key { get; }
}

/// <summary>The rule every command with an Idempotency-Key shares.</summary>
public static class IdempotencyKeyRules
{
    /// <summary>Printable ASCII, 1 to <see cref="IdempotencyKey.MaxLength"/> characters, as the header carries it.</summary>
    public static IRuleBuilderOptions<T, string?> ValidIdempotencyKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(k => k is null || (k.Length is > 0 and <= IdempotencyKey.MaxLength && k.All(c => c is >= '!' and <= '~')))
            .WithMessage(_ => Localized.Pick($"{IdempotencyKey.Header} must be 1 to {IdempotencyKey.MaxLength} printable ASCII characters without spaces (a UUID is a good key)",
                $"{IdempotencyKey.Header} 须为 1 至 {IdempotencyKey.MaxLength} 个可打印 ASCII 字符，不含空格（用 UUID 即可）"))
            .OverridePropertyName(IdempotencyKey.Header);
}
