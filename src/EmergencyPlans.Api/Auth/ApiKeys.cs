using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EmergencyPlans.Api.Auth;

/// <summary>One credential as configured: a name, its roles, and the key's SHA-256 (or, for scripts, the key itself).</summary>
public sealed class ApiKeyOptions
{
    public string? Name { get; set; }
#pragma warning disable CA2227, CA1002 // Bound from configuration.
    public List<string> Roles { get; set; } = [];
#pragma warning restore CA2227, CA1002

    /// <summary>Lower-case hex SHA-256 of the key: what a deployment should configure.</summary>
    public string? Sha256 { get; set; }

    /// <summary>The key in clear, hashed at start-up and never kept: for scripts and load tests on a fresh instance.</summary>
    public string? Key { get; set; }
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

#pragma warning disable CA2227, CA1002
    public List<ApiKeyOptions> Keys { get; set; } = [];
#pragma warning restore CA2227, CA1002

    /// <summary>When no key is configured, create one per role on first run (hashes under the data folder).</summary>
    public bool CreateKeysOnFirstRun { get; set; } = true;
}

/// <summary>A known caller.</summary>
/// <param name="Name">What the log shows: the configured name, <c>key-{i}</c> for an unnamed configured key, <c>first-run-{role}</c>.</param>
/// <param name="Roles">The credential's roles.</param>
/// <param name="Id">
/// Who the caller is whatever the order of the configured keys, for the Idempotency-Key fingerprint: the configured name, or
/// <c>sha256:{hash}</c> for an unnamed key (two instances listing the same keys in another order agree on it).
/// </param>
public sealed record ApiPrincipal(string Name, IReadOnlyList<string> Roles, string Id)
{
    /// <summary>The claim that carries <see cref="Id"/>.</summary>
    public const string IdClaim = "emergencyplans:caller-id";
}

/// <summary>Known credentials, by the SHA-256 of the key. Only hashes are held.</summary>
public sealed class ApiKeyRegistry
{
    private readonly Dictionary<string, ApiPrincipal> _byHash;

    public ApiKeyRegistry(IEnumerable<(string Sha256, ApiPrincipal Principal)> keys)
    {
        _byHash = new Dictionary<string, ApiPrincipal>(StringComparer.Ordinal);
        foreach (var (hash, principal) in keys)
        {
            _byHash[hash] = principal;
        }
    }

    public int Count => _byHash.Count;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public ApiPrincipal? Find(string presentedKey) => _byHash.GetValueOrDefault(Hash(presentedKey));

    /// <summary>
    /// Builds the registry from configuration. Without any configured key, and when allowed, creates one
    /// random key per role on first run: their hashes go to data/api-keys.json and the keys themselves,
    /// once, to data/first-run-keys.txt (readable by the owner only) for the operator to hand out.
    /// </summary>
    public static ApiKeyRegistry Create(AuthOptions options, string dataDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new List<(string, ApiPrincipal)>();
        foreach (var (key, i) in options.Keys.Select((k, i) => (k, i)))
        {
            var name = key.Name ?? $"key-{i}";
            var unknown = key.Roles.Where(r => !Auth.Roles.All.Contains(r)).ToArray();
            if (key.Roles.Count == 0 || unknown.Length > 0)
            {
                throw new InvalidOperationException($"Auth:Keys:{i} ({name}) needs roles from {string.Join(", ", Auth.Roles.All)}; got [{string.Join(", ", key.Roles)}].");
            }

            var hash = key.Sha256?.ToLowerInvariant() ?? (key.Key is { Length: >= 16 } clear ? Hash(clear) : null)
                       ?? throw new InvalidOperationException($"Auth:Keys:{i} ({name}) needs Sha256, or a Key of at least 16 characters.");
            entries.Add((hash, new ApiPrincipal(name, key.Roles.ToArray(), key.Name ?? "sha256:" + hash)));
        }

        var file = Path.Combine(dataDirectory, "api-keys.json");
        if (File.Exists(file))
        {
            foreach (var stored in JsonSerializer.Deserialize<List<StoredKey>>(File.ReadAllText(file)) ?? [])
            {
                entries.Add((stored.Sha256, new ApiPrincipal(stored.Name, [stored.Role], stored.Name)));
            }
        }
        else if (entries.Count == 0 && options.CreateKeysOnFirstRun)
        {
            Directory.CreateDirectory(dataDirectory);
            var created = Auth.Roles.All.Select(role => (Role: role, Key: "ep_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)))).ToArray();
            var stored = created.Select(c => new StoredKey($"first-run-{c.Role}", c.Role, Hash(c.Key))).ToList();
            File.WriteAllText(file, JsonSerializer.Serialize(stored, Indented));
            var keysFile = Path.Combine(dataDirectory, "first-run-keys.txt");
            File.WriteAllLines(keysFile, created.Select(c => $"{c.Role}\t{c.Key}"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            entries.AddRange(stored.Select(s => (s.Sha256, new ApiPrincipal(s.Name, [s.Role], s.Name))));
            logger.LogWarning("No API keys were configured: created one per role. Keys: {KeysFile} (hand them out, then delete the file).", keysFile);
        }

        return new ApiKeyRegistry(entries);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record StoredKey(string Name, string Role, string Sha256);
}
