using System.Globalization;
using System.Net;
using System.Text;

namespace EmergencyPlans.Drills;

/// <summary>
/// The after-action report as one self-contained HTML page in Chinese: inline CSS, an inline SVG timeline
/// chart, no script and no network; @media print lays it out on A4.
/// </summary>
public static class DrillReportHtml
{
    private const string Style = """
        :root { --ok:#1b7f3b; --bad:#b3261e; --warn:#a15c00; --ink:#1d1d1f; --muted:#5f6368; --line:#d0d4d9; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif; color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.5; }
        h1 { font-size: 1.6rem; border-bottom: 3px solid var(--ink); padding-bottom: .3rem; }
        h2 { font-size: 1.25rem; margin-top: 2rem; border-left: 6px solid var(--ink); padding-left: .5rem; }
        h3 { font-size: 1.05rem; margin-top: 1.2rem; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
        th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
        th { background: #f1f3f4; }
        .verdict { font-size: 1.2rem; font-weight: bold; padding: .5rem .8rem; display: inline-block; border: 2px solid; }
        .pass { color: var(--ok); } .fail { color: var(--bad); } .late { color: var(--warn); }
        dl.overview { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.overview dt { font-weight: bold; } dl.overview dd { margin: 0; }
        svg { width: 100%; height: auto; border: 1px solid var(--line); }
        svg text { font-size: 11px; fill: var(--ink); }
        .legend span { display: inline-block; margin-right: 1rem; font-size: .85rem; }
        .legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
        @page { size: A4 portrait; margin: 15mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          h2 { break-after: avoid; } tr, figure { break-inside: avoid; }
          table { font-size: 8.5pt; }
        }
        """;

