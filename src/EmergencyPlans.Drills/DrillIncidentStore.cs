using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Drills;

/// <summary>
/// The store of one drill run: the incident port kept in memory and thrown away with the run, so drill
/// incidents never reach the real store, its incident list, alerts or figures (ADR 0007). It keeps the
/// port's contract: versions, contiguous sequences, optimistic concurrency, idempotency records, and
/// timestamps truncated to whole microseconds in UTC as the durable stores give them back.
/// </summary>
/// <remarks>
/// It keeps the domain events it is given (a filed report's, a met or raised duty's and a clock event's as values: <see cref="Kept{TEvent, TForm}"/>), not their text nor the projection's document: a drill of a million
/// injects would otherwise write both at every command, each longer than the last. The document, when asked for, is
/// the fold of the events (as the durable stores' rebuild check requires it to be), and an event's body is written
/// when the log is read.
/// </remarks>
public sealed class DrillIncidentStore(TimeProvider clock, PlanCatalog plans) : IIncidentStore
{
    private readonly Dictionary<Guid, Entry> _incidents = [];
    private readonly Dictionary<string, IdempotencyRecord> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Entry(NewIncident incident, IncidentOpened? opened)
    {
        /// <summary>Its row: id, plan, and the occurrence time, which a later report may correct.</summary>
        public NewIncident Incident { get; set; } = incident;

        /// <summary>What the incident list shows of it, from its first event.</summary>
        public (string County, string? Place, string Nature) Described { get; } = (opened?.County ?? "", opened?.Place, opened?.Nature ?? "");

        /// <summary>
        /// The log in order: for each record made from a domain event (all a drill's commands append) the event alone, else the record
        /// as given; the events of the kinds kept as values (a filed report, a duty met or raised, a clock event: <see cref="Kinds"/>) as the
        /// <see cref="Kept"/> that holds them, whose n-th value is the n-th of its places in the log. Nothing else is kept per event (see
        /// <see cref="Appends"/>).
        /// </summary>
        public List<object> Events { get; } = [];

        public Kept<ReportFiled, FiledReport> Filed { get; } = new(0);

        public Kept<ObligationFulfilled, MetDuty> Met { get; } = new(1);

        public Kept<ObligationRaised, RaisedDuty> Raised { get; } = new(2);

        public Kept<ClockEventRecorded, ClockEvent> Clocks { get; } = new(3);

        /// <summary>The kinds kept as values, by <see cref="Kept.Id"/> (made when the log is first read).</summary>
        public Kept[] Kinds => field ??= [Filed, Met, Raised, Clocks];

        /// <summary>
        /// Each append (version <c>i + 1</c>) by the place of its first event in <see cref="Events"/> and when it was recorded: values,
        /// which the collector does not trace. A record and a tuple kept per event were most of what a drill's store held of each command,
        /// and the collector copied them twice as they aged (ADR 0007).
        /// </summary>
        public List<(int First, DateTimeOffset RecordedAt)> Appends { get; } = [];

        /// <summary>Each duty raised, by key, as its events left it: what a drill's report says of it (when raised, its name for people).</summary>
        public Dictionary<string, DutyLedger> Duties { get; } = new(StringComparer.Ordinal);

        /// <summary>The key of the duty the latest append met, if it met one.</summary>
        public string? Fulfilled { get; set; }

        /// <summary>What the reports say so far, merged (the first report, then each report filed), and what the engine concluded from it.</summary>
        public IncidentReport? Report { get; set; }
        public AssessedOutcome? Assessed { get; set; }

        /// <summary>True when the latest append filed a report (the first report, a 续报 or 终报).</summary>
        public bool Reported { get; set; }
        public long Version { get; set; }
        /// <summary>The projection's columns (a value: an object of its own at every append was allocated only to be dropped at the next).</summary>
        public (bool IsOpen, string? Level, string ResponseState, DateTimeOffset? NextObligationDueAt, DateTimeOffset UpdatedAt) Projection { get; set; }
    }

    public Task<long> CreateAsync(NewIncident incident, IReadOnlyList<EventRecord> events, IncidentProjection projection,
        IdempotencyRecord? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            if (_incidents.ContainsKey(incident.Id))
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }

