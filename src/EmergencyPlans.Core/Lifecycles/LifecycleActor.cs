namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who takes a decision. Authority belongs to the body (role), not the person: the plans say
/// "由启动响应的指挥机构宣布终止", so two lifecycle decisions are by "the same body" when the
/// <see cref="RoleId"/>s are equal, whatever the display names.
/// </summary>
public sealed record LifecycleActor
{
    /// <param name="roleId">Role or body identifier, e.g. <see cref="Domain.RoleCatalogue.Commander"/>.</param>
    /// <param name="displayName">Name shown to people, e.g. "张三（副市长）".</param>
    /// <param name="delegatedByCommander">
    /// The commander has delegated this actor to act for him (construction 4.3.2(2) "委托副指挥长").
    /// </param>
    public LifecycleActor(string roleId, string displayName, bool delegatedByCommander = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        RoleId = roleId;
        DisplayName = displayName;
        DelegatedByCommander = delegatedByCommander;
        _text = $"{displayName} ({roleId})";
    }

    // Written once: every event and timeline entry an actor causes names it, and a drill's or a feed's incident holds
    // hundreds of thousands of them. A function of the fields above, so record equality means what it meant.
    private readonly string _text;

    /// <summary>Role or body identifier; compared ordinally.</summary>
    public string RoleId { get; }

    /// <summary>Name shown to people.</summary>
    public string DisplayName { get; }

    /// <summary>The commander has delegated this actor (construction Ⅱ).</summary>
    public bool DelegatedByCommander { get; }

    /// <summary>True when both actors stand for the same body (same role id).</summary>
    public bool IsSameBodyAs(LifecycleActor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(RoleId, other.RoleId, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override string ToString() => _text;
}