    public static string Render(DrillReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Overview;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>演练评估报告：").Append(E(o.Title)).Append("</title>\n<style>\n")
            .Append(Style).Append("\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>演练评估报告：").Append(E(o.Title)).Append("</h1>\n");
        sb.Append("<p id=\"verdict\" class=\"verdict ").Append(report.Passed ? "pass" : "fail").Append("\">总体结论：").Append(report.Passed ? "通过" : "未通过")
            .Append("</p>\n<p>").Append(N(report.Expectations.Count(e => e.Passed))).Append('/').Append(N(report.Expectations.Count))
            .Append(" 项预期通过；预期逐项判定，不折算分数。</p>\n");

        sb.Append("<h2 id=\"overview\">一、演练概况</h2>\n<dl class=\"overview\">\n");
        Dl(sb, "预案", $"{o.PlanTitle}（{o.PlanDocumentNumber}）");
        Dl(sb, "演练时间（模拟）", $"{o.Start} 至 {o.End}（历时 {o.Duration}）");
        if (o.Scope is not null)
        {
            Dl(sb, "演练范围", o.Scope);
        }

        Dl(sb, "情景", o.Incident);
        Dl(sb, "注入与行动", $"{N(o.Injects)} 条注入，{N(o.Actions)} 项行动");
        Dl(sb, "最终研判", $"{o.GradeTerm} {o.FinalGrade}；预案响应 {o.FinalLevel}；{o.ResponseState}");
        Dl(sb, "演练脚本", $"{o.Script}（SHA-256 {o.ScriptSha256[..16]}）");
        Dl(sb, "参演人员", string.Join("；", o.Participants.Select(p => $"{p.Name}（{p.RoleName}）")));
        sb.Append("</dl>\n");

        sb.Append("<h2 id=\"timeline\">二、演练过程</h2>\n");
        Chart(sb, report);
        Table(sb, "timeline-table", ["时刻", "时间", "类别", "主体", "内容", "结果"],
            report.Timeline.Select(t => (string?[])[t.Offset, t.At, DrillReportMarkdown.Lane(t.Lane), t.Who, t.What, t.Outcome]), _ => null);

        sb.Append("<h2 id=\"evaluation\">三、评估</h2>\n<h3>（一）演练目标</h3>\n");
        Table(sb, "objectives", ["目标", "内容", "判定依据", "结论"],
            report.Objectives.Select(g => (string?[])[g.Id, g.Text, string.Join("、", g.Expectations), g.Verdict]), r => r[3] == "达成" ? "pass" : "fail");
        sb.Append("<h3>（二）预期</h3>\n");
        Table(sb, "expectations", ["预期", "内容", "结论", "依据"],
            report.Expectations.Select(e => (string?[])[e.Id, e.Description, e.Verdict, e.Evidence]), r => r[2] == "通过" ? "pass" : "fail");
        sb.Append("<h3>（三）信息报告职责</h3>\n");
        // Coloured by verdict, not by its text: a delivery is 逾时运抵 where a report is 迟报.
        Table(sb, "duties", ["职责", "责任主体", "报告对象", "依据", "时限", "报送时间", "结论"],
            report.Duties.Select(d => ((string?[])[d.Duty, d.Reporter, d.To, d.Clause, d.DueAt ?? "—", d.MetAt ?? "—", d.VerdictText],
                d.Verdict switch { "on-time" => "pass", "late" => "late", "missed" => "fail", _ => null })));
        sb.Append("<h3>（四）行动与权限</h3>\n");
        Table(sb, "actions", ["时刻", "主体", "角色", "行动", "结论", "说明"],
            report.Actions.Select(a => (string?[])[a.Offset, a.Who, a.RoleName, a.What, a.VerdictText, a.Detail]), r => r[4] == "合规" ? "pass" : "fail");

        sb.Append("<h2 id=\"problems\">四、问题与纠正措施</h2>\n");
        if (report.Problems.Count == 0)
        {
            sb.Append("<p>未发现问题。</p>\n");
        }
        else
        {
            Table(sb, "problem-table", ["序号", "类别", "问题", "纠正措施", "出处"],
                report.Problems.Select(p => (string?[])[N(p.Number), p.Category, p.Problem, p.CorrectiveAction, p.Reference]), _ => null);
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Three lanes on one time axis: injects, actions (red when refused), and each timed duty from its due time to when it was met.</summary>
    private static void Chart(StringBuilder sb, DrillReport report)
    {
        // The axis is the drill itself: duties due after its end (a daily continuation report) are in the table, not the chart.
        var minutes = Math.Max(1, report.Overview.Minutes);
        var timed = report.Duties.Where(d => d.DueMinute is { } due && due <= minutes).ToList();
        const int left = 150;
        const int width = 1000;
        const int row = 22;
        var plot = width - left - 20;
        var height = 40 + (row * 2) + (timed.Count * row) + 30;
        double X(int minute) => left + (plot * (double)minute / minutes);

        sb.Append("<figure><svg id=\"chart\" role=\"img\" aria-label=\"演练时间线\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        // The time axis with a tick every hour (every 10 minutes for short drills).
        var step = minutes > 360 ? 120 : minutes > 120 ? 60 : minutes > 40 ? 10 : 5;
        for (var m = 0; m <= minutes; m += step)
        {
            sb.Append("<line x1=\"").Append(F(X(m))).Append("\" y1=\"20\" x2=\"").Append(F(X(m))).Append("\" y2=\"").Append(N(height - 20))
                .Append("\" stroke=\"#e0e3e7\"/><text x=\"").Append(F(X(m))).Append("\" y=\"14\" text-anchor=\"middle\">")
                .Append(E(DrillScriptReader.FormatOffset(TimeSpan.FromMinutes(m)))).Append("</text>\n");
        }

        var y = 40;
        Lane(sb, "情景注入", y);
        foreach (var t in report.Timeline.Where(t => t.Lane == "inject"))
        {
            sb.Append("<circle class=\"inject\" cx=\"").Append(F(X(t.Minute))).Append("\" cy=\"").Append(N(y)).Append("\" r=\"5\" fill=\"#1a73e8\"><title>")
                .Append(E($"{t.Offset} {t.What}")).Append("</title></circle>\n");
        }

        y += row;
        Lane(sb, "参演行动", y);
        foreach (var a in report.Actions)
        {
            var colour = a.Verdict == "accepted" ? "#1b7f3b" : "#b3261e";
            sb.Append("<rect class=\"action ").Append(a.Verdict).Append("\" x=\"").Append(F(X(a.Minute) - 5)).Append("\" y=\"").Append(N(y - 5))
                .Append("\" width=\"10\" height=\"10\" fill=\"").Append(colour).Append("\"><title>").Append(E($"{a.Offset} {a.Who}：{a.What}（{a.VerdictText}）"))
                .Append("</title></rect>\n");
        }

        foreach (var d in timed)
        {
            y += row;
            Lane(sb, d.Duty, y);
            var due = d.DueMinute!.Value;
            var colour = d.Verdict switch { "on-time" => "#1b7f3b", "late" => "#a15c00", "missed" => "#b3261e", _ => "#9aa0a6" };
            sb.Append("<line x1=\"").Append(F(X(Math.Min(d.RaisedMinute, due)))).Append("\" y1=\"").Append(N(y)).Append("\" x2=\"").Append(F(X(Math.Min(due, minutes))))
                .Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"#c8ccd1\" stroke-width=\"4\"/>");
            sb.Append("<line class=\"due\" x1=\"").Append(F(X(Math.Min(due, minutes)))).Append("\" y1=\"").Append(N(y - 7)).Append("\" x2=\"").Append(F(X(Math.Min(due, minutes))))
                .Append("\" y2=\"").Append(N(y + 7)).Append("\" stroke=\"#202124\" stroke-width=\"2\"><title>").Append(E($"{d.Duty} 时限 {d.DueAt}")).Append("</title></line>");
            if (d.MetMinute is { } met)
            {
                sb.Append("<circle class=\"duty ").Append(d.Verdict).Append("\" cx=\"").Append(F(X(Math.Min(met, minutes)))).Append("\" cy=\"").Append(N(y))
                    .Append("\" r=\"5\" fill=\"").Append(colour).Append("\"><title>").Append(E($"{d.Duty} {d.MetAt}（{d.VerdictText}）")).Append("</title></circle>");
            }
            else if (d.Verdict == "missed")
            {
                sb.Append("<text class=\"duty missed\" x=\"").Append(F(X(Math.Min(due, minutes)) + 6)).Append("\" y=\"").Append(N(y + 4)).Append("\" fill=\"#b3261e\">✕ ").Append(E(d.VerdictText)).Append("</text>");
            }

            sb.Append('\n');
        }

        sb.Append("</svg>\n<figcaption class=\"legend\"><span><i style=\"background:#1a73e8\"></i>注入</span><span><i style=\"background:#1b7f3b\"></i>合规行动 / 按时</span>")
            .Append("<span><i style=\"background:#a15c00\"></i>迟报</span><span><i style=\"background:#b3261e\"></i>越权、被拒绝或未报</span><span>｜ 竖线为时限</span></figcaption></figure>\n");
    }

    private static void Lane(StringBuilder sb, string name, int y) =>
        sb.Append("<text x=\"4\" y=\"").Append(N(y + 4)).Append("\">").Append(E(name.Length > 22 ? name[..22] + "…" : name)).Append("</text>\n");

    private static void Dl(StringBuilder sb, string name, string value) =>
        sb.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Table(StringBuilder sb, string id, string[] headers, IEnumerable<string?[]> rows, Func<string?[], string?> rowClass) =>
        Table(sb, id, headers, rows.Select(r => (r, rowClass(r))));

    private static void Table(StringBuilder sb, string id, string[] headers, IEnumerable<(string?[] Cells, string? Class)> rows)
    {
        sb.Append("<table id=\"").Append(id).Append("\">\n<thead><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th>").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var (r, cls) in rows)
        {
            sb.Append(cls is null ? "<tr>" : $"<tr class=\"{cls}\">");
            foreach (var c in r)
            {
                sb.Append("<td>").Append(E(c ?? "")).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
