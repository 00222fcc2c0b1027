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
    /// but <paramref name="self"/>, and, when both places give a road number (<see cref="RoadCode"/>), on the same road. One store statement.
    /// </summary>
    public static async Task<IReadOnlyList<FeedNearbyIncident>> FindAsync(IFeedStore store, string planId, string county, DateTimeOffset occurredAt,
        string? place, Guid self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = await store.FindOpenIncidentsAsync(planId, county, occurredAt - Window, occurredAt + Window, Limit + 1, cancellationToken).ConfigureAwait(false);
        var road = RoadCode(place);
        return [.. found.Where(i => i.Id != self && (road is null || RoadCode(i.Place) is not { } other || other == road)).Take(Limit)];
    }

    /// <summary>
    /// The road number a place begins or holds, as GB/T 917-2017 writes it (G207, S331, X123, G5512), upper case; null when it holds none (a
    /// place written 国道207线 only, or none): the road then does not narrow the match.
    /// </summary>
    public static string? RoadCode(string? place) =>
        place is not null && Number().Match(place) is { Success: true } m ? char.ToUpperInvariant(m.Value[0]) + m.Value[1..] : null;

    [GeneratedRegex("(?<![A-Za-z0-9])[GSXYZCgsxyzc][0-9]{1,4}(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>The end of the opening's answer (English, for the sender's log): which open incidents it may duplicate, and what the office does.</summary>
    public static string Reason(IReadOnlyList<FeedNearbyIncident> found) =>
        $"; possibly the same accident as open incident {string.Join(", ", found.Select(i => i.Id.ToString("D")))} (the same county, the same road where both give one, occurring"
        + " within 6 hours): the duty office's new-incident alert names it (possibleDuplicateOf)";

    /// <summary>
    /// The new-incident alert's sentence for people: <c>可能与已开事件…（阳城县S331 K130，03-01 09:10事发）为同一事故：如是，…</c>, and how the office
    /// keeps one incident of the accident (ends the other as opened in error; ties the record to the office's own when that one is kept).
    /// </summary>
    public static string Said(IReadOnlyList<FeedNearbyIncident> found, string record) =>
        "可能与已开事件" + string.Join("、", found.Select(i => $"{i.Id:D}（{i.County}{i.Place}，{CityTime.DayMinute(i.OccurredAt)}事发）"))
        + $"为同一事故：如是，保留其一，另一事件报终报作为立案有误结束（enteredInError）；保留值班室所开事件的，再以 POST /api/v1/incidents/{{保留的事件}}/feed-records 关联{record}。";
}
