using System.CommandLine;
using System.Text;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Cli;
using EmergencyPlans.Cli.Commands;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;

// emergencyplans: the command line for facilitators and plan editors, wired like the API host (CliHost).
// Each command group lives in Commands/: one file there and one line here.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
StandardOutput.Guard();

// The command line speaks to the duty office: validation messages (ours and FluentValidation's) and System.CommandLine's
// help and parse errors in Chinese. The feed's per-line answers stay the API's English (FeedIngestor).
Localized.Throughout(Localized.Chinese);

var plans = new Option<string?>("--plans")
{
    Description = "预案目录（缺省：环境变量 EmergencyPlans__PlansDirectory，否则当前目录下的 plans）",
    Recursive = true,
};

var root = new RootCommand(
    "晋城市应急预案辅助决策：演练、研判、预案校验、122数据接入、存储备份。" + Environment.NewLine
    + "退出码：0 完成；1 预期未全部达成、有被拒或冲突的行、数据静默；2 输入无效；64 命令行有误；66 找不到文件或目录；69 服务无法连接；"
    + "70 内部错误；73 无法写入文件；74 数据库暂不可用（排除后重新运行）；75 数据库正被占用或正在恢复；"
    + "78 设置有误，或数据库按现有设置无法使用（用户名密码、数据库不存在、架构比本程序新、数据目录不可写：改设置后再运行）；130 已中断（见 docs/drills.md）")
{
    plans,
    DrillCommands.Create(plans),
    AssessCommands.Create(plans),
    PlansCommands.Create(plans),
    FeedCommands.Create(plans),
    StoreCommands.Create(plans),
};

// System.CommandLine's Chinese resources translate --version's description but not --help's ("Show help and usage information" in an
// otherwise Chinese help). The root's help option is recursive: said once here, it reads so under every command.
foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
{
    help.Description = "显示帮助和用法信息";
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        // System.CommandLine's Chinese messages keep the English full stop after their own (“未提供必需的命令。.”).
        var message = error.Message;
        Console.Error.WriteLine(message.Length > 1 && message[^1] == '.' && (message[^2] > '\u2E7F' || message[^2] is '”' or '’') ? message[..^1] : message);
    }

    Console.Error.WriteLine("用法：emergencyplans --help");
    return ExitCodes.Usage;
}

try
{
    // Failures are ours to report: System.CommandLine's own handler would print a stack trace and exit 1, which is the
    // code of a drill that missed an expectation.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (CliException e)
{
    Console.Error.WriteLine(e.Message);
    return e.ExitCode;
}
catch (Exception e) when (ExceptionChain.Find<StandardOutputException>(e) is { } stdout)
{
    // Not an internal error: the command's output has nowhere to go. What was stored stays stored.
    // What stands is said for the command that ran: a drill run was told of feed ingest's stored lines.
    Console.Error.WriteLine($"无法写出标准输出（{stdout.InnerException?.Message}）：输出重定向到的文件所在磁盘已满或不可写。命令已停止" + CommandName(parsed) switch
    {
        "feed ingest" => "（feed ingest：已入库的行不会丢失，其余未处理；重新提交同一文件，已入库的行答复 duplicate）",
        "drill run" => "（drill run：输出到标准输出的评估报告不完整；腾出空间或改写到其他磁盘后重新运行，同一脚本的报告不变）",
        _ => "：腾出空间或改写到其他磁盘后重新运行",
    });
    return ExitCodes.CannotCreate;
}
catch (HttpRequestException e)
{
    // feed ingest --url: what was answered before the failure is on stdout and stands; the rest was not acknowledged.
    Console.Error.WriteLine($"无法经服务提交（未确认的行可重新提交，已接收的不会重复入库）：{e.Message}");
    return ExitCodes.Unavailable;
}
catch (Exception e) when (StoreFailures.RefusalOf(e) is { } refused)
{
    // What the service refuses to start with (exit 78, "Not started: …"): the same classification, the same code. Running the
    // command again will not help until the setting (or the build) is changed.
    Console.Error.WriteLine($"设置有误，无法使用数据库，命令未执行：{refused.Chinese}");
    return ExitCodes.Configuration;
}
catch (Exception e) when (StoreFailures.IsBusy(e))
{
    // Another process (the service, another command) held the store's write lock longer than the store waits for it
    // (EmergencyPlans:SqliteBusyTimeout, 10 s by default): exit 70 with a stack trace before, as if the tool were broken. Nothing is
    // wrong; the same command succeeds once the other lets go.
    Console.Error.WriteLine("数据库正被其他进程占用（另一进程持有写锁，超过等待时间仍未释放；等待时间由环境变量 EmergencyPlans__SqliteBusyTimeout 设定，默认 10 秒），命令未完成：请稍后重新运行同一命令"
        + FeedIngestNote(parsed, "（已答复的行已入库，其余未处理，重新提交时已入库的行答复 duplicate）"));
    return ExitCodes.InUse;
}
catch (Exception e) when (StoreFailures.Of(e) is { } store)
{
    // Not an internal error: nothing is wrong with the tool or the input, and the same command succeeds once the store is fixed.
    Console.Error.WriteLine($"数据库不可用，命令未完成：{store.Chinese}。问题排除后重新运行同一命令即可"
        + FeedIngestNote(parsed, "（已答复的行已入库，其余未处理，重新提交时已入库的行答复 duplicate）"));
    return ExitCodes.StoreUnavailable;
}
catch (SqliteStoreRestoringException e)
{
    Console.Error.WriteLine($"数据库 {e.Database} 正在恢复（store restore 运行中），命令未执行：恢复结束后再运行");
    return ExitCodes.InUse;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("已中断，命令未完成" + FeedIngestNote(parsed, "（已答复的行已入库，其余未处理）"));
    return ExitCodes.Cancelled;
}
#pragma warning disable CA1031 // The last resort of the process: anything else is reported, with its details for whoever maintains the tool.
catch (Exception e)
#pragma warning restore CA1031
{
    Console.Error.WriteLine("内部错误，命令未完成（请把以下信息交给维护人员）：");
    Console.Error.WriteLine(e);
    return ExitCodes.Internal;
}

// The command that ran, as typed after the program's name ("store backup", "feed ingest").
static string CommandName(System.CommandLine.ParseResult parsed)
{
    var names = new List<string>();
    for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
    {
        names.Insert(0, r.Command.Name);
    }

    return string.Join(' ', names);
}

// What stands of a feed submission that stopped, said only for `feed ingest`: `store backup` on a damaged store (exit 74) ended with
// "（feed ingest：已答复的行已入库…）", about lines it never had.
static string FeedIngestNote(System.CommandLine.ParseResult parsed, string note) =>
    CommandName(parsed) == "feed ingest" ? note : "";
