using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// The stored form of incident events (docs/events.md): each event is a type name and a JSON body.
/// Names are stable strings, not CLR names, so a class can be renamed without rewriting the log.
/// </summary>
public static class IncidentEventSchema
{
    /// <summary>
    /// The schema version of the event bodies this build writes. A store records it with every
    /// event; a reader refuses versions it does not know instead of misreading them.
    /// </summary>
    /// <remarks>2: <c>source</c> on incident-opened and report-filed (the feed message a report came from).
    /// 3: <c>conditionsConfirmed</c> on response-terminated. 4: response-proposed and response-declined (a build that reads
    /// version 3 at most would not know them). 5: occurrence-corrected, <c>reason</c> on obligation-rescheduled, and <c>act</c> on
    /// obligation-raised (what is done where the plan's verb is not 报告). 6: <c>unmet</c> on obligation-cancelled (the incident closed while
    /// the duty had not been done, told apart from a duty that no longer applied). 7: response-termination-proposed and
    /// response-termination-declined (the office's proposal to end a response, N 2.2(2), and the body that ends it turning it down).
    /// 8: <c>judgedNot</c> in a report's judgements (those stated as not holding: a "no" to 是否属较大涉险事故, C 4.1, answers the question
    /// the card puts; before, a false was kept as not given). 9 (session 49): <c>takenBy</c> on clock-event-recorded (a command-handover: who
    /// took command on site, C 4.2), and <c>visibilityCause</c> in a report's conditions (fog or sandstorm, R 4.3; a build that reads version 8
    /// at most would take 10 米 of sandstorm for the red of 浓雾), each written only when given; warning-below-the-plan (a warning in force
    /// below the colour the latest report calls for, road 4.3) and <c>conditionsAssessed</c>, <c>stillMet</c>, <c>stillMetBy</c> on
    /// warning-lifted (road 4.6 经评估符合相应条件), which a build that reads version 8 at most would not know. 10 (session 53): <c>madeAt</c>
    /// on report-filed (a report recorded after it was made, 补录), <c>enteredInError</c> (a 终报 closing an incident opened in error) and
    /// <c>correctsPrevious</c> (a 续报 correcting the report before it), and <c>decidedAt</c> on response-activated and response-adjusted (a
    /// decision recorded after it was taken), each written only when given. 11 (session 54): <c>corrects</c> on report-filed (the earlier
    /// report a correction is of, by its source, when not the report just before) and <c>decidedAt</c> on response-terminated (an end
    /// decided before it was recorded), each written only when given. 12 (session 55): feed-record-linked (a duty officer tied the
    /// incident to a 122 dispatch record), which a build that reads version 11 at most would not know. 13 (session 55):
    /// <c>mainRoad</c> in a report's conditions (the blocked
    /// road is, or is not, a 国(省)道等主干道, R 4.3.x(2); a build that reads version 12 at most would take a 乡道's repair hours for a main
    /// road's), and <c>mainRoadSnowIce</c> written only when stated (null while unknown; a stored false reads as before). 14 (session 55,
    /// review s55 finding 1): <c>corrects</c> on report-filed may name a report by its reference, <c>report#n</c> (its place among the incident's reports, the
    /// timeline's <c>reportRef</c>), so a report made over REST, which has no source, can be named; a build that reads version 13 at most
    /// would look for a report of that source; <c>metByReport</c> <c>county-response-activated</c> and <c>arosePastDueAt</c> on
    /// obligation-raised (N 5.6; a duty owed 立即 because its time from the occurrence passed before it arose). 15 (session 55):
    /// escalation-withdrawn (the recommendation of a report corrected as entered in error), which a build that reads version 14 at most
    /// would not know. 16 (session 61, drill review s60 F1): <c>owedSince</c> on obligation-cancelled, written only for a duty without a due
    /// time that a later decision ended while it was owed and not done (since when it was owed); a build that reads version 15 at most would
    /// take such a duty for one that was never needed. 17 (2026-12-07, session 62, review s61 ND-02): <c>county</c> on obligation-raised, written only
    /// for a duty the plan owes once per county (N 5.6, <c>eachCounty</c>): the county the instance is owed by or for; a build that reads
    /// version 16 at most would take two counties' duties for two instances of one duty of the incident's county. 18 (session 63, review s61
    /// ND-05): <c>start</c> <c>proposal</c> and <c>metByReport</c> <c>response-decision</c> on obligation-raised, the duty a proposal starts and the
    /// decision on it meets (N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定"); a build that reads version 17 at most would leave it owed after
    /// the 主任 decided.</remarks>
    public const int Version = 18;

    /// <summary>The oldest schema version this build still reads: each version's bodies are the next one's without the fields it added.</summary>
    public const int OldestReadable = 1;

