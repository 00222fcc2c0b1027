using System.Text.RegularExpressions;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// The open road incidents a record the feed opens an incident for may be the same accident as (docs/feed-122.md, "A possible duplicate";
/// ADR 0008, session 56): one accident phoned in by a county (opened over REST) and sent by 122 became two incidents, each with its duties and
/// its new-incident alert, and only a tie made before the record came kept it one (session 55). Named in the line's answer and in the new
/// incident's <c>new-incident</c> alert (<c>details.possibleDuplicateOf</c>), so the office ends one of them and ties the record to the one kept.
/// </summary>
public static partial class FeedDuplicates
{
    /// <summary>
    /// How far apart the two occurrences may be: an accident phoned in by a county and 122's record of it are minutes to an hour apart, the
    /// county's time often an estimate and 122's record sometimes entered after the handling (补录, 122报来时已结案); six hours covers those of
    /// the same half-day and stays short of naming every open incident of a busy road over a day.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(6);

    /// <summary>At most this many are named (the latest by occurrence): more open incidents than that on one road within hours is not a duplicate to resolve.</summary>
    public const int Limit = 5;

    /// <summary>
    /// The open incidents of <paramref name="planId"/> in <paramref name="county"/> occurring within <see cref="Window"/> of <paramref name="occurredAt"/>
    /// but <paramref name="self"/>, and, when both places give a road number (<see cref="RoadCode"/>), on the same road: the office's own for an
    /// incident a 122 record opened (<paramref name="withRecord"/> false), those a record has for one the office opened (true). One store statement.
    /// </summary>
    public static async Task<IReadOnlyList<FeedNearbyIncident>> FindAsync(IFeedStore store, string planId, string county, DateTimeOffset occurredAt,
        string? place, Guid self, bool withRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // The county's latest Examined, drills left out by the store; those on another road are left out here. The store was asked for
        // 2 * Limit, and ten newer incidents of another road (or drills) hid the same road's (a 122 integrator's review, s62 F62-06).
        var found = await store.FindOpenIncidentsAsync(planId, county, occurredAt - Window, occurredAt + Window, Examined, withRecord, cancellationToken).ConfigureAwait(false);
        // And the open incidents whose 122 record's latest message moved the accident into this county (122 corrected the place, s62 F62-07),
        // matched on the record's road: an incident of another county by its own place, the same accident by 122's. Either way of opening:
        // for a record the feed opens an incident for too, since 122 may keep the corrected county's handling under a record of its own (已转
        // 高平市大队处置). One more statement, by a partial index that is nearly always empty.
        var moved = await store.FindMovedIncidentsAsync(planId, county, occurredAt - Window, occurredAt + Window, Examined, cancellationToken).ConfigureAwait(false);
        var roads = RoadCodes(place);
        IEnumerable<FeedNearbyIncident> all = moved.Count == 0 ? found : found.Concat(moved).DistinctBy(i => i.Id).OrderByDescending(i => i.OccurredAt);
        return [.. all.Where(i => i.Id != self && SameRoad(roads, RoadCodes(i.Place))).Take(Limit)];
    }

    /// <summary>
    /// How many of the county's latest open incidents of the plan within the window, drills left out, are examined for their road (the
    /// office's own, those no 122 record opened or is tied to; or, for an incident the office opens, those a record has): far more than one
    /// county holds open within 12 hours (Jincheng's duty office has a handful open in the whole city), so incidents of other roads cannot
    /// push the same road's out, and a bound on an opening's look-up in any store. Counted after the county and the drill flag, before the
    /// road (read from the place by <see cref="RoadCode"/>, which no store can match; until session 62 the store returned the latest
    /// 2 × <see cref="Limit"/> of the county, drills included, and ten newer incidents of another road hid the same road's). The feed's
    /// own incidents are passed over by index (migration 19): the feed's benchmark keeps thousands of them open, and examining them made
    /// an ingest 40 % slower with all of them, 10 % with the latest 50 (ADR 0008).
    /// </summary>
    public const int Examined = 50;

