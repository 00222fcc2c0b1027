using System.CommandLine;
using System.Text;
using EmergencyPlans.Cli;
using EmergencyPlans.Cli.Commands;

// emergencyplans: the command line for facilitators and plan editors, wired like the API host (CliHost).
// Each command group lives in Commands/: one file there and one line here.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

var plans = new Option<string?>("--plans")
{
    Description = "预案目录（缺省：环境变量 EmergencyPlans__PlansDirectory，否则当前目录下的 plans）",
    Recursive = true,
};

var root = new RootCommand("晋城市应急预案辅助决策：演练、研判、预案校验")
{
    plans,
    DrillCommands.Create(plans),
    AssessCommands.Create(plans),
    PlansCommands.Create(),
    FeedCommands.Create(plans),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("用法：emergencyplans --help");
    return ExitCodes.Usage;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
