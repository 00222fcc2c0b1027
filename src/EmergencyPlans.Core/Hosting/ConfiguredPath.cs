using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EmergencyPlans.Core.Hosting;

/// <summary>
/// Folder settings are written relative to the content root (the project folder under <c>dotnet run</c>,
/// the folder a published build starts in), whichever host reads them: the API today, a CLI tomorrow.
/// </summary>
public static class ConfiguredPath
{
    /// <summary>
    /// An absolute <paramref name="path"/> as given; a relative one against the host's content root
    /// (<see cref="IHostEnvironment"/> when registered, else the <c>contentRoot</c> setting every .NET host
    /// writes into its configuration, else the current directory, which is the default content root).
    /// </summary>
    public static string Resolve(string path, IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(path))
        {
            // Left empty for the validator to name the setting; resolving it would turn it into the content root.
            return path;
        }

        var root = (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.ContentRootPath
                   ?? configuration[HostDefaults.ContentRootKey]
                   ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(path, root);
    }
}