    private static readonly FrozenDictionary<string, Type> TypesByName = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["incident-opened"] = typeof(IncidentOpened),
        ["report-filed"] = typeof(ReportFiled),
        ["escalation-recommended"] = typeof(EscalationRecommended),
        ["escalation-withdrawn"] = typeof(EscalationWithdrawn),
        ["obligation-raised"] = typeof(ObligationRaised),
        ["obligation-rescheduled"] = typeof(ObligationRescheduled),
        ["occurrence-corrected"] = typeof(OccurrenceCorrected),
        ["obligation-fulfilled"] = typeof(ObligationFulfilled),
        ["obligation-cancelled"] = typeof(ObligationCancelled),
        ["response-proposed"] = typeof(ResponseProposed),
        ["response-declined"] = typeof(ResponseDeclined),
        ["response-activated"] = typeof(ResponseActivated),
        ["response-adjusted"] = typeof(ResponseAdjusted),
        ["response-terminated"] = typeof(ResponseTerminated),
        ["response-termination-proposed"] = typeof(ResponseTerminationProposed),
        ["response-termination-declined"] = typeof(ResponseTerminationDeclined),
        ["warning-proposed"] = typeof(WarningProposed),
        ["warning-issued"] = typeof(WarningIssued),
        ["warning-adjusted"] = typeof(WarningAdjusted),
        ["warning-rejected"] = typeof(WarningRejected),
        ["warning-lifted"] = typeof(WarningLifted),
        ["warning-below-the-plan"] = typeof(WarningBelowThePlan),
        ["clock-event-recorded"] = typeof(ClockEventRecorded),
        ["feed-record-linked"] = typeof(FeedRecordLinked),
        ["incident-closed"] = typeof(IncidentClosed),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> NamesByType = TypesByName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>
    /// The JSON options of event bodies and of the stored projection: camelCase, enums by name, and Chinese text
    /// written as itself (UTF-8) rather than as \uXXXX escapes, which made a road incident's projection 53 KB (its
    /// duties quote the plan's words) and every write serialise, check and store twice the bytes. Escaped documents
    /// already stored read the same.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        AllowDuplicateProperties = false,
        Encoder = Contract.JsonText.Encoder,
    };

    /// <summary>Every event type name, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> TypeNames => TypesByName.Keys;

    /// <summary>The stored type name of <paramref name="e"/>.</summary>
    public static string NameOf(IncidentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return NamesByType.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{e.GetType().Name} is not a registered incident event.", nameof(e));
    }

    /// <summary>The CLR type stored under <paramref name="name"/>, or null for an unknown name.</summary>
    public static Type? TypeOf(string name) => TypesByName.GetValueOrDefault(name);

    /// <summary>The event's JSON body, as UTF-8: what a store writes (the serializer's own output, never transcoded).</summary>
    public static byte[] SerializeToUtf8(IncidentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Json);
    }

    /// <summary>The event's JSON body as text: <see cref="SerializeToUtf8"/>'s bytes, decoded.</summary>
    public static string Serialize(IncidentEvent e) => System.Text.Encoding.UTF8.GetString(SerializeToUtf8(e));

    /// <summary>Reads an event written with schema <paramref name="version"/>.</summary>
    /// <exception cref="NotSupportedException">The version or the type name is unknown to this build.</exception>
    public static IncidentEvent Deserialize(string type, int version, string json)
    {
        if (version is < OldestReadable or > Version)
        {
            throw new NotSupportedException($"Incident event '{type}' has schema version {version}; this build reads versions {OldestReadable} to {Version}.");
        }

        var clr = TypeOf(type) ?? throw new NotSupportedException($"Unknown incident event type '{type}'.");
        var read = (IncidentEvent)Read(json, clr, $"event '{type}'");
        // Before schema 6 the close ended a duty without a due time still owed with the reason 事件已关闭, and only it wrote that reason:
        // such a duty was never done (ADR 0003). Every other cancellation of those versions is a duty that no longer applied.
        return version < 6 && read is ObligationCancelled { Reason: ObligationCancelled.ClosedReason } closed ? closed with { Unmet = true } : read;
    }

    /// <summary>The projection document of a state, as UTF-8: what a store writes (the serializer's own output, never transcoded).</summary>
    public static byte[] SerializeStateToUtf8(IncidentState state) => JsonSerializer.SerializeToUtf8Bytes(state, Json);

    /// <summary>The projection document of a state as text: <see cref="SerializeStateToUtf8"/>'s bytes, decoded.</summary>
    public static string SerializeState(IncidentState state) => System.Text.Encoding.UTF8.GetString(SerializeStateToUtf8(state));

    /// <summary>
    /// Reads a projection document. One stored before the response decisions carried their levels (2026-12-05, session 35) is read with
    /// them (<see cref="ResponseLifecycle.WithLevels"/>), as the fold of its events would give them, and a warning decision's detail stored in
    /// English (until session 48) in Chinese (<see cref="WarningLifecycle.WithChineseDetails"/>); one stored before the escalation kept
    /// its decider (<see cref="IncidentState.EscalationDecidedBy"/>) with the decider of the judgements it holds.
    /// </summary>
    public static IncidentState DeserializeState(string json)
    {
        var state = (IncidentState)Read(json, typeof(IncidentState), "incident projection");
        if (state.Response is { } response)
        {
            state.Response = ResponseLifecycle.WithLevels(response);
        }

        foreach (var warning in state.Warnings)
        {
            warning.Snapshot = WarningLifecycle.WithChineseDetails(warning.Snapshot);
        }

        if (state.Escalation is not null && state.EscalationDecidedBy is null)
        {
            // Stored before the escalation kept its decider (2026-12-05, session 36): the decider of the judgements in force now, which
            // are those it was recommended on unless a later report replaced them.
            state.EscalationDecidedBy = state.Report.Judgements?.DecidedBy ?? string.Empty;
        }

        return state;
    }

    // A stored document that does not read is the service's fault, never the client's: it must not
    // surface as the JsonException that the API turns into 400 for a malformed request body.
    private static object Read(string json, Type type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type, Json) ?? throw new InvalidDataException($"The stored {what} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The stored {what} cannot be read: {e.Message}", e);
        }
    }
}