            Remember(idempotency);
            var opened = events.Count == 0 ? null : IncidentEventLog.FromRecord(events[0]) as IncidentOpened;
            var entry = new Entry(incident with { OccurredAt = Micro(incident.OccurredAt) }, opened);
            _incidents.Add(incident.Id, entry);
            Append(entry, events, projection);
            return Task.FromResult(entry.Version);
        }
    }

    public Task<long> AppendAsync(Guid incidentId, long expectedVersion, IReadOnlyList<EventRecord> events, IncidentProjection newProjection,
        IdempotencyRecord? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            if (!_incidents.TryGetValue(incidentId, out var entry))
            {
                throw new IncidentNotFoundException(incidentId);
            }

            if (entry.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException(incidentId, expectedVersion, entry.Version);
            }

            Remember(idempotency);
            Append(entry, events, newProjection);
            return Task.FromResult(entry.Version);
        }
    }

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.GetValueOrDefault(key));
        }
    }

    public Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            return Task.FromResult(_keys.TryAdd(record.Key, record));
        }
    }

    public Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_incidents.TryGetValue(incidentId, out var e))
            {
                return Task.FromResult<StoredIncident?>(null);
            }

            var p = e.Projection;
            // The log as it stands now (it only grows), folded only if the document is read.
            var count = e.Events.Count;
            return Task.FromResult<StoredIncident?>(new StoredIncident(e.Incident.Id, e.Incident.PlanId, e.Incident.OccurredAt, e.Version,
                new IncidentProjection(() => Fold(e, count), p.IsOpen, p.Level, p.ResponseState, p.NextObligationDueAt, p.UpdatedAt)));
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>(_incidents.TryGetValue(incidentId, out var e)
                ? Stored(incidentId, e)
                : []);
        }
    }

    public Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var rows = _incidents.Values
                .Where(e => query.Open is not { } open || e.Projection.IsOpen == open)
                .Where(e => query.PlanId is null || e.Incident.PlanId == query.PlanId)
                .Where(e => query.Level is null || e.Projection.Level == query.Level)
                .Where(e => query.ResponseState is null || e.Projection.ResponseState == query.ResponseState)
                .Where(e => query.OverdueAt is not { } at || (e.Projection.NextObligationDueAt is { } due && due < at))
                .Where(e => query.AfterDue is not { } after || (e.Projection.NextObligationDueAt is { } due
                    && (due > after.DueAt || (due == after.DueAt && e.Incident.Id.CompareTo(after.Id) > 0))));
            rows = query.OverdueAt is null
                ? rows.OrderByDescending(e => e.Incident.OccurredAt).ThenBy(e => e.Incident.Id)
                : rows.OrderBy(e => e.Projection.NextObligationDueAt).ThenBy(e => e.Incident.Id);
            return Task.FromResult<IReadOnlyList<IncidentSummary>>([.. rows.Skip(query.Offset).Take(query.Limit).Select(e => new IncidentSummary(
                e.Incident.Id, e.Incident.PlanId, e.Incident.OccurredAt, e.Version, e.Projection.IsOpen, e.Projection.Level, e.Projection.ResponseState,
                e.Projection.NextObligationDueAt, e.Projection.UpdatedAt, e.Described.County, e.Described.Place, e.Described.Nature))]);
        }
    }

    public Task<IReadOnlyList<UncoveredIncidents>> UncoveredAsync(IReadOnlyList<PlanInForce> loaded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UncoveredIncidents>>([.. _incidents.Values
                .Select(e => e.Incident)
                .Where(i => !loaded.Any(v => v.PlanId == i.PlanId && i.OccurredAt >= v.From && (v.Until is not { } until || i.OccurredAt < until)))
                .GroupBy(i => i.PlanId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new UncoveredIncidents(g.Key, g.Count(), Guid.Parse(g.Select(i => i.Id.ToString()).Min(StringComparer.Ordinal)!)))]);
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// When duty <paramref name="key"/> of incident <paramref name="incidentId"/> was raised (its <c>obligation-raised</c> event) and, if it
    /// ended, when it stopped being owed: the close for a duty never done (<c>unmet</c>), else when it no longer applied; the chart stops its
    /// wait there, not at the drill's end. Null for a key no command raised (a period a read shows but no command recorded).
    /// </summary>
    /// <remarks>One look-up a duty: the report asks for each of a long drill's duties, and copying every duty's times out first cost more.</remarks>
    public (DateTimeOffset RaisedAt, DateTimeOffset? EndedAt)? DutyTimes(Guid incidentId, string key)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Duties.TryGetValue(key, out var duty) ? (duty.RaisedAt(entry), duty.EndedAt) : null;
        }
    }

    /// <summary>
    /// How the duty <paramref name="key"/> of incident <paramref name="incidentId"/> stands at this moment of the run: when it was met, or when and why
    /// it ended and whether owed (the close); null when the incident has no such duty. A drill says a refused record of it in words from these.
    /// </summary>
    public (DateTimeOffset? MetAt, DateTimeOffset? EndedAt, string? EndedReason, bool EndedUnmet)? DutyOutcome(Guid incidentId, string key)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Duties.TryGetValue(key, out var duty)
                ? (duty.MetAt, duty.EndedAt, duty.EndedReason, duty.EndedUnmet)
                : null;
        }
    }

    /// <summary>The duty <paramref name="key"/> of incident <paramref name="incidentId"/> as people name it (<see cref="DutyWords"/>); null when it has none.</summary>
    public DutyName? Duty(Guid incidentId, string key)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Duties.TryGetValue(key, out var duty) ? duty.Said(entry) : null;
        }
    }

    /// <summary>
    /// The key of <paramref name="county"/>'s instance of the duty <paramref name="code"/> (a duty owed once per county, N 5.6): the first raised
    /// still owed (neither met nor ended), else the last raised; null when the incident has none for that county. The keys count the code in the
    /// order raised, whichever county, so a script names the county and the drill finds its key (a drill facilitator's review, s63 D63-01).
    /// </summary>
    public string? CountyKey(Guid incidentId, string code, string county)
    {
        lock (_lock)
        {
            if (!_incidents.TryGetValue(incidentId, out var entry))
            {
                return null;
            }

            string? last = null;
            foreach (var (key, duty) in entry.Duties)
            {
                var raised = duty.Raised(entry);
                if (!string.Equals(raised.Code, code, StringComparison.Ordinal) || !string.Equals(raised.County, county, StringComparison.Ordinal))
                {
                    continue;
                }

                if (duty.MetAt is null && duty.EndedAt is null)
                {
                    return key;
                }

                last = key;
            }

            return last;
        }
    }

    /// <summary>Who owes the duty <paramref name="key"/> (its <c>reporter</c>, in the plan's words) and the county it is owed by or for; null when the incident has none.</summary>
    public (string Reporter, string? County)? DutyParty(Guid incidentId, string key)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Duties.TryGetValue(key, out var duty)
                ? (duty.Raised(entry).Reporter, duty.Raised(entry).County)
                : null;
        }
    }

    /// <summary>Who took command on site at the last handover recorded on incident <paramref name="incidentId"/> (C 4.2); null before any.</summary>
    public string? LastCommandTaker(Guid incidentId)
    {
        lock (_lock)
        {
            if (!_incidents.TryGetValue(incidentId, out var entry))
            {
                return null;
            }

            for (var n = entry.Clocks.Count - 1; n >= 0; n--)
            {
                if (entry.Clocks[n] is { Kind: ClockEvents.CommandHandover, TakenBy: { } taker })
                {
                    return taker;
                }
            }

            return null;
        }
    }

    /// <summary>The duty the latest command on incident <paramref name="incidentId"/> met, as people name it; null when it met none.</summary>
    public DutyName? LastFulfilled(Guid incidentId)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Fulfilled is { } key && entry.Duties.TryGetValue(key, out var duty) ? duty.Said(entry) : null;
        }
    }

    /// <summary>
    /// When the latest command on incident <paramref name="incidentId"/> filed a report (the first report, a 续报 or 终报): what the reports
    /// say so far, merged, the time of occurrence, and what the engine concluded; null when it filed none. The drill's report shows from it
    /// what the plan calls for at that report (the level at the first report, a road warning).
    /// </summary>
    public (IncidentReport Report, DateTimeOffset OccurredAt, AssessedOutcome Assessed)? LatestReport(Guid incidentId)
    {
        lock (_lock)
        {
            return _incidents.TryGetValue(incidentId, out var entry) && entry.Reported && entry.Report is { } report && entry.Assessed is { } assessed
                ? (report, entry.Incident.OccurredAt, assessed)
                : null;
        }
    }

    /// <summary>How many incidents this run stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _incidents.Count;
            }
        }
    }

    private void Remember(IdempotencyRecord? idempotency)
    {
        if (idempotency is not null && !_keys.TryAdd(idempotency.Key, idempotency))
        {
            throw new IdempotencyKeyTakenException(idempotency.Key);
        }
    }

    /// <summary>The log of <paramref name="entry"/> as a durable store gives it back: each record made again from its domain event, numbered, with its append's version and time.</summary>
    private static StoredEvent[] Stored(Guid incidentId, Entry entry)
    {
        var stored = new StoredEvent[entry.Events.Count];
        var append = 0;
        var read = new int[entry.Kinds.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            // The append it came with: the last whose first event is at or before it (an append of no events has the next one's place).
            while (append + 1 < entry.Appends.Count && entry.Appends[append + 1].First <= i)
            {
                append++;
            }

            var record = entry.Events[i] as EventRecord ?? new EventRecord(EventAt(entry, i, read));
            stored[i] = new StoredEvent(incidentId, i + 1, append + 1, record.Type, record.SchemaVersion, Micro(record.OccurredAt),
                entry.Appends[append].RecordedAt, record.Actor, record.PayloadJson);
        }

        return stored;
    }

    private void Append(Entry entry, IReadOnlyList<EventRecord> events, IncidentProjection projection)
    {
        entry.Version++;
        entry.Appends.Add((entry.Events.Count, Micro(clock.GetUtcNow())));
        entry.Fulfilled = null;
        entry.Reported = false;
        // By index: foreach over the list's interface boxed an enumerator at every append.
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Event is { } e)
            {
                // A duty raised is kept as values, its ledger naming it by its place among them (a key raised again keeps the event).
                if (e is ObligationRaised raised && entry.Duties.TryAdd(raised.Key, new DutyLedger(entry.Raised.Count, null)))
                {
                    entry.Events.Add(entry.Raised.Add(raised));
                    continue;
                }

                entry.Events.Add(e switch
                {
                    ReportFiled report => entry.Filed.Add(report),
                    ObligationFulfilled met => entry.Met.Add(met),
                    ClockEventRecorded recorded => entry.Clocks.Add(recorded),
                    _ => e,
                });
                Keep(entry, e);
            }
            else
            {
                // A body given as text is read only if it is one of the events the ledger follows.
                entry.Events.Add(events[i]);
                if (IncidentEventSchema.TypeOf(events[i].Type) is { } type && Followed.Contains(type))
                {
                    Keep(entry, IncidentEventLog.FromRecord(events[i]));
                }
            }
        }

        // The columns only: the document is the fold of the events (see the remarks), never the writer's live incident.
        if (projection.OccurredAt is { } occurredAt && Micro(occurredAt) != entry.Incident.OccurredAt)
        {
            entry.Incident = entry.Incident with { OccurredAt = Micro(occurredAt) };
        }

        entry.Projection = (projection.IsOpen, projection.Level, projection.ResponseState,
            projection.NextObligationDueAt is { } due ? Micro(due) : null, Micro(projection.UpdatedAt));
    }

    /// <summary>The events <see cref="Keep"/> reads.</summary>
    private static readonly HashSet<Type> Followed =
        [typeof(ObligationRaised), typeof(ObligationRescheduled), typeof(ObligationFulfilled), typeof(ObligationCancelled), typeof(IncidentOpened), typeof(ReportFiled)];

    /// <summary>Keeps the duty ledger of <paramref name="entry"/> and its latest report from the events that change them.</summary>
    private static void Keep(Entry entry, IncidentEvent e)
    {
        switch (e)
        {
            case ObligationRaised o:
                // A body given as text (Append keeps a domain event's as values, with its ledger): the ledger keeps the event.
                entry.Duties.TryAdd(o.Key, new DutyLedger(-1, o));
                break;
            case ObligationRescheduled o when entry.Duties.TryGetValue(o.Key, out var duty):
                entry.Duties[o.Key] = duty with { Rescheduled = o };
                break;
            case ObligationFulfilled o:
                entry.Fulfilled = o.Key;
                if (entry.Duties.TryGetValue(o.Key, out var met))
                {
                    entry.Duties[o.Key] = met with { MetAt = o.MadeAt };
                }

                break;
            case ObligationCancelled o when entry.Duties.TryGetValue(o.Key, out var ended):
                entry.Duties[o.Key] = ended with { EndedAt = o.At, EndedReason = o.Reason, EndedUnmet = o.Unmet };
                break;
            case IncidentOpened o:
                (entry.Report, entry.Assessed, entry.Reported) = (o.Report, o.Assessed, true);
                break;
            case ReportFiled r:
                (entry.Report, entry.Assessed, entry.Reported) = (entry.Report is null ? r.Reported : entry.Report.Merge(r.Reported), r.Assessed, true);
                break;
        }
    }

    /// <summary>
    /// A duty as the ledger keeps it: enough to say when it was raised and to name it for people. A value naming its raised event's place
    /// among the values the log keeps (<see cref="Entry.Raised"/>): a record of its own for each duty, and then the event it held, were
    /// objects more per duty that the collector copied as the drill aged (ADR 0007).
    /// </summary>
    /// <param name="Place">Its <c>obligation-raised</c> event's place in <see cref="Entry.Raised"/>; -1 when <paramref name="Given"/> holds it.</param>
    /// <param name="Given">Its <c>obligation-raised</c> event, when it came as a record's text and is not kept as values; else null.</param>
    private readonly record struct DutyLedger(int Place, ObligationRaised? Given)
    {
        /// <summary>Its latest <c>obligation-rescheduled</c> event, whose words and cadence replace those it was raised with; null if none.</summary>
        public ObligationRescheduled? Rescheduled { get; init; }

        /// <summary>When it ended (its ObligationCancelled: the close, 灾情稳定, the end of the response…); null while owed or once met.</summary>
        public DateTimeOffset? EndedAt { get; init; }

        /// <summary>Why it ended, as the incident says it (终报已报送, 响应已终止, 按最新研判…); null unless it ended.</summary>
        public string? EndedReason { get; init; }

        /// <summary>True when it ended owed and never done (the close); false when it no longer applied.</summary>
        public bool EndedUnmet { get; init; }

        /// <summary>When the report it asked for was made; null until it is met.</summary>
        public DateTimeOffset? MetAt { get; init; }

        public DateTimeOffset RaisedAt(Entry entry) => Given?.At ?? entry.Raised[Place].At;

        /// <summary>Its <c>obligation-raised</c> event as values.</summary>
        public RaisedDuty Raised(Entry entry) => Given is { } given ? RaisedDuty.Of(given) : entry.Raised[Place];

        public DutyName Said(Entry entry)
        {
            var raised = Given is { } given ? RaisedDuty.Of(given) : entry.Raised[Place];
            return Rescheduled is { } r
                ? DutyWords.Of(raised.To, raised.Act, raised.Start, r.Words, raised.Key, r.Every, raised.County)
                : DutyWords.Of(raised.To, raised.Act, raised.Start, raised.Words, raised.Key, raised.Every, raised.County);
        }
    }

    private byte[] Fold(Entry entry, int count)
    {
        IncidentEvent[] events;
        lock (_lock)
        {
            events = new IncidentEvent[count];
            var read = new int[entry.Kinds.Length];
            for (var i = 0; i < count; i++)
            {
                events[i] = entry.Events[i] is EventRecord record ? IncidentEventLog.FromRecord(record) : EventAt(entry, i, read);
            }
        }

        return IncidentEventSchema.SerializeStateToUtf8(Incident.Rehydrate(events, plans).State);
    }

    /// <summary>
    /// The domain event at place <paramref name="i"/> of the log of <paramref name="entry"/>, which holds one (not a record given as text);
    /// <paramref name="read"/> counts, by <see cref="Kept.Id"/>, the values of each kind passed so far, the places being read in order.
    /// </summary>
    private static IncidentEvent EventAt(Entry entry, int i, int[] read) =>
        entry.Events[i] is Kept kept ? kept.Read(read[kept.Id]++) : (IncidentEvent)entry.Events[i];

    /// <summary>
    /// The events of one kind the log keeps as values (<see cref="IKeptForm{TEvent, TForm}"/>), in log order; the instance itself stands in the log at
    /// each of their places, so the n-th place it holds is its n-th value. A drill keeps every event to its end, and a long drill's events as
    /// objects (with the objects they hold) were copied twice each by the collector as they aged; their values here are kept in chunks it
    /// never copies (<see cref="ChunkedList{T}"/>).
    /// </summary>
    private abstract class Kept(int id)
    {
        /// <summary>Its place among an entry's <see cref="Entry.Kinds"/>.</summary>
        public int Id { get; } = id;

        /// <summary>Its <paramref name="n"/>-th event, made again (equal to the one kept).</summary>
        public abstract IncidentEvent Read(int n);
    }

    private sealed class Kept<TEvent, TForm>(int id) : Kept(id)
        where TEvent : IncidentEvent
        where TForm : struct, IKeptForm<TEvent, TForm>
    {
        private readonly ChunkedList<TForm> _values = [];

        public int Count => _values.Count;

        public TForm this[int n] => _values[n];

        /// <summary>Keeps <paramref name="e"/> as values; gives the instance to stand in the log at its place.</summary>
        public Kept<TEvent, TForm> Add(TEvent e)
        {
            _values.Add(TForm.Of(e));
            return this;
        }

        public override IncidentEvent Read(int n) => _values[n].ToEvent();
    }

    /// <summary>The form the drill's log keeps an event of kind <typeparamref name="TEvent"/> in (<see cref="Kept{TEvent, TForm}"/>): its parts as values.</summary>
    internal interface IKeptForm<TEvent, TForm>
        where TEvent : IncidentEvent
        where TForm : struct, IKeptForm<TEvent, TForm>
    {
        static abstract TForm Of(TEvent e);

        /// <summary>The event again, equal to the one kept.</summary>
        TEvent ToEvent();
    }

    /// <summary>
    /// An <c>obligation-raised</c> event as the drill's log keeps it, as <see cref="FiledReport"/> keeps a filed report (a drill raises a
    /// duty at about two steps in three); its ledger (<see cref="DutyLedger"/>) names it by its place. <c>DrillIncidentStoreTests</c> hold
    /// the event's properties to this form.
    /// </summary>
    internal readonly record struct RaisedDuty(
        DateTimeOffset At, LifecycleActor By, string Key, string Code, string Reporter, string To, string? Act, string Start, string? Until,
        string? SpecialEvery, string? MetByReport, string Clause, string Words, string Timing, string? Every, DateTimeOffset? DueAt,
        DateTimeOffset? ArosePastDueAt, string? County)
        : IKeptForm<ObligationRaised, RaisedDuty>
    {
        public static RaisedDuty Of(ObligationRaised e) => new(e.At, e.By, e.Key, e.Code, e.Reporter, e.To, e.Act, e.Start, e.Until,
            e.SpecialEvery, e.MetByReport, e.Clause, e.Words, e.Timing, e.Every, e.DueAt, e.ArosePastDueAt, e.County);

        public ObligationRaised ToEvent() => new()
        {
            At = At, By = By, Key = Key, Code = Code, Reporter = Reporter, To = To, Act = Act, Start = Start, Until = Until,
            SpecialEvery = SpecialEvery, MetByReport = MetByReport, Clause = Clause, Words = Words, Timing = Timing, Every = Every, DueAt = DueAt,
            ArosePastDueAt = ArosePastDueAt, County = County,
        };
    }

    /// <summary>
    /// A <c>clock-event-recorded</c> event (help arrived, the city asked, handling ended…) as the drill's log keeps it, as
    /// <see cref="FiledReport"/> keeps a filed report; <c>DrillIncidentStoreTests</c> hold the event's properties to this form.
    /// </summary>
    internal readonly record struct ClockEvent(DateTimeOffset At, LifecycleActor By, string Kind, DateTimeOffset HappenedAt, string? OrderedBy, string? Note,
        string? TakenBy)
        : IKeptForm<ClockEventRecorded, ClockEvent>
    {
        public static ClockEvent Of(ClockEventRecorded e) => new(e.At, e.By, e.Kind, e.HappenedAt, e.OrderedBy, e.Note, e.TakenBy);

        public ClockEventRecorded ToEvent() => new()
        {
            At = At, By = By, Kind = Kind, HappenedAt = HappenedAt, OrderedBy = OrderedBy, Note = Note, TakenBy = TakenBy,
        };
    }

    /// <summary>
    /// An <c>obligation-fulfilled</c> event as the drill's log keeps it: its parts as values, as <see cref="FiledReport"/> keeps a filed
    /// report (a drill meets a duty at about every other step). <see cref="ToEvent"/> gives back an event equal to the one raised;
    /// <c>DrillIncidentStoreTests</c> hold the event's properties to this form.
    /// </summary>
    internal readonly record struct MetDuty(DateTimeOffset At, LifecycleActor By, string Key, DateTimeOffset MadeAt, string? Note)
        : IKeptForm<ObligationFulfilled, MetDuty>
    {
        public static MetDuty Of(ObligationFulfilled e) => new(e.At, e.By, e.Key, e.MadeAt, e.Note);

        public ObligationFulfilled ToEvent() => new() { At = At, By = By, Key = Key, MadeAt = MadeAt, Note = Note };
    }

    /// <summary>
    /// A <c>report-filed</c> event as the drill's log keeps it: its parts as values, without the event, its report and its source as objects
    /// of their own. The drill keeps every event to its end, and a million-inject drill's filed reports (with their reports and sources) were
    /// three objects each that the collector copied twice as they aged; kept as values the bench ran 9 % faster at a million injects (ADR 0007,
    /// session 43). <see cref="ToEvent"/> gives back an event equal to the one filed; <c>DrillIncidentStoreTests</c> hold every property of
    /// the event, its report and its source to this form, so a property added to them fails there until it is kept here too.
    /// </summary>
    internal readonly record struct FiledReport(
        DateTimeOffset At, LifecycleActor By, bool Final, string? Summary,
        ReportedFigures Figures, JudgementInput? Judgements, RoadConditions? Conditions, AssessedOutcome Assessed,
        bool Sourced, string? Channel, string? MessageId, string? Reference, long Sequence, string? Status, DateTimeOffset? MadeAt, bool? EnteredInError, bool? CorrectsPrevious,
        string? Corrects)
        : IKeptForm<ReportFiled, FiledReport>
    {
        public static FiledReport Of(ReportFiled e) => new(e.At, e.By, e.Final, e.Summary,
            e.Reported.Figures, e.Reported.Judgements, e.Reported.Conditions, e.Assessed,
            e.Source is not null, e.Source?.Channel, e.Source?.MessageId, e.Source?.Reference, e.Source?.Sequence ?? 0, e.Source?.Status, e.MadeAt, e.EnteredInError, e.CorrectsPrevious,
            e.Corrects);

        public ReportFiled ToEvent() => new()
        {
            At = At, By = By, Final = Final, Summary = Summary,
            Reported = new IncidentReport { Figures = Figures, Judgements = Judgements, Conditions = Conditions },
            Assessed = Assessed,
            Source = Sourced ? new ReportSource(Channel!, MessageId!, Reference!, Sequence, Status) : null,
            MadeAt = MadeAt,
            EnteredInError = EnteredInError,
            CorrectsPrevious = CorrectsPrevious,
            Corrects = Corrects,
        };
    }

    private static DateTimeOffset Micro(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }
}
