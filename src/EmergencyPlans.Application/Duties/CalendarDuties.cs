using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Plans;
using Mediator;

namespace EmergencyPlans.Application.Duties;

/// <summary>A duty on the calendar rather than on an incident (drills, yearly surveys), with the next date it falls due where the text gives one.</summary>
public sealed record CalendarDutyView(
    string Plan,
    string PlanDocumentNumber,
    string Code,
    string Reporter,
    string? To,
    string Schedule,
    DateOnly? WindowOpens,
    DateOnly? NextDue,
    string Clause,
    string Words);

/// <summary>GET /duties/calendar: what the office has coming, from the plans in force today.</summary>
public sealed record CalendarDutiesQuery : IRequest<IReadOnlyList<CalendarDutyView>>;

public sealed class CalendarDutiesHandler(DecisionEngine engine, TimeProvider clock) : IRequestHandler<CalendarDutiesQuery, IReadOnlyList<CalendarDutyView>>
{
    public ValueTask<IReadOnlyList<CalendarDutyView>> Handle(CalendarDutiesQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToOffset(CityTime.Offset);
        var today = DateOnly.FromDateTime(now.DateTime);
        var views = new List<CalendarDutyView>();
        foreach (var planId in engine.Catalog.PlanIds.Order(StringComparer.Ordinal))
        {
            if (engine.Catalog.Resolve(planId, now) is not { } plan)
            {
                continue;
            }

            foreach (var duty in plan.Obligations.Where(o => o.Calendar is not null))
            {
                var calendar = duty.Calendar!;
                DateOnly? next = calendar.By is { } by ? Next(today, by) : FirstPeriodEnd(plan, calendar);
                DateOnly? opens = calendar.From is { } from && next is { } n ? new DateOnly(n.Year, from.Month, from.Day) : null;
                views.Add(new CalendarDutyView(plan.Id, plan.Metadata.DocumentNumber, duty.Code, duty.Reporter, duty.To.Length == 0 ? null : duty.To,
                    Schedule(calendar), opens, next, duty.Clause, duty.Words));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<CalendarDutyView>>(views.OrderBy(v => v.NextDue ?? DateOnly.MaxValue).ThenBy(v => v.Plan, StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// The end of the first period of a duty repeated every few years (C 7.3 "每3年至少进行一次演练", R 8.1.3 "每3年至少组织1次"): the period
    /// runs from the plan's taking effect (ADR 0003, convention 5), so the first drill is due within three years of it. Later periods
    /// run from the last drill performed, which the service does not record: past that date the drill shows as due, for the office to
    /// check. Null for a period the text does not state (N 8.3 定期).
    /// </summary>
    private static DateOnly? FirstPeriodEnd(Plan plan, CalendarRule calendar)
    {
        if (calendar.EveryText is not { Length: > 2 } every || every[0] != 'P' || every[^1] != 'Y'
            || !int.TryParse(every.AsSpan(1, every.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var years))
        {
            return null;
        }

        return DateOnly.FromDateTime(plan.Metadata.ValidFrom.ToOffset(CityTime.Offset).DateTime).AddYears(years);
    }

    /// <summary>The next (month, day) on or after today.</summary>
    private static DateOnly Next(DateOnly today, (int Month, int Day) day)
    {
        var thisYear = new DateOnly(today.Year, day.Month, day.Day);
        return thisYear >= today ? thisYear : thisYear.AddYears(1);
    }

    private static string Schedule(CalendarRule calendar) => (calendar.From, calendar.By, calendar.EveryText) switch
    {
        ({ } from, { } by, _) => $"每年{from.Month}月{from.Day}日至{by.Month}月{by.Day}日",
        (null, { } by, _) => $"每年{by.Month}月{by.Day}日前",
        (_, null, { } every) when every.StartsWith('P') && every.EndsWith('Y') => $"至少每{every[1..^1]}年一次（首个周期自预案施行之日起算）",
        _ => "定期",
    };
}
