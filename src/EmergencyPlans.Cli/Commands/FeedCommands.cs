using System.CommandLine;
using System.Text.Json;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Infrastructure.Feeds;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>feed status</c>: whether 122 is still sending (docs/feed-122.md, "Is the feed flowing?"), from the configured store or a
/// running service. <c>feed ingest FILE|-</c>: a 122 dispatch feed file (NDJSON, docs/feed-122.md) into the configured store, through
/// the same <see cref="FeedIngestor"/> as POST /api/v1/feeds/122; or, with <c>--url</c>, through a running service.
/// Either way each line is answered after the commit that holds it, as the endpoint answers it.
/// </summary>
internal static class FeedCommands
{
    public static Command Create(Option<string?> plans)
    {
        var file = new Argument<string>("FILE") { Description = "NDJSON 文件；- 表示标准输入" };
        var (url, key, data) = (Url("经运行中的服务接入（如 http://127.0.0.1:5080），而不是直接写入本地存储"), Key("feed 角色的 API 密钥"), CommonOptions.Data());
        var ingest = new Command("ingest", "接入122接处警记录：逐行答复 accepted/duplicate/stale/conflict/rejected，最后给出汇总；有被拒或冲突的行时退出码为 1")
        {
            file, url, key, data,
        };
        ingest.SetAction((result, ct) => IngestAsync(result.GetRequiredValue(file), result.GetValue(url),
            result.GetValue(key) ?? Environment.GetEnvironmentVariable("EMERGENCYPLANS_FEED_KEY"), result.GetValue(plans), result.GetValue(data), ct));

        var (statusUrl, statusKey, statusData) = (Url("读取运行中的服务的状态（如 http://127.0.0.1:5080），而不是本地存储"), Key("可读取的 API 密钥（feed 角色或值班员等）"), CommonOptions.Data());
        var status = new Command("status", "122接处警数据是否仍在推送：最近一次接收时间、静默告警、隔离区待处理行数；静默超过告警时限时退出码为 1")
        {
            statusUrl, statusKey, statusData,
        };
        status.SetAction((result, ct) => StatusAsync(result.GetValue(statusUrl),
            result.GetValue(statusKey) ?? Environment.GetEnvironmentVariable("EMERGENCYPLANS_FEED_KEY"), result.GetValue(plans), result.GetValue(statusData), ct));
        return new Command("feed", "122接处警数据") { ingest, status };
    }

