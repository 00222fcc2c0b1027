using System.Security.Cryptography;
using System.Text;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A restore puts an older copy back, but the numbers the replaced store gave have left the service: a duty office screen resumes
/// the alert stream after the last alert id it saw and acknowledges alerts by id, and a 122 sender corrects a quarantined line by
/// its entry's id. Before, the restored copy numbered on from its own last id, so alert 3 after a restore was another alert than
/// the alert 3 a screen had acknowledged, and a screen that had seen 5 resumed after 5, missing the new 3, 4 and 5.
/// </summary>
public sealed class SqliteRestoreNumberingTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestFolder _folder = new("restore-numbering");

    private string Database => _folder.File("emergencyplans.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Restore_NumbersAlertsAndQuarantineEntriesOnAfterTheReplacedStoresLast()
    {
        await WriteAsync(alerts: 2, quarantined: 1);
        var copy = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        var (lastAlert, lastEntry) = await WriteAsync(alerts: 3, quarantined: 2);
        (lastAlert, lastEntry).Should().Be((5L, 3L));

        var done = await SqliteBackup.RestoreAsync(copy, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Numbering.Should().BeEquivalentTo(new Dictionary<string, long> { ["alerts"] = 5, ["feed_quarantine"] = 3 });
        done.Restored.Rows.Should().Contain(new KeyValuePair<string, long>("alerts", 2));
        (await WriteAsync(alerts: 1, quarantined: 1)).Should().Be((6L, 4L), "numbers given before the restore are never given again");
    }

    [Fact]
    public async Task Restore_OfACopyNumberedFurtherThanTheStore_KeepsTheCopysNumbering()
    {
        // A backup of this deployment taken later than the store it replaces (a store restored by mistake from an older copy, put right).
        await WriteAsync(alerts: 4, quarantined: 2);
        var copy = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        var older = _folder.File("older.db");
        File.Move(Database, older);
        await WriteAsync(alerts: 1, quarantined: 1);

        var done = await SqliteBackup.RestoreAsync(copy, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Numbering.Should().BeEquivalentTo(new Dictionary<string, long> { ["alerts"] = 1, ["feed_quarantine"] = 1 });
        (await WriteAsync(alerts: 1, quarantined: 1)).Should().Be((5L, 3L));
    }

    [Fact]
    public async Task Restore_WithForceOverAStoreThatCannotBeRead_SaysItsNumberingIsUnknown()
    {
        await WriteAsync(alerts: 2, quarantined: 1);
        var copy = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        await File.WriteAllBytesAsync(Database, Encoding.ASCII.GetBytes(new string('x', 8192)));

        var done = await SqliteBackup.RestoreAsync(copy, Database, force: true, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Numbering.Should().BeNull("the damaged store's last numbers cannot be read, and the operator must be told");
        (await WriteAsync(alerts: 1, quarantined: 0)).Item1.Should().Be(3);
    }

    [Fact]
    public async Task Restore_IntoAFolderWithoutAStore_HasNoNumberingToCarry()
    {
        await WriteAsync(alerts: 2, quarantined: 1);
        var copy = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        File.Delete(Database);

        var done = await SqliteBackup.RestoreAsync(copy, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Numbering.Should().BeEmpty();
        done.CopyNumbering.Should().BeEquivalentTo(new Dictionary<string, long> { ["alerts"] = 2, ["feed_quarantine"] = 1 },
            "the restored store numbers on from the backup's own last ids, which the command names to the operator (session 47)");
        (await WriteAsync(alerts: 1, quarantined: 1)).Should().Be((3L, 2L));
    }

    [Fact]
    public async Task Restore_IntoAFolderMadeAgain_OfALaterBackupFirst_ThenTheOneWanted_NumbersOnAfterTheLaterBackup()
    {
        // The way docs/operations.md gives for a data folder lost and made again: the later copy (a later backup, or the file the
        // service last used) restored first, the one wanted restored over it, whose numbering the second restore carries.
        await WriteAsync(alerts: 2, quarantined: 1);
        var wanted = _folder.File("wanted.db");
        await SqliteBackup.CreateAsync(Database, wanted, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        await WriteAsync(alerts: 3, quarantined: 2);
        var later = _folder.File("later.db");
        await SqliteBackup.CreateAsync(Database, later, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        File.Delete(Database);

        await SqliteBackup.RestoreAsync(later, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        var done = await SqliteBackup.RestoreAsync(wanted, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Numbering.Should().BeEquivalentTo(new Dictionary<string, long> { ["alerts"] = 5, ["feed_quarantine"] = 3 });
        done.Restored.Rows.Should().Contain(new KeyValuePair<string, long>("alerts", 2));
        (await WriteAsync(alerts: 1, quarantined: 1)).Should().Be((6L, 4L));
    }

    /// <summary>Raises <paramref name="alerts"/> alerts and quarantines <paramref name="quarantined"/> lines through the stores; the last ids given.</summary>
    private async Task<(long Alert, long Entry)> WriteAsync(int alerts, int quarantined)
    {
        using var incidents = new SqliteIncidentStore(Database);
        var alertStore = new SqliteAlertStore(Database, incidents);
        var feed = new SqliteFeedStore(Database, incidents);
        var incident = Guid.NewGuid();
        await incidents.CreateAsync(new NewIncident(incident, "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")],
            new IncidentProjection("{}", true, null, "NotActivated", null, T0));
        long lastAlert = 0, lastEntry = 0;
        for (var i = 0; i < alerts; i++)
        {
            lastAlert = (await alertStore.RaiseAsync([Alert(incident, Guid.NewGuid().ToString("N"))]))[0].Id;
        }

        for (var i = 0; i < quarantined; i++)
        {
            var line = "not json " + Guid.NewGuid().ToString("N");
            await using (await feed.BeginBatchAsync())
            {
                lastEntry = (await feed.CommitAsync(new FeedBatch([], [],
                    [new FeedQuarantineItem(SHA256.HashData(Encoding.UTF8.GetBytes(line)), 1, line, null, "rejected", "$", "not a valid feed record", QuarantineKinds.Invalid, null, "test", T0)])))[0];
            }
        }

        // The stores' pooled connections to this file only, so the restore finds it closed (not every test's pools).
        Microsoft.Data.Sqlite.SqliteConnection.ClearPool(new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnections.For(Database)));
        return (lastAlert, lastEntry);
    }

    private static NewAlert Alert(Guid incident, string key) => new(
        key, AlertKinds.DutyOverdue, incident, "road-traffic", false, T0.AddMinutes(1), "instance-a", "职责已超时：泽州县大客车侧翻", "市委、市政府：到时未报，已超时。",
        new AlertCause("road-traffic", "phone-report-to-city", "5.1.1", "事发后30分钟内…电话报告"), "phone-report-to-city", T0.AddMinutes(-5),
        new AlertDetails
        {
            Duties = [new AlertDuty("phone-report-to-city", "phone-report-to-city", "县级", "市委、市政府", T0.AddMinutes(-5), "5.1.1", "电话报告")],
            DecidedBy = new AlertAuthority(["commander"], ["市指挥部指挥长"], [], "市指挥部", "2.3", "指挥长决定"),
        });
}
