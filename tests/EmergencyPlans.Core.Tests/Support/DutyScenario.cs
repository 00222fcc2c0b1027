using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Tests.Support;

/// <summary>
/// The incident the duty tests start from: reported by the county's duty officer, 泽州县 unless a test names another county, occurring 2026-03-01 08:00 (+08:00) unless a
/// test says otherwise, every figure the plan's tables read known unless a test leaves it out. Shared by the tests of duties and of
/// repeating duties' periods, so both read the plans through the same set-up.
/// </summary>
internal static class DutyScenario
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, China);
    public static readonly LifecycleActor Officer = new(RoleCatalogue.DutyOfficer, "值班员");

    /// <summary>A time of 2026-03-<paramref name="day"/> in +08:00; hours past 24 run into the next days.</summary>
    public static DateTimeOffset At(int hour, int minute = 0, int day = 1) => new DateTimeOffset(2026, 3, day, 0, 0, 0, China).AddHours(hour).AddMinutes(minute);

    /// <summary>An accident's figures (construction, road), each known.</summary>
    public static ReportedFigures Accident(long deaths = 0, long injured = 0, long missing = 0, params Fact[] facts)
    {
        var figures = new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.SeriousInjuries] = 0,
            [Figure.Injured] = injured,
            [Figure.DirectLossWan] = 0,
            [Figure.Missing] = missing,
            [Figure.Trapped] = 0,
            [Figure.Endangered] = 0,
        };
        return facts.Aggregate(figures, (f, fact) => f.Merge(new ReportedFigures { [fact] = true }));
    }

    /// <summary>A natural disaster's figures, each known.</summary>
    public static ReportedFigures Disaster(long deaths = 0, Grade? declared = null, long collapsedRooms = 0, params Fact[] facts)
    {
        var figures = new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.Missing] = 0,
            [Figure.Relocated] = 0,
            [Figure.CollapsedRooms] = collapsedRooms,
            [Figure.CollapsedHouseholds] = 0,
            [Figure.DroughtAidPeople] = 0,
            DeclaredGrade = declared,
        };
        return facts.Aggregate(figures, (f, fact) => f.Merge(new ReportedFigures { [fact] = true }));
    }

    public static Incident Open(Guid id, string plan, ReportedFigures figures, JudgementInput? judgements = null, DateTimeOffset? occurredAt = null, DateTimeOffset? now = null,
        string county = "泽州县") =>
        Incident.Open(id, Repository.Latest(plan), occurredAt ?? T0, new IncidentReport { Figures = figures, Judgements = judgements }, county, null, "测试事件",
            new Reporter("值班员", null, null), false, Officer, now ?? occurredAt ?? T0, Repository.Engine);

    public static void Continuation(Incident incident, DateTimeOffset at, ReportedFigures? figures = null) =>
        incident.FileReport(false, "续报", new IncidentReport { Figures = figures ?? ReportedFigures.None }, Officer, at, Repository.Engine);

    public static void Clock(Incident incident, string kind, DateTimeOffset at, string? orderedBy = null) =>
        incident.RecordClockEvent(kind, at, orderedBy, null, Officer, at, Repository.Engine);
}
