using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// Text of the service's failures as a client may read it: without the server's file system paths. A store's failure names its
/// files (the SQLite store, its lock file, an I/O error's path): the operator reads them in the log, which keeps the exception
/// whole; a problem document or a feed answer says "the data folder" instead.
/// </summary>
public sealed class ClientText
{
    /// <summary>What a client reads for the data folder's path.</summary>
    public const string DataFolder = "(the data folder)";

    private readonly string[] _folders;

    public ClientText(IOptions<DataStorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var configured = storage.Value.DataDirectory;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
        // The longest first, so a path is replaced whole; the folder as configured only when it is a path of its own ("data" is a word too).
        _folders = new[] { full, Path.IsPathRooted(configured) ? Path.TrimEndingDirectorySeparator(configured) : null }
            .OfType<string>().Where(f => f.Length > 1).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray();
    }

    /// <summary><paramref name="text"/> with the data folder's path read as <see cref="DataFolder"/>.</summary>
    public string WithoutPaths(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var folder in _folders)
        {
            text = text.Replace(folder, DataFolder, StringComparison.Ordinal);
        }

        return text;
    }
}
