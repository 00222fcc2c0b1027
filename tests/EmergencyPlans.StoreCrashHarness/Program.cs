// Appends to one incident in a SQLite store as fast as it can and prints each version on its own
// line only after AppendAsync has returned, i.e. after the commit. A line on stdout is therefore
// a promise that the write is durable; the crash test kills this process at an arbitrary moment
// and checks that every promise was kept.
//
// Usage: EmergencyPlans.StoreCrashHarness <database path> <incident id> [--library]
// The loop is bounded (count and time) so a harness whose parent died stops by itself.
// With --library it writes the incident once and prints what the SQLite library counts of its own memory (sqlite3_memory_used): 0 when
// the stores' process-wide settings were taken before the first open, as in the service (SqliteLibrary).

using System.Diagnostics;
using System.Globalization;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;

if (args.Length is not (2 or 3) || !Guid.TryParse(args[1], out var incidentId) || (args.Length == 3 && args[2] != "--library"))
{
    await Console.Error.WriteLineAsync("usage: EmergencyPlans.StoreCrashHarness <database path> <incident id> [--library]");
    return 2;
}

const int MaxAppends = 200_000;
var deadline = Stopwatch.StartNew();
var clock = TimeProvider.System;

// A padded payload makes the WAL grow quickly, so kills also land during checkpoints.
var padding = new string('x', 700);

await using var store = new SqliteIncidentStore(args[0], clock);
using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };

var version = (await store.GetAsync(incidentId))?.Version ?? 0;
var sequence = version == 0 ? 0 : (await store.ReadEventsAsync(incidentId))[^1].Sequence;
if (version == 0)
{
    sequence = 1;
    version = await store.CreateAsync(
        new NewIncident(incidentId, "crash-harness", clock.GetUtcNow()),
        [Event(1)],
        Projection(1));
    stdout.WriteLine(version.ToString(CultureInfo.InvariantCulture));
}

if (args.Length == 3)
{
    stdout.WriteLine("memory-used " + SQLitePCL.raw.sqlite3_memory_used().ToString(CultureInfo.InvariantCulture));
    return 0;
}

for (var i = 0; i < MaxAppends && deadline.Elapsed < TimeSpan.FromMinutes(2); i++)
{
    // One to three events per transaction, so a kill can also land inside a multi-event commit.
    var count = (int)(version % 3) + 1;
    var events = Enumerable.Range(1, count).Select(n => Event(sequence + n)).ToArray();
    version = await store.AppendAsync(incidentId, version, events, Projection(sequence + count));
    sequence += count;
    stdout.WriteLine(version.ToString(CultureInfo.InvariantCulture));
}

return 0;

EventRecord Event(long sequence) => new(
    "HarnessTick",
    1,
    clock.GetUtcNow(),
    "crash-harness",
    $$"""{"sequence":{{sequence}},"padding":"{{padding}}"}""");

// The projection records how many events it has seen, so the test can check that the projection
// and the log were committed together.
IncidentProjection Projection(long eventCount) => new(
    $$"""{"eventCount":{{eventCount}}}""",
    isOpen: true,
    level: "II",
    responseState: "Active",
    nextObligationDueAt: null,
    updatedAt: clock.GetUtcNow());