    /// <summary>How much of an incident's stored projection the store reads for a candidate: its county, place and drill flag come first.</summary>
    public const int ProjectionPrefix = 1500;

    /// <summary>
    /// How much of an incident's stored projection a store matches <see cref="CountyNeedle"/> against: the county comes after the id, plan,
    /// plan document number and occurrence (IncidentState's order), well within it.
    /// </summary>
    public const int NeedleWithin = 400;

    /// <summary>
    /// What a store matches the beginning of a projection's text against before reading it (<c>"county":"阳城县"</c>, as the service writes the
    /// document, without spaces): a candidate of another county is passed over without parsing its document, which runs to kilobytes (ADR
    /// 0008, session 56). <see cref="Read"/> checks the county itself.
    /// </summary>
    public static string CountyNeedle(string county) => Needles.GetOrAdd(county, static c => "\"county\":" + System.Text.Json.JsonSerializer.Serialize(c, NeedleJson));

    // A county is one of the city file's (the record's and the incident's validators refuse any other): a handful of entries.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Needles = new(StringComparer.Ordinal);

    private static readonly System.Text.Json.JsonSerializerOptions NeedleJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The candidate an incident's projection begins with (<paramref name="prefix"/>, its first <see cref="ProjectionPrefix"/> characters), read
    /// without the rest of the document: null when its top-level <c>county</c> is not <paramref name="county"/>, or it is a drill. A member the
    /// prefix cuts off reads as absent (a drill flag after a nature of 500 characters: such an incident is named, which a reader sees).
    /// </summary>
    public static FeedNearbyIncident? Read(Guid id, DateTimeOffset occurredAt, string prefix, string county)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Prefix(prefix) is { Drill: false } read && read.County == county ? new FeedNearbyIncident(id, occurredAt, county, read.Place) : null;
    }

    /// <summary>
    /// A candidate of <see cref="IFeedStore.FindMovedIncidentsAsync"/>: an incident (its projection's <paramref name="prefix"/>) whose record's
    /// latest message gives <paramref name="county"/> and <paramref name="place"/>; named by those, with the county it was opened in
    /// (<see cref="FeedNearbyIncident.OpenedIn"/>). Null for a drill, or a projection whose county cannot be read.
    /// </summary>
    public static FeedNearbyIncident? ReadMoved(Guid id, DateTimeOffset occurredAt, string prefix, string county, string? place)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Prefix(prefix) is { Drill: false, County: { } own }
            ? new FeedNearbyIncident(id, occurredAt, county, string.IsNullOrEmpty(place) ? null : place) { OpenedIn = own }
            : null;
    }

    /// <summary>The top-level county, place and drill flag of a projection's beginning; a member the prefix cuts off reads as absent.</summary>
    private static (string? County, string? Place, bool Drill) Prefix(string prefix)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(prefix), isFinalBlock: false, state: default);
        string? foundCounty = null, place = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.GetString();
                if (!reader.Read())
                {
                    break;
                }

                switch (name)
                {
                    case "county" when reader.TokenType == System.Text.Json.JsonTokenType.String:
                        foundCounty = reader.GetString();
                        break;
                    case "place" when reader.TokenType == System.Text.Json.JsonTokenType.String:
                        place = reader.GetString();
                        break;
                    case "drill" when reader.TokenType == System.Text.Json.JsonTokenType.True:
                        return (foundCounty, place, true);
                    default:
                        if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray && !reader.TrySkip())
                        {
                            return (foundCounty, place, false);
                        }

                        break;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Cut inside a string or a number: what was read before stands.
        }

        return (foundCounty, place, false);
    }

    /// <summary>
    /// The road number a place begins or holds, as GB/T 917-2017 writes it (G207, S331, X123, G5512), upper case; null when it holds none (a
    /// place written 国道207线 only, or none): the road then does not narrow the match.
    /// </summary>
    public static string? RoadCode(string? place) =>
        place is not null && Number().Match(place) is { Success: true } m ? Upper(m.Value) : null;

    /// <summary>Every road number a place holds, in order (<c>G207与S229交叉口</c>: G207, S229), upper case; empty when it holds none.</summary>
    public static IReadOnlyList<string> RoadCodes(string? place) =>
        place is null ? [] : [.. Number().Matches(place).Select(m => Upper(m.Value)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Whether two places can be on the same road: true when either holds no road number (the road does not narrow the match), or they share
    /// one. An intersection names two roads, and an accident there is on either (<c>G207与S229交叉口</c> and 122's record on S229: before session
    /// 62 only the place's first number was read, and the office's incident was not named; a 122 integrator's review, s62 F62-08).
    /// </summary>
    public static bool SameRoad(string? place, string? other) => SameRoad(RoadCodes(place), RoadCodes(other));

    /// <summary><see cref="SameRoad(string?, string?)"/> of two places' road numbers (<see cref="RoadCodes"/>), read once for many.</summary>
    private static bool SameRoad(IReadOnlyList<string> these, IReadOnlyList<string> those) =>
        these.Count == 0 || those.Count == 0 || these.Any(those.Contains);

    private static string Upper(string number) => char.ToUpperInvariant(number[0]) + number[1..];

    [GeneratedRegex("(?<![A-Za-z0-9])[GSXYZCgsxyzc][0-9]{1,4}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>
    /// The new-incident alert's sentence for people on an incident the office opened beside open incidents 122's records opened or are tied to:
    /// <c>可能与122接警单所开事件…（阳城县S331 K130，03-01 09:10事发）为同一事故：如是，…</c>, and how the office keeps one (ends the other as opened in
    /// error; when this one is kept, ties the record to it: the record's number is in the other incident's nature, 122接警单…).
    /// </summary>
    public static string SaidOfRecords(IReadOnlyList<FeedNearbyIncident> found, Guid self) =>
        "可能与122接警单所开事件" + string.Join("、", found.Select(Named))
        + $"为同一事故：如是，保留其一，另一事件报终报作为立案有误结束（enteredInError）；保留本事件的，再以 POST /api/v1/incidents/{self:D}/feed-records 关联该事件的122接警单（编号见该事件的事件性质）。";

    /// <summary>
    /// An incident as the sentences name it: <c>…（阳城县S331 K130，03-01 09:10事发）</c>; one whose record moved it, by 122's latest place and the
    /// county it was opened in: <c>…（122现报沁水县S331 K80，事件立案为阳城县，03-01 09:10事发）</c>.
    /// </summary>
    private static string Named(FeedNearbyIncident i) => i.OpenedIn is { } own
        ? $"{i.Id:D}（122现报{i.County}{i.Place}，事件立案为{own}，{CityTime.DayMinute(i.OccurredAt)}事发）"
        : $"{i.Id:D}（{i.County}{i.Place}，{CityTime.DayMinute(i.OccurredAt)}事发）";

    /// <summary>The end of the opening's answer (English, for the sender's log): which open incidents it may duplicate, and what the office does.</summary>
    public static string Reason(IReadOnlyList<FeedNearbyIncident> found) =>
        $"; possibly the same accident as open incident {string.Join(", ", found.Select(i => i.Id.ToString("D")))} (the same county, the same road where both give one, occurring"
        + $" within {Window.TotalHours:0} hours): the duty office's new-incident alert names it (possibleDuplicateOf)";

    /// <summary>
    /// The new-incident alert's sentence for people: <c>可能与已开事件…（阳城县S331 K130，03-01 09:10事发）为同一事故：如是，…</c>, and how the office
    /// keeps one incident of the accident (ends the other as opened in error; ties the record to the office's own when that one is kept).
    /// </summary>
    public static string Said(IReadOnlyList<FeedNearbyIncident> found, string record) =>
        "可能与已开事件" + string.Join("、", found.Select(Named))
        + $"为同一事故：如是，保留其一，另一事件报终报作为立案有误结束（enteredInError）；保留值班室所开事件的，再以 POST /api/v1/incidents/{{保留的事件}}/feed-records 关联{record}。";
}
