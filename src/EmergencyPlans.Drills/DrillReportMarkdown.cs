using System.Globalization;
using System.Text;

namespace EmergencyPlans.Drills;

/// <summary>The after-action report as Markdown, for the terminal (headings after GB/T 46792-2025 and AQ/T 9009-2015).</summary>
public static class DrillReportMarkdown
{
    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Overview;
        var sb = new StringBuilder();
        sb.Append("# 演练评估报告：").Append(o.Title).Append('\n').Append('\n');
        sb.Append("**总体结论：").Append(report.Conclusion).Append("**（").Append(report.ConclusionNote).Append("）\n\n");

        sb.Append("## 一、演练概况\n\n");
        Row(sb, "预案", $"{o.PlanTitle}（{o.PlanDocumentNumber}）");
        Row(sb, "演练时间（模拟）", $"{o.Start} 至 {o.End}（历时 {o.Duration}）");
        if (o.Scope is not null)
        {
            Row(sb, "演练范围", o.Scope);
        }

        Row(sb, "情景", o.Incident);
        Row(sb, "注入与行动", $"{Count(o.Injects)} 条注入，{Count(o.Actions)} 项行动");
        Row(sb, "最终研判", $"{o.GradeTerm} {o.FinalGrade}；预案响应 {o.FinalLevelText}；{o.ResponseState}");
        if (o.CountiesText is not null)
        {
            Row(sb, "县（市、区）", o.CountiesText);
        }

        if (o.Warnings is not null)
        {
            Row(sb, "预警", o.Warnings);
        }

        foreach (var line in o.Command)
        {
            Row(sb, line.Label, line.Text);
        }

        Row(sb, "演练脚本", $"{o.Script}（SHA-256 {o.ScriptSha256[..16]}）");
        sb.Append('\n').Append("参演人员：\n\n| 人员 | 角色 |\n|---|---|\n");
        foreach (var p in o.Participants)
        {
            sb.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Cell(p.RoleName)).Append('（').Append(p.Role).Append("） |\n");
        }

        sb.Append("\n## 二、演练过程（时间线）\n\n| 时刻 | 时间 | 类别 | 主体 | 内容 | 结果 |\n|---|---|---|---|---|---|\n");
        foreach (var t in report.Timeline)
        {
            sb.Append("| ").Append(t.Offset).Append(" | ").Append(t.At).Append(" | ").Append(Lane(t.Lane)).Append(" | ").Append(Cell(t.Who))
                .Append(" | ").Append(Cell(t.What)).Append(" | ").Append(Cell(t.Outcome ?? "")).Append(" |\n");
        }

        sb.Append("\n## 三、评估\n\n### （一）演练目标\n\n");
        TableOrNone(sb, report.Objectives, "脚本未设演练目标。", "| 目标 | 内容 | 判定依据 | 结论 |\n|---|---|---|---|\n", (sb, g) =>
            sb.Append("| ").Append(g.Id).Append(" | ").Append(Cell(g.Text)).Append(" | ").Append(string.Join("、", g.Expectations)).Append(" | ").Append(g.Verdict).Append(" |\n"));

        sb.Append("\n### （二）预期\n\n");
        TableOrNone(sb, report.Expectations, "脚本未设预期。", "| 预期 | 内容 | 结论 | 依据 |\n|---|---|---|---|\n", (sb, e) =>
            sb.Append("| ").Append(e.Id).Append(" | ").Append(Cell(e.Description)).Append(" | ").Append(e.Verdict).Append(" | ").Append(Cell(e.Evidence)).Append(" |\n"));

        sb.Append("\n### （三）信息报告职责\n\n| 职责 | 责任主体 | 报告对象 | 依据 | 时限 | 报送时间 | 结论 |\n|---|---|---|---|---|---|---|\n");
        foreach (var d in report.Duties)
        {
            sb.Append("| ").Append(Cell(d.Duty)).Append(" | ").Append(Cell(d.Reporter)).Append(" | ").Append(Cell(d.To)).Append(" | ").Append(Cell(d.Clause)).Append(" | ").Append(d.DueAt ?? "—")
                .Append(" | ").Append(d.MetAt ?? "—").Append(" | ").Append(d.VerdictText).Append(" |\n");
        }

        sb.Append("\n### （四）行动与权限\n\n| 时刻 | 主体 | 角色 | 行动 | 结论 | 说明 |\n|---|---|---|---|---|---|\n");
        foreach (var a in report.Actions)
        {
            sb.Append("| ").Append(a.Offset).Append(" | ").Append(Cell(a.Who)).Append(" | ").Append(Cell(a.RoleName)).Append(" | ").Append(Cell(a.What))
                .Append(" | ").Append(a.VerdictText).Append(" | ").Append(Cell(a.Detail ?? "")).Append(" |\n");
        }

        sb.Append("\n## 四、问题与纠正措施\n\n");
        TableOrNone(sb, report.Problems, "未发现问题。", "| 序号 | 类别 | 问题 | 纠正措施 | 出处 |\n|---|---|---|---|---|\n", (sb, p) =>
            sb.Append("| ").Append(Count(p.Number)).Append(" | ").Append(p.Category).Append(" | ").Append(Cell(p.Problem)).Append(" | ")
                .Append(Cell(p.CorrectiveAction)).Append(" | ").Append(Cell(p.Reference)).Append(" |\n"));

        return sb.ToString();
    }

    public static string Lane(string lane) => lane switch
    {
        "inject" => "注入",
        "action" => "行动",
        _ => "系统",
    };

    /// <summary>
    /// A section's table, or the sentence that says it has no rows: a table of headers alone read as a drill with nothing wrong
    /// (session 46).
    /// </summary>
    private static void TableOrNone<T>(StringBuilder sb, IReadOnlyList<T> rows, string none, string header, Action<StringBuilder, T> row)
    {
        if (rows.Count == 0)
        {
            sb.Append(none).Append('\n');
            return;
        }

        sb.Append(header);
        foreach (var item in rows)
        {
            row(sb, item);
        }
    }

    private static void Row(StringBuilder sb, string name, string value) => sb.Append("- **").Append(name).Append("**：").Append(value).Append('\n');

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A table cell: a backslash is escaped before the pipe is (GFM reads <c>\\|</c> as an escaped backslash and a new cell), and a line
    /// break of any kind becomes a space.
    /// </summary>
    private static string Cell(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');
}
