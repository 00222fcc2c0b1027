using EmergencyPlans.Infrastructure.Persistence;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The data folder check the host makes at start and the command line before it opens the store (one check, exit 78 for both), and
/// the mode it reports: a folder the service makes is its user's alone, an existing one keeps the mode its operator gave it.
/// </summary>
public sealed class DataFolderTests : IDisposable
{
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

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
