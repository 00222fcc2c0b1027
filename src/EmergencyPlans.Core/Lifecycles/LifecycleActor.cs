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

    /// <summary>
    /// The actor as people read it, with <paramref name="post"/> the role in Chinese: the post alone when the name says nothing more
    /// (<c>市指挥部办公室</c>), else the name before it (<c>王值班（值班员）</c>). The one rule of the timeline's <c>actorName</c>, a duty's
    /// <c>metByName</c> and an alert's <c>acknowledgedByName</c>.
    /// </summary>
    public string Named(string post) =>
        string.IsNullOrWhiteSpace(DisplayName) || DisplayName == RoleId || DisplayName == post ? post : $"{DisplayName}（{post}）";

    /// <summary>
    /// The actor <see cref="ToString"/> wrote (<c>display name (role)</c>, as stored with a decision or an acknowledgement); null for text not of
    /// that form. The delegation is not part of the text and reads false.
    /// </summary>
    public static LifecycleActor? Parse(string? text)
    {
        if (text is null || !text.EndsWith(')') || text.LastIndexOf(" (", StringComparison.Ordinal) is not (> 0 and var at) || at + 2 >= text.Length - 1)
        {
            return null;
        }

        var (name, role) = (text[..at], text[(at + 2)..^1]);
        return string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(role) ? null : new LifecycleActor(role, name);
    }
}