    private static Option<Uri?> Url(string description) => new("--url")
    {
        Description = description,
        // System.CommandLine has no conversion to Uri of its own: without this every --url failed when read.
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"--url 应为服务的 http(s) 地址，如 http://127.0.0.1:5080（收到：{text}）");
            return null;
        },
    };

    private static Option<string?> Key(string what) => new("--key") { Description = $"与 --url 一起：{what}（缺省：环境变量 EMERGENCYPLANS_FEED_KEY）" };

    /// <summary>
    /// <c>feed status</c>: the status as JSON on stdout (as the endpoint answers it), its Chinese summary on stderr, and 1 while the
    /// feed is silent, so a scheduler or a monitoring check can act on the exit code alone.
    /// </summary>
    private static async Task<int> StatusAsync(Uri? url, string? key, string? plans, string? data, CancellationToken ct)
    {
        FeedStatusView status;
        if (url is not null)
        {
            if (string.IsNullOrEmpty(key))
            {
                await Console.Error.WriteLineAsync("经 --url 读取状态需要 API 密钥：--key 或环境变量 EMERGENCYPLANS_FEED_KEY").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                status = await new FeedClient(http, url, key).GetStatusAsync(ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Unavailable, $"无法从服务读取122接处警数据状态：{e.Message}");
            }
        }
        else
        {
            await using var services = CliHost.Build(plans, data);
            CommonOptions.CheckDataFolder(services);
            status = await services.GetRequiredService<Mediator.ISender>().Send(new GetFeedStatusQuery(), ct).ConfigureAwait(false);
        }

        await CommonOptions.WriteJsonAsync(status, ct).ConfigureAwait(false); // as the endpoint writes it
        await Console.Error.WriteLineAsync(status.Summary).ConfigureAwait(false);
        return status.State == FeedStates.Silent ? ExitCodes.ExpectationsNotMet : ExitCodes.Ok;
    }

    private static async Task<int> IngestAsync(string file, Uri? url, string? key, string? plans, string? data, CancellationToken ct)
    {
        if (file != "-" && !File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"找不到文件：{file}").ConfigureAwait(false);
            return ExitCodes.NoInput;
        }

        if (url is not null && string.IsNullOrEmpty(key))
        {
            await Console.Error.WriteLineAsync("经 --url 接入需要 feed 角色的密钥：--key 或环境变量 EMERGENCYPLANS_FEED_KEY").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Read through FeedLineReader's own buffer (FeedIngestor.FileBufferBytes), not a second one in the file stream.
        await using var input = file == "-"
            ? Console.OpenStandardInput()
            : new FileStream(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0 });
        await using var output = StandardOutput.Open();
        // Bad lines already quarantined and since corrected or dismissed: nothing of them waits (the summary said every rejected line did).
        // Counted here from the answers, so a service older than the summary's quarantineClosed is told apart too.
        long closedRejected = 0, closedConflict = 0;
        async ValueTask Write(FeedLineResult line, CancellationToken token)
        {
            if (line.QuarantineClosedAt is not null && line.Status == FeedStatus.Conflict)
            {
                closedConflict++;
            }
            else if (line.QuarantineClosedAt is not null)
            {
                closedRejected++;
            }

            await JsonSerializer.SerializeAsync(output, line, FeedAnswer.Json, token).ConfigureAwait(false);
            output.WriteByte((byte)'\n');
        }

        FeedSummary summary;
        if (url is not null)
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            // The file's bytes as they are, not decoded: a line that is not UTF-8 is refused by the service as the local ingest refuses it.
            summary = await new FeedClient(http, url, key!).SendAsync(input, Write, ct).ConfigureAwait(false);
        }
        else
        {
            await using var services = CliHost.Build(plans, data);
            CommonOptions.CheckDataFolder(services);
            var ingestor = services.GetRequiredService<FeedIngestor>();
            summary = await ingestor.IngestAsync(input, $"cli:{Environment.UserName}", Write, ct).ConfigureAwait(false);
        }

        await JsonSerializer.SerializeAsync(output, new { summary }, FeedAnswer.Json, ct).ConfigureAwait(false);
        output.WriteByte((byte)'\n');
        await output.FlushAsync(ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(Verdict(summary, closedRejected, closedConflict)).ConfigureAwait(false);

        // 1 only while a line waits in the quarantine: a bad line sent again whose entry is closed (corrected or dismissed) asks nothing of
        // anyone, and a nightly replay of a file whose bad lines were all corrected exited 1 every night (a 122 integrator's review, s62 F62-16).
        return summary.Rejected - closedRejected + summary.Conflict - closedConflict > 0 ? ExitCodes.ExpectationsNotMet : ExitCodes.Ok;
    }

    /// <summary>
    /// The summary for the person at the terminal: every line of the file (blank ones said apart, skipped), what each came to, and of the
    /// quarantined lines those that wait for a correction and those whose entry was closed before (nothing left to do for them).
    /// </summary>
    private static string Verdict(FeedSummary summary, long closedRejected, long closedConflict)
    {
        var lines = summary.BlankLines == 0 ? $"共 {summary.Lines} 行" : $"共 {summary.Lines + summary.BlankLines} 行（其中空行 {summary.BlankLines} 行，已跳过）";
        var rejected = summary.Rejected == 0 ? ""
            : closedRejected == 0 ? "（已隔离，可更正后重新提交）"
            : closedRejected >= summary.Rejected ? "（均此前已隔离并已更正或注销，无需再处理）"
            : $"（已隔离；其中 {closedRejected} 行此前已隔离并已更正或注销，无需再处理；其余 {summary.Rejected - closedRejected} 行可更正后重新提交）";
        var conflict = closedConflict == 0 ? ""
            : closedConflict >= summary.Conflict ? "（均此前已隔离并已注销，无需再处理）"
            : $"（其中 {closedConflict} 行此前已隔离并已注销，无需再处理）";
        return $"{lines}：接收 {summary.Accepted}（立案 {summary.Opened}，更新 {summary.Updated}，一般警情 {summary.Routine}），"
               + $"重复 {summary.Duplicate}，过期 {summary.Stale}，冲突 {summary.Conflict}{conflict}，拒收 {summary.Rejected}{rejected}";
    }
}
