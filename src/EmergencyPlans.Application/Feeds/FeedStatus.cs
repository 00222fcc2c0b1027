using System.Globalization;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using Mediator;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// Whether the 122 feed is flowing (docs/feed-122.md, "Is the feed flowing?"): when it last brought something new, whether that is
/// longer ago than the silence alarm allows, and what waits in the quarantine. A feed that stops sending fails no request, so
/// without this nobody would notice that accidents reach the duty office only by telephone again; the health check reads the same.
/// </summary>
public sealed record GetFeedStatusQuery : IRequest<FeedStatusView>;

/// <summary>The feed's status.</summary>
/// <param name="State"><c>receiving</c>, <c>silent</c> (nothing new for longer than the silence alarm) or <c>never-received</c>.</param>
/// <param name="LastReceivedAt">When the feed last brought something new: a message stored or a line quarantined.</param>
/// <param name="LastMessageAt">When the latest message stored was received.</param>
/// <param name="LastEventId">That message's eventId.</param>
/// <param name="SilentForSeconds">Seconds since <paramref name="LastReceivedAt"/>; null when nothing was ever received.</param>
/// <param name="SilenceAlarmSeconds">The silence that makes the feed <c>silent</c> (EmergencyPlans:Feed:SilenceAlarm); null when off.</param>
/// <param name="OpenQuarantine">Quarantined lines neither re-submitted nor dismissed.</param>
/// <param name="OldestOpenQuarantineAt">When the oldest of them was received.</param>
/// <param name="Summary">The same, for people (Chinese).</param>
public sealed record FeedStatusView(
    string State,
    DateTimeOffset? LastReceivedAt,
    DateTimeOffset? LastMessageAt,
    string? LastEventId,
    long? SilentForSeconds,
    long? SilenceAlarmSeconds,
    long OpenQuarantine,
    DateTimeOffset? OldestOpenQuarantineAt,
    string Summary);

/// <summary>The states of <see cref="FeedStatusView.State"/>.</summary>
public static class FeedStates
{
    public const string Receiving = "receiving";
    public const string Silent = "silent";
    public const string NeverReceived = "never-received";

    /// <summary>
    /// The status at <paramref name="now"/>. A duplicate or a line refused again brings nothing new, so it does not count as
    /// activity: a sender that only replays old lines is silent too.
    /// </summary>
    public static FeedStatusView Of(FeedActivity activity, DateTimeOffset now, TimeSpan? silenceAlarm)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var alarm = silenceAlarm is { } a && a > TimeSpan.Zero ? a : (TimeSpan?)null;
        var last = Later(activity.LastMessageAt, activity.LastQuarantinedAt);
        var silentFor = last is { } l ? now - l : (TimeSpan?)null;
        var state = last is null ? NeverReceived : alarm is { } limit && silentFor > limit ? Silent : Receiving;

        var flow = state switch
        {
            NeverReceived => "尚未收到122接处警数据。",
            Silent => $"已{Ago(silentFor!.Value)}未收到新的122接处警数据（最近一次接收于{CityTime.Minute(last!.Value)}），超过{Names.Chinese(alarm!.Value)}的静默告警时限："
                      + "请与122指挥中心核实数据推送是否中断，其间警情须经电话报告。",
            _ => $"122接处警数据最近一次接收于{CityTime.Minute(last!.Value)}（{Ago(silentFor!.Value)}前）。",
        };
        var quarantine = activity.OpenQuarantine == 0
            ? "隔离区无待处理的行。"
            : $"隔离区有{activity.OpenQuarantine.ToString(CultureInfo.InvariantCulture)}行待处理（更正后重新提交或注销），最早一行接收于{CityTime.Minute(activity.OldestOpenQuarantineAt!.Value)}。";
        // In the city's time, whichever store or host read them, as the API writes every instant.
        static DateTimeOffset? City(DateTimeOffset? at) => at?.ToOffset(CityTime.Offset);
        return new FeedStatusView(state, City(last), City(activity.LastMessageAt), activity.LastEventId,
            silentFor is { } s ? (long)Math.Max(0, Math.Floor(s.TotalSeconds)) : null, alarm is { } m ? (long)m.TotalSeconds : null,
            activity.OpenQuarantine, City(activity.OldestOpenQuarantineAt), flow + quarantine);
    }

    /// <summary>
    /// Whether the duty office's alert stream says <paramref name="current"/> (docs/alerts.md, the <c>feed-status</c> event): on
    /// connecting (<paramref name="previous"/> null) only a feed already silent, afterwards each move into silence and out of it.
    /// A feed that starts for the first time, or was never silent, is no news on a stream of alerts.
    /// </summary>
    public static bool IsNews(FeedStatusView? previous, FeedStatusView current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return previous is null
            ? current.State == Silent
            : previous.State != current.State && (previous.State == Silent || current.State == Silent);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>
    /// How long, for people: whole minutes, or the seconds under one (a silence alarm under a minute read 已不足1分钟未收到, "for already less
    /// than a minute nothing received": a feed integrator's review, session 52).
    /// </summary>
    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? $"{Math.Max(0, Math.Floor(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}秒"
        : Names.Chinese(TimeSpan.FromMinutes(Math.Floor(span.TotalMinutes)));
}

public sealed class GetFeedStatusHandler(IFeedStore store, TimeProvider clock, FeedOptions options) : IRequestHandler<GetFeedStatusQuery, FeedStatusView>
{
    public async ValueTask<FeedStatusView> Handle(GetFeedStatusQuery request, CancellationToken cancellationToken)
    {
        var activity = await store.ReadActivityAsync(cancellationToken).ConfigureAwait(false);
        return FeedStates.Of(activity, clock.GetUtcNow(), options.SilenceAlarm);
    }
}
