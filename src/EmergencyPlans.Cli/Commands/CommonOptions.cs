using System.CommandLine;

namespace EmergencyPlans.Cli.Commands;

/// <summary>Options several command groups take, said the same way in each.</summary>
internal static class CommonOptions
{
    /// <summary><c>--data</c>: the local store's folder, as the service resolves it. A new instance per command (System.CommandLine gives an option one parent).</summary>
    public static Option<string?> Data() => new("--data") { Description = "本地存储目录（缺省：环境变量 EmergencyPlans__DataDirectory，否则 ./data）" };
}
