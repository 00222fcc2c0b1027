using EmergencyPlans.Infrastructure.Persistence;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The data folder check the host makes at start and the command line before it opens the store (one check, exit 78 for both), and
/// the mode it reports: a folder the service makes is its user's alone, an existing one keeps the mode its operator gave it.
/// </summary>
public sealed class DataFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("emergencyplans-data-folder-").FullName;

    [Fact]
    public void AFolderUnderAFile_IsRefused_NamingTheSettingInBothLanguages()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var under = Path.Combine(file, "data");

        var refusal = DataFolder.Refusal(new DataStorageOptions { DataDirectory = under });

        refusal!.English.Should().Contain($"EmergencyPlans:DataDirectory '{under}' cannot be created or written");
        refusal.Chinese.Should().Contain($"无法使用数据目录 {under}").And.Contain("EmergencyPlans__DataDirectory").And.Contain("--data");
    }

    [Fact]
    public void PostgreSQL_HasNoDataFolderToCheck()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");

        DataFolder.Refusal(new DataStorageOptions { DataDirectory = Path.Combine(file, "data"), StoreProvider = StoreProviders.Postgres })
            .Should().BeNull();
    }

    [Fact]
    public void AnExistingFolderOpenToOthers_KeepsItsMode_AndIsReported_AMadeOneIs0700()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var existing = Directory.CreateDirectory(Path.Combine(_root, "existing")).FullName;
        var open = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(existing, open);
        var made = Path.Combine(_root, "made");

        DataFolder.Refusal(new DataStorageOptions { DataDirectory = existing }).Should().BeNull();
        DataFolder.Refusal(new DataStorageOptions { DataDirectory = made }).Should().BeNull();

        File.GetUnixFileMode(existing).Should().Be(open, "the operator's folder is not chmod'ed");
        DataFolder.OpenToOthers(existing).Should().Be(open);
        DataFolder.Octal(open).Should().Be("0755");
        File.GetUnixFileMode(made).Should().Be(OwnerOnly);
        DataFolder.OpenToOthers(made).Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
