using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Application.Ports;
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

        var text = string.Join('\n', operation, actor.Name, target, JsonSerializer.Serialize(body, FingerprintJson));
        return new IdempotencyKey(key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>What the store keeps for this request once it has produced <paramref name="version"/> of <paramref name="incidentId"/>.</summary>
    public IdempotencyRecord Record(Guid? incidentId, long? version) => new(Key, RequestHash, incidentId, version);

    /// <summary>Throws <see cref="IdempotencyKeyReusedException"/> unless <paramref name="stored"/> was recorded for this very request.</summary>
    public void EnsureSameRequest(IdempotencyRecord stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!string.Equals(stored.RequestHash, RequestHash, StringComparison.Ordinal))
        {
            throw new IdempotencyKeyReusedException(Key);
        }
    }

    private static readonly JsonSerializerOptions FingerprintJson = new(JsonSerializerDefaults.Web);
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
            .WithMessage($"{IdempotencyKey.Header} must be 1 to {IdempotencyKey.MaxLength} printable ASCII characters without spaces (a UUID is a good key)")
            .OverridePropertyName(IdempotencyKey.Header);
}
