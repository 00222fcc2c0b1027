using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>The people who take lifecycle decisions in the tests.</summary>
internal static class Actors
{
    public static readonly LifecycleActor Commander = new(RoleCatalogue.Commander, "指挥长 王副市长");
    public static readonly LifecycleActor DeputyCommander = new(RoleCatalogue.DeputyCommander, "副指挥长 李副秘书长");
    public static readonly LifecycleActor OtherDeputyCommander = new(RoleCatalogue.DeputyCommander, "副指挥长 赵局长");
    public static readonly LifecycleActor DelegatedDeputyCommander = new(RoleCatalogue.DeputyCommander, "副指挥长 李副秘书长（受指挥长委托）", delegatedByCommander: true);
    public static readonly LifecycleActor OfficeDirector = new(RoleCatalogue.OfficeDirector, "办公室主任 张支队长");
    public static readonly LifecycleActor OfficeDutyOfficer = new(RoleCatalogue.OfficeDirector, "市指挥部办公室 值班员");
    public static readonly LifecycleActor PartyCommitteeGovernment = new(RoleCatalogue.PartyCommitteeGovernment, "市委、市政府");
    public static readonly LifecycleActor Province = new(RoleCatalogue.Province, "山西省人民政府");

    public static LifecycleActor ByRole(string roleId, bool delegated = false) => new(roleId, $"test {roleId}", delegated);
}

/// <summary>A test clock: decisions take their time from it, as handlers take it from TimeProvider.</summary>
internal sealed class Clock
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 8, 1, 9, 0, 0, TimeSpan.FromHours(8)));

    public DateTimeOffset Start { get; } = new(2025, 8, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Moves the clock on a minute and returns the new time, so each decision is later than the last.</summary>
    public DateTimeOffset Next()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _time.GetUtcNow();
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public void Advance(TimeSpan by) => _time.Advance(by);
}
