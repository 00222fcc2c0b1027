using EmergencyPlans.Drills.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// <c>store backup</c> and <c>store restore</c> make the service's start check of the data folder (DataFolder), as the feed commands do:
/// a folder the service refuses to start with is exit 78 naming the setting, and one open to group or others is said on stderr as the
/// start's warning (event 1005) says it. The real CLI as a process on real folders.
/// </summary>
public sealed class StoreCliDataFolderTests : IDisposable
{
    private static readonly string Coach = Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", "coach-rollover-fog-g207.ndjson");
    private readonly string _dir = Directory.CreateTempSubdirectory("store-cli-folder-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task BackupAndRestore_DataFolderTheServiceRefuses_Are78NamingTheSetting_AsTheServiceRefusesToStart()
    {
        // Before: a backup said there was no store there (66) and a restore that it could not replace it (73), and the operator looked
        // for a missing file or a full disk; the service refuses the same folder at start, naming EmergencyPlans:DataDirectory (78).
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "copy.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        var inTheWay = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(inTheWay, "");

        var backup = await Processes.CliAsync(_dir, "store", "backup", Path.Combine(_dir, "copy-2.db"), "--data", inTheWay);
        var restore = await Processes.CliAsync(_dir, "store", "restore", copy, "--data", inTheWay);

        foreach (var refused in new[] { backup, restore })
        {
            refused.Exit.Should().Be(78, refused.Err);
            refused.Err.Should().Contain($"无法使用数据目录 {inTheWay}").And.Contain("EmergencyPlans__DataDirectory").And.NotContain("内部错误");
            refused.Out.Should().BeEmpty();
        }

        File.Exists(Path.Combine(_dir, "copy-2.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Backup_OfADataFolderThatDoesNotExist_Is66_AndLeavesNoFolderBehind()
    {
        // A mistyped --data (/srv/emergencyplan for /srv/emergencyplans): the start check made the folder, 0700 and empty, and the backup
        // then said there was no store in it; the operator was left with a stray folder at the wrong path (ops review, session 59).
        var typo = Path.Combine(_dir, "no-such-data");

        var backup = await Processes.CliAsync(_dir, "store", "backup", Path.Combine(_dir, "copy.db"), "--data", typo);

        backup.Exit.Should().Be(66, backup.Err);
        backup.Err.Should().Contain($"找不到数据库：{Path.Combine(typo, "emergencyplans.db")}").And.Contain("--data");
        Directory.Exists(typo).Should().BeFalse("nothing is made at a path that holds no store");
        File.Exists(Path.Combine(_dir, "copy.db")).Should().BeFalse();
    }

    [Fact]
    public async Task BackupAndRestore_DataFolderOpenToOthers_SayItAsTheServiceStartWarns_AndStillRun()
    {
        // The service's start logs event 1005 for such a folder and leaves its mode; the commands that copy the store out of it and
        // put one back into it said nothing.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var data = Path.Combine(_dir, "data");
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
        var copy = Path.Combine(_dir, "copy.db");

        var backup = await Processes.CliAsync(_dir, "store", "backup", copy);
        var restore = await Processes.CliAsync(_dir, "store", "restore", copy);

        foreach (var warned in new[] { backup, restore })
        {
            warned.Exit.Should().Be(0, warned.Err);
            warned.Err.Should().Contain($"数据目录 {data} 的权限为 0755").And.Contain($"chmod 700 {data}");
        }

        File.GetUnixFileMode(data).Should().Be((UnixFileMode)Convert.ToInt32("755", 8), "the folder keeps the mode it was given");
    }
}
