using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Auth:Keys as the operator typed them, each message naming the setting: roles the service knows, a Sha256 of 64 hex digits or a Key
/// of 16 characters or more, the two agreeing when both are given; each key in one entry only; configured keys with PostgreSQL, whose
/// instances each have a data folder of their own; and, without configured keys, a data/api-keys.json the service can use or first-run
/// keys it may make (<see cref="ApiKeyRegistry.UnconfiguredRefusal"/>).
/// All of it before the store is opened or migrated; the first-run keys themselves are written later, once the store is accepted.
/// </summary>
internal sealed class AuthOptionsValidator(IOptions<DataStorageOptions> storage) : IValidateOptions<AuthOptions>
{
    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (key, i) in options.Keys.Select((k, i) => (k, i)))
        {
            var what = $"Auth:Keys:{i}" + (key.Name is null ? "" : $" ({key.Name})");
            var unknown = key.Roles.Where(r => !Auth.Roles.All.Contains(r)).ToArray();
            if (key.Roles.Count == 0 || unknown.Length > 0)
            {
                failures.Add($"{what} needs roles (Auth:Keys:{i}:Roles:0 …) from {string.Join(", ", Auth.Roles.All)}; got [{string.Join(", ", key.Roles)}]");
            }

            if (key.Sha256 is { } hash)
            {
                if (!IsSha256(hash))
                {
                    failures.Add($"Auth:Keys:{i}:Sha256{(key.Name is null ? "" : $" ({key.Name})")} must be the key's SHA-256 as 64 hexadecimal characters; got {hash.Length} characters");
                }
            }
            else if (key.Key is not { Length: >= 16 })
            {
                failures.Add($"{what} needs Sha256, or a Key of at least 16 characters");
            }

            if (key is { Key: { } clear, Sha256: { } given } && IsSha256(given) && !string.Equals(ApiKeyRegistry.Hash(clear), given, StringComparison.OrdinalIgnoreCase))
            {
                // The Sha256 won in silence and the Key's holder was answered 401: one of the two is mistyped.
                failures.Add($"{what} has a Key and a Sha256 that disagree (the Key's SHA-256 begins {Prefix(ApiKeyRegistry.Hash(clear))}, " +
                             $"the Sha256 begins {Prefix(given)}): one of them is mistyped. Give the Sha256 alone, or make it the Key's");
            }
        }

        // The same key in two entries: the registry kept the last entry's roles and name for it, so a key listed as observer and then
        // as duty officer could write.
        foreach (var same in options.Keys.Select((k, i) => (Hash: ConfiguredHash(k), Index: i)).Where(k => k.Hash is not null)
                     .GroupBy(k => k.Hash, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var entries = same.Select(k => $"Auth:Keys:{k.Index}" + (options.Keys[k.Index].Name is { } n ? $" ({n})" : "")).ToArray();
            failures.Add($"{string.Join(" and ", entries)} are the same key (SHA-256 beginning {Prefix(same.Key!)}): its holder would get the last entry's roles alone, " +
                         "not the ones the others list. Give each key one entry, with all its roles (Roles:0, Roles:1 …)");
        }

        if (options.Keys.Count == 0 && storage.Value.Uses(StoreProviders.Postgres))
        {
            failures.Add("Auth:Keys is required when EmergencyPlans:StoreProvider is postgres: keys made on first run would differ from instance to instance " +
                         "(each has its own data folder), and a key one instance issued would be refused by another. Configure the same " +
                         "Auth:Keys:0:Sha256 and Auth:Keys:0:Roles:0 … on every instance");
        }
        else if (options.Keys.Count == 0 && ApiKeyRegistry.UnconfiguredRefusal(options, storage.Value.DataDirectory) is { } refusal)
        {
            // A damaged api-keys.json, or no key at all: found with the settings, before the store is opened or migrated (an upgrade
            // refused here left the store migrated, unusable by the release the operator would go back to). Nothing is written.
            failures.Add(refusal);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The hash an entry is known by (<see cref="ApiKeyRegistry.HashOf"/>); null for an entry refused above.</summary>
    private static string? ConfiguredHash(ApiKeyOptions key) => key.Sha256 is { } hash && !IsSha256(hash) ? null : ApiKeyRegistry.HashOf(key);

    /// <summary>Enough of a hash to tell entries apart in a log, never the key.</summary>
    private static string Prefix(string hash) => hash[..8].ToLowerInvariant() + "…";
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
    /// Builds the registry from configuration. Configured keys (Auth:Keys) are the only ones then: data/api-keys.json is not read
    /// (a warning names it). Without any configured key, the keys of data/api-keys.json; without that file, and when allowed, one
    /// random key per role: their hashes go to data/api-keys.json and the keys themselves, once, to data/first-run-keys.txt (both
    /// readable by the owner only, from their creation) for the operator to hand out.
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

            if (key.Sha256 is { } configured && !AuthOptionsValidator.IsSha256(configured))
            {
                throw new InvalidOperationException($"Auth:Keys:{i}:Sha256 ({name}) must be 64 hexadecimal characters.");
            }

            var hash = HashOf(key) ?? throw new InvalidOperationException($"Auth:Keys:{i} ({name}) needs Sha256, or a Key of at least 16 characters.");
            entries.Add((hash, new ApiPrincipal(name, key.Roles.ToArray(), key.Name ?? "sha256:" + hash)));
        }

        var file = Path.Combine(dataDirectory, KeysFileName);
        if (options.Keys.Count > 0)
        {
            // Configured keys replace the generated ones: a deployment that configures its keys must not keep first-run keys valid.
            if (File.Exists(file))
            {
                logger.LogWarning(Hosting.LogEvents.FirstRunKeysIgnored, "Auth:Keys is configured, so the first-run keys in {KeysFile} are not loaded (no longer valid); delete the file once nobody needs it.", file);
            }
        }
        else if (File.Exists(file))
        {
            // The hashes are the service's credentials: 0600 like the store's files, also when put back from a backup with cp under umask 022
            // (it stayed 0644 after a start: review s58, operations finding 9).
            Infrastructure.Persistence.Sqlite.SqliteOwnerOnly.Restrict(file);
            var stored = ReadStored(file, out var unusable) ?? throw new Hosting.NotStartedException(unusable!);
            foreach (var key in stored)
            {
                entries.Add((key.Sha256, new ApiPrincipal(key.Name, [key.Role], key.Name)));
            }
        }
        else if (options.CreateKeysOnFirstRun)
        {
            Directory.CreateDirectory(dataDirectory);
            var created = Auth.Roles.All.Select(role => (Role: role, Key: "ep_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)))).ToArray();
            var stored = created.Select(c => new StoredKey($"first-run-{c.Role}", c.Role, Hash(c.Key))).ToList();
            var keysFile = Path.Combine(dataDirectory, "first-run-keys.txt");
            OwnerOnlyFile.WriteAllText(keysFile, string.Concat(created.Select(c => $"{c.Role}\t{c.Key}\n")));
            OwnerOnlyFile.WriteAllText(file, JsonSerializer.Serialize(stored, Indented));
            entries.AddRange(stored.Select(s => (s.Sha256, new ApiPrincipal(s.Name, [s.Role], s.Name))));
            logger.LogWarning(Hosting.LogEvents.FirstRunKeysCreated, "No API keys were configured: created one per role. Keys: {KeysFile} (hand them out, then delete the file).", keysFile);
        }
        else
        {
            // Checked with the settings already (AuthOptionsValidator); met here only when the file went away between the two.
            throw new Hosting.NotStartedException(NoKeyAtAll(file));
        }

        return new ApiKeyRegistry(entries);
    }

    /// <summary>The hashes of the first-run keys, under the data folder.</summary>
    public const string KeysFileName = DataStorageOptions.KeysFileName;

    /// <summary>The hash a configured entry is known by: its Sha256, else its Key's (one of 16 characters or more); null for neither.</summary>
    internal static string? HashOf(ApiKeyOptions key) => key.Sha256?.ToLowerInvariant() ?? (key.Key is { Length: >= 16 } clear ? Hash(clear) : null);

    /// <summary>
    /// Why no Auth:Keys configured cannot start the service with the data folder <paramref name="dataDirectory"/> as it is: its
    /// api-keys.json unusable, or no such file and no first-run keys to be made (nobody could call the service); null when
    /// <see cref="Create"/> can make the registry. Reads only, writes nothing: the settings' validation asks it, before the store is
    /// opened or migrated, so a start refused for its keys leaves the store (and a new folder) as it was.
    /// </summary>
    internal static string? UnconfiguredRefusal(AuthOptions options, string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, KeysFileName);
        if (File.Exists(file))
        {
            return ReadStored(file, out var unusable) is null ? unusable : null;
        }

        return options.CreateKeysOnFirstRun ? null : NoKeyAtAll(file);
    }

    /// <summary>
    /// Nothing configured, no first-run keys kept, and none to be made: every call would be answered 401 by a service that says it is
    /// Healthy. Refused as the other unusable key settings are (exit 78), naming the ways out.
    /// </summary>
    private static string NoKeyAtAll(string file) =>
        $"No API key is configured (Auth:Keys is empty), {file} does not exist, and Auth:CreateKeysOnFirstRun is false: nobody could " +
        "call the service. Configure Auth:Keys (docs/operations.md, \"Keys\"), or set Auth:CreateKeysOnFirstRun=true to have one key per " +
        "role issued at this start.";

    /// <summary>
    /// The first-run keys' hashes as this service wrote them, each with a name, a role it knows and a SHA-256; else null, and
    /// <paramref name="unusable"/> says why, naming the file and what to do (the start is refused with it). A damaged file (an empty
    /// one, left by a disk that filled as it was written) aborted the start with an unhandled JsonException (134), and one holding no
    /// key (<c>[]</c>) started a service that answered every call 401 and said it was Healthy.
    /// </summary>
    private static List<StoredKey>? ReadStored(string file, out string? unusable)
    {
        unusable = null;
        List<StoredKey?>? stored;
        try
        {
            var text = File.ReadAllText(file);
            if (string.IsNullOrWhiteSpace(text))
            {
                unusable = Unusable(file, "it is empty (a disk that filled while it was written leaves it so)");
                return null;
            }

            stored = JsonSerializer.Deserialize<List<StoredKey?>>(text);
        }
        catch (JsonException e)
        {
            // Where the JSON went wrong, without the exception's message (it names the program's types).
            unusable = Unusable(file, $"it is not the list of key hashes the service writes (JSON error at line {(e.LineNumber ?? 0) + 1}, path {e.Path ?? "$"})");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unusable = Unusable(file, $"it cannot be read ({e.Message})");
            return null;
        }

        if (stored is not { Count: > 0 })
        {
            unusable = Unusable(file, "it holds no credentials, so nobody could call the service");
            return null;
        }

        var keys = new List<StoredKey>(stored.Count);
        foreach (var (key, i) in stored.Select((k, i) => (k, i)))
        {
            if (key is not { Name.Length: > 0, Role: { } role, Sha256: { } hash } || !Auth.Roles.All.Contains(role) || !AuthOptionsValidator.IsSha256(hash))
            {
                unusable = Unusable(file, $"its entry {i} is not a credential the service writes (a name, one of the roles {string.Join(", ", Auth.Roles.All)}, " +
                                          "and a SHA-256 of 64 hexadecimal characters)");
                return null;
            }

            keys.Add(key with { Sha256 = hash.ToLowerInvariant() });
        }

        return keys;
    }

    private static string Unusable(string file, string why) =>
        $"The API key hashes {file} cannot be used: {why}. Restore it from the copy kept with the store's backups, or remove " +
        "it to have new first-run keys issued at the next start (written to first-run-keys.txt beside it; every key handed out before is then " +
        "refused), or configure Auth:Keys, which replaces it.";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record StoredKey(string Name, string Role, string Sha256);
}

/// <summary>Files that hold secrets or incident data: readable and writable by the service's user only, from the moment they exist.</summary>
internal static class OwnerOnlyFile
{
    public static void WriteAllText(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies to a file it creates; one already there keeps its mode unless set.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
