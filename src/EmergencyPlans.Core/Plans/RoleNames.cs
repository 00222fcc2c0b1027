using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

#pragma warning disable CA1002, CA2227 // DTOs bound by System.Text.Json.

/// <summary>One entry of a plan file's <c>roleNames</c>, as written.</summary>
internal sealed class RoleNameDocument
{
    public string? Role { get; set; }
    public string? Name { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
}

/// <summary>A plan file's <c>gradeTerm</c>, as written.</summary>
internal sealed class GradeTermDocument
{
    public string? Term { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
}
#pragma warning restore CA1002, CA2227

/// <summary>
/// What a plan calls the post a role of the catalogue stands for. The roles are shared by the three plans (one credential,
/// one authorisation policy), and the catalogue's label names both plans' posts (市指挥部办公室主任（市安委办主任）); under the
/// road and construction plans the post is 市指挥部办公室主任 (road 5.3.3, construction 4.4.3), under the natural-disaster plan
/// 市安委办主任 (5.4.2).
/// </summary>
/// <param name="Role">The catalogue's role id.</param>
/// <param name="Name">The plan's name for the post.</param>
/// <param name="Clause">Where the plan names it.</param>
/// <param name="Words">The plan's words that name it; they contain <paramref name="Name"/> unless <paramref name="Reading"/> says why not.</param>
/// <param name="Reading">Why the name is ours where the plan never writes it in one piece (construction: 市指挥部 and its 副指挥长, 2.1).</param>
public sealed record RoleName(string Role, string Name, string Clause, string Words, string? Reading = null);

/// <summary>A plan's names for roles (<c>roleNames</c>), each falling back to the catalogue's label (<see cref="Role.ChineseName"/>).</summary>
public sealed class RoleNames
{
    /// <summary>A plan that uses the catalogue's labels throughout.</summary>
    public static readonly RoleNames None = new([]);

    private readonly Dictionary<string, string> _byRole;

    private RoleNames(IReadOnlyList<RoleName> names)
    {
        All = names;
        _byRole = names.ToDictionary(n => n.Role, n => n.Name, StringComparer.Ordinal);
    }

    /// <summary>The names the plan file states, in its order; empty when it states none.</summary>
    public IReadOnlyList<RoleName> All { get; }

    /// <summary>
    /// What the plan calls the post of role <paramref name="roleId"/>: the plan's name, else the catalogue's label, else the id as
    /// given (a role no catalogue knows, from an old stored event).
    /// </summary>
    public string Of(string roleId) =>
        _byRole.TryGetValue(roleId, out var name) ? name : RoleCatalogue.Find(roleId)?.ChineseName ?? roleId;

    /// <summary>
    /// True when a duty's reporter, as the plan writes it (<c>市安委会副主任(分管安全工作副市长)</c>), is the post of role <paramref name="roleId"/>:
    /// it begins with what the plan calls that post. The one test of who makes a duty, for a refusal's hint and a drill's 已记录/已报送.
    /// </summary>
    public bool Reports(string reporter, string roleId)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        var post = Of(roleId);
        return post.Length > 0 && reporter.StartsWith(post, StringComparison.Ordinal);
    }

    /// <summary>What a decision made on the commander's delegation says beside it (C 4.3.2(2) 委托副指挥长): （受市指挥部指挥长委托）.</summary>
    public string DelegatedByCommander => $"（受{Of(RoleCatalogue.Commander)}委托）";

    /// <summary>Reads and checks the block; null (and problems added) when it does not hold together.</summary>
    /// <param name="documents">The block as written; null when the plan has none.</param>
    /// <param name="problem">Reports a problem: rule, English text, Chinese text.</param>
    internal static RoleNames? Read(IReadOnlyList<RoleNameDocument>? documents, Action<string, string, string> problem)
    {
        if (documents is null || documents.Count == 0)
        {
            return None;
        }

        var ok = true;
        var names = new List<RoleName>();
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            var rule = $"roleNames[{i}]";
            if (!RoleCatalogue.IsKnown(d.Role))
            {
                problem(rule, $"unknown role '{d.Role}' (roles: {string.Join(", ", RoleCatalogue.Ids)})",
                    $"未知的角色 '{d.Role}'（可用：{string.Join("、", RoleCatalogue.Ids)}）");
                ok = false;
                continue;
            }

            rule = $"roleNames.{d.Role}";
            if (names.Exists(n => n.Role == d.Role))
            {
                problem(rule, $"role '{d.Role}' is named twice", $"角色 '{d.Role}' 重复列出");
                ok = false;
                continue;
            }

            // The name is the plan's own: the words quoted for it must say it, or a reading must say why it is ours, not the plan's.
            if (QuotedWord.Check(rule, "name", d.Name, d.Clause, d.Words, d.Reading, readingAllowed: true, ("name", "名称"), problem) is not { } name)
            {
                ok = false;
                continue;
            }

            names.Add(new RoleName(d.Role!, name, d.Clause!, d.Words!, string.IsNullOrWhiteSpace(d.Reading) ? null : d.Reading));
        }

        return ok ? new RoleNames(names) : null;
    }
}
