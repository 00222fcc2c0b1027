using System.CommandLine;
using System.Text.Json;

namespace EmergencyPlans.Cli.Commands;

/// <summary>Options several command groups take, said the same way in each, and how they write a JSON document.</summary>
internal static class CommonOptions
{
    /// <summary><c>--data</c>: the local store's folder, as the service resolves it. A new instance per command (System.CommandLine gives an option one parent).</summary>
    public static Option<string?> Data() => new("--data") { Description = "本地存储目录（缺省：环境变量 EmergencyPlans__DataDirectory，否则 ./data）" };

    /// <summary>Every member, null ones too, Chinese readable: a command's JSON document on stdout (its summary goes to stderr).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = EmergencyPlans.Core.Contract.JsonText.Encoder };

    /// <summary>The same, indented: a document a person reads in the terminal (<c>assess --json</c>).</summary>
    private static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true };

    /// <summary>Writes <paramref name="value"/> on stdout: one JSON line, or indented for a person to read.</summary>
    public static async Task WriteJsonAsync<T>(T value, CancellationToken ct, bool indented = false)
    {
        await using var output = StandardOutput.Open();
        await JsonSerializer.SerializeAsync(output, value, indented ? Indented : Json, ct).ConfigureAwait(false);
        output.WriteByte((byte)'\n');
        await output.FlushAsync(ct).ConfigureAwait(false);
    }
}
