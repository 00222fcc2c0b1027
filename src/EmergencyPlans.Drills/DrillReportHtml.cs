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
        table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; table-layout: fixed; }
        th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #f1f3f4; }
        td.offset { white-space: nowrap; overflow-wrap: normal; padding-left: .3rem; padding-right: .3rem; }
        td.clock { overflow-wrap: normal; }
        .verdict { font-size: 1.2rem; font-weight: bold; padding: .5rem .8rem; display: inline-block; border: 2px solid; }
        .pass { color: var(--ok); } .fail { color: var(--bad); } .late { color: var(--warn); } .verdict.none { color: var(--ink); border-style: dashed; }
        dl.overview { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.overview dt { font-weight: bold; } dl.overview dd { margin: 0; }
        figure.chart { margin: .5rem 0 1rem; }
        svg.chart { width: 100%; height: auto; border: 1px solid var(--line); display: block; }
        .chart-part + .chart-part { margin-top: .6rem; }
        p.chart-page { font-size: .85rem; color: var(--muted); margin: 0 0 .2rem; }
        svg.chart text { font-size: 11px; fill: var(--ink); }
        svg.chart text.mark-no { font-size: 9px; }
        svg.chart text.note { font-size: 10px; }
        svg.chart text.level-text { font-size: 10px; }
        svg.chart text.more { font-size: 10px; font-weight: bold; }
        .legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: .85rem; margin-top: .3rem; }
        .legend .key { display: inline-flex; align-items: center; gap: .3rem; white-space: nowrap; }
        .legend svg { width: 14px; height: 14px; flex: none; }
        ol.chart-key { list-style: none; padding: 0; margin: .4rem 0 0; columns: 2; column-gap: 1.5rem; font-size: .8rem; }
        ol.chart-key li { break-inside: avoid; }
        ol.chart-key b { display: inline-block; min-width: 1.8em; }
        @page { size: A4 portrait; margin: 15mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          h2, h3 { break-after: avoid; } tr, th, td, .chart-part, figcaption.legend, ol.chart-key li { break-inside: avoid; }
          thead { display: table-header-group; }
          table { font-size: 8.5pt; }
          p, dd { orphans: 3; widows: 3; }
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
        sb.Append("<p id=\"verdict\" class=\"verdict ").Append(!report.Judged ? "none" : report.Passed ? "pass" : "fail").Append("\">总体结论：").Append(report.Conclusion)
            .Append("</p>\n<p>").Append(E(report.ConclusionNote)).Append("。</p>\n");

        sb.Append("<h2 id=\"overview\">一、演练概况</h2>\n<dl class=\"overview\">\n");
        Dl(sb, "预案", $"{o.PlanTitle}（{o.PlanDocumentNumber}）");
        Dl(sb, "演练时间（模拟）", $"{o.Start} 至 {o.End}（历时 {o.Duration}）");
        if (o.Scope is not null)
        {
            Dl(sb, "演练范围", o.Scope);
        }

        Dl(sb, "情景", o.Incident);
        Dl(sb, "注入与行动", $"{N(o.Injects)} 条注入，{N(o.Actions)} 项行动");
        Dl(sb, "最终研判", $"{o.GradeTerm} {o.FinalGrade}；预案响应 {o.FinalLevelText}；{o.ResponseState}");
        if (o.CountiesText is not null)
        {
            Dl(sb, "县（市、区）", o.CountiesText);
        }

        if (o.Warnings is not null)
        {
            Dl(sb, "预警", o.Warnings);
        }

        foreach (var line in o.Command)
        {
            Dl(sb, line.Label, line.Text);
        }

        Dl(sb, "演练脚本", $"{o.Script}（SHA-256 {o.ScriptSha256[..16]}）");
        Dl(sb, "参演人员", string.Join("；", o.Participants.Select(p => $"{p.Name}（{p.RoleName}）")));
        sb.Append("</dl>\n");

        sb.Append("<h2 id=\"timeline\">二、演练过程</h2>\n");
        Chart(sb, report);
        // Printed on A4 (s54 F12): the +HH:MM never breaks (td.offset), and the clock time says the date only when it is not the drill's first
        // day, which 演练时间 above already gives (it wrapped the full date on every row).
        var day = Day(o.Start);
        Table(sb, "timeline-table", [("时刻", 9), ("时间", 8), ("类别", 7), ("主体", 13), ("内容", 40), ("结果", 23)],
            report.Timeline.Select(t => ((string?[])[t.Offset, Clock(t.At, day), DrillReportMarkdown.Lane(t.Lane), t.Who, t.What, t.Outcome], (string?)null)),
            ["offset", "clock"]);

        sb.Append("<h2 id=\"evaluation\">三、评估</h2>\n<h3>（一）演练目标</h3>\n");
        if (report.Objectives.Count == 0)
        {
            // Said as the Markdown says it: a table of headers alone read as objectives lost.
            sb.Append("<p>脚本未设演练目标。</p>\n");
        }
        else
        {
            Table(sb, "objectives", [("目标", 8), ("内容", 46), ("判定依据", 34), ("结论", 12)],
                report.Objectives.Select(g => (string?[])[g.Id, g.Text, string.Join("、", g.Expectations), g.Verdict]), r => r[3] == "达成" ? "pass" : "fail");
        }

        sb.Append("<h3>（二）预期</h3>\n");
        if (report.Expectations.Count == 0)
        {
            sb.Append("<p>脚本未设预期。</p>\n");
        }
        else
        {
            Table(sb, "expectations", [("预期", 7), ("内容", 30), ("结论", 9), ("依据", 54)],
                report.Expectations.Select(e => (string?[])[e.Id, e.Description, e.Verdict, e.Evidence]),
                // 不适用 (the duty no longer needed, s54 F3) is neither passed nor failed: plain ink, not the failure's red.
                r => r[2] == "通过" ? "pass" : r[2] == "不适用" ? null : "fail");
        }
        sb.Append("<h3>（三）信息报告职责</h3>\n");
        // Coloured by verdict, not by its text: a delivery is 逾时运抵 where a report is 迟报.
        Table(sb, "duties", [("职责", 30), ("责任主体", 12), ("报告对象", 12), ("依据", 8), ("时限", 11), ("报送时间", 11), ("结论", 16)],
            report.Duties.Select(d => ((string?[])[d.Duty, d.Reporter, d.To, d.Clause, d.DueAt is { } due ? Clock(due, day) : "—", d.MetAt is { } met ? Clock(met, day) : "—", d.VerdictText],
                d.Verdict switch { "on-time" => "pass", "late" => "late", "missed" or "unmet" => "fail", _ => null })),
            [null, null, null, null, "clock", "clock"]);
        sb.Append("<h3>（四）行动与权限</h3>\n");
        Table(sb, "actions", [("时刻", 9), ("主体", 10), ("角色", 13), ("行动", 22), ("结论", 10), ("说明", 36)],
            report.Actions.Select(a => ((string?[])[a.Offset, a.Who, a.RoleName, a.What, a.VerdictText, a.Detail], (string?)(a.VerdictText == "合规" ? "pass" : "fail"))),
            ["offset"]);

        sb.Append("<h2 id=\"problems\">四、问题与纠正措施</h2>\n");
        if (report.Problems.Count == 0)
        {
            sb.Append("<p>未发现问题。</p>\n");
        }
        else
        {
            Table(sb, "problem-table", [("序号", 7), ("类别", 12), ("问题", 38), ("纠正措施", 31), ("出处", 12)],
                report.Problems.Select(p => (string?[])[N(p.Number), p.Category, p.Problem, p.CorrectiveAction, p.Reference]), _ => null);
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    // The chart's geometry, in the SVG's own units (its viewBox is 1000 wide; the page scales it). Lane names have a column of their
    // own, left of the plot: a duty raised at +00:00 was drawn under its name and overwrote it.
    private const int ChartWidth = 1000;
    private const int PlotLeft = 262;
    private const int PlotRight = ChartWidth - 24;
    private const int LabelX = 8;
    private const double LabelBudget = PlotLeft - LabelX - 16;
    private const int LaneHeight = 24;
    private const int SubRow = 28;          // a staggered row of injects or actions: its number above, the mark below, clear of the next row's number
    private const double MarkGap = 18;      // marks closer than this (and their numbers) would overlap: the next goes a row down
    // A lane grows a row for every mark that would overlap the others; past this many (a lane 16 × 28 = 448 units tall, about a third of an A4
    // page at its print scale of 0.68) the marks still to place are counted in a row of their own (+N), each listed under the chart.
    private const int MaxSubRows = 16;
    private const double MoreSlot = 40;     // a +N stands for the marks this close after its first: two +N are as far apart, room for +999999 at 10px
    // The tallest part of the chart: printed on A4 (180 mm = 680 px wide, so at 0.68 of these units), 1360 units are 925 px of the 267 mm
    // (1009 px) a page holds within its margins, room left for the part's heading. The level, inject and action lanes take at most 26 + 34 +
    // 2 × (8 + 17 × 28) = 1028 units, so the first part always has room for them and a dozen duties; more duties go on parts of their own.
    private const int PartHeight = 1360;

    // Each kind its own colour and shape, so that it reads in black-and-white print too.
    private const string Blue = "#1a73e8", Green = "#1b7f3b", Red = "#b3261e", Purple = "#6a3d9a", Amber = "#a15c00", Black = "#202124",
        Grey = "#5f6368", Teal = "#00796b";

    /// <summary>
    /// The timeline on one time axis: the response level in force, the injects, the actions (each verdict its own mark) and each duty
    /// from when it was raised (a hollow ring) to its due time (a tick) and when it was met; one due after the drill ended, to the axis's end
    /// with a chevron past it (演练结束时尚未到期). A duty the plan gives no time (立即, 及时) is
    /// drawn too, dashed from when it was raised to when it was met, when it ended (终止, or the close for one never done: the close is marked
    /// across the chart) or, still owed, when the drill ended. Injects and actions are numbered in time order and
    /// listed under the chart; marks too close to tell apart are staggered onto rows of their own, the lane growing to fit them (past
    /// <see cref="MaxSubRows"/>, the rest counted as +N). Printed, no part of the chart is taller than an A4 page (<see cref="PartHeight"/>):
    /// duty lanes that would make it so go on further parts, each with the same time axis and a heading (第2幅，共3幅); the facilitator
    /// prints the after-action report, and a chart of some 80 duty lanes ran over the page break, cut through its lanes.
    /// </summary>
    private static void Chart(StringBuilder sb, DrillReport report)
    {
        // The axis is the drill itself. A duty due after its end (a daily continuation report) is drawn too, owed to the axis's end, with a
        // mark past it (演练结束时尚未到期): it was left out, in the table only, and a facilitator missed what the plan still asked.
        var minutes = Math.Max(1, report.Overview.Minutes);
        var duties = report.Duties;
        double X(int minute) => PlotLeft + ((PlotRight - PlotLeft) * (double)Math.Clamp(minute, 0, minutes) / minutes);

        // Numbers in time order, injects before actions at the same minute (as the steps run).
        var injects = report.Timeline.Where(t => t.Lane == "inject").ToList();
        var numbered = injects.Select((t, i) => (t.Minute, Lane: 0, Index: i))
            .Concat(report.Actions.Select((a, i) => (a.Minute, Lane: 1, Index: i)))
            .OrderBy(k => k.Minute).ThenBy(k => k.Lane).ThenBy(k => k.Index).ToList();
        var injectNo = new int[injects.Count];
        var actionNo = new int[report.Actions.Count];
        for (var n = 0; n < numbered.Count; n++)
        {
            (numbered[n].Lane == 0 ? injectNo : actionNo)[numbered[n].Index] = n + 1;
        }

        var injectRows = Stagger(injects.Select(t => X(t.Minute)));
        var actionRows = Stagger(report.Actions.Select(a => X(a.Minute)));
        var hasLevels = report.ResponseLevels.Count > 0;

        var parts = new List<(StringBuilder Lanes, StringBuilder Labels, StringBuilder Plot, int Height, List<TextBox> Texts)>();
        var lanes = new StringBuilder();
        var labels = new StringBuilder();
        var plot = new StringBuilder();
        var y = 26;
        var lane = 0;
        // Where each text of the plot is written on this part (a mark's number, a verdict beside a duty, a level's name, a +N): the close
        // line leaves a gap there rather than cross it, on every part alike.
        var texts = new List<TextBox>();

        void Lane(string name, int laneHeight)
        {
            if (lane++ % 2 == 1)
            {
                lanes.Append("<rect x=\"0\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(ChartWidth)).Append("\" height=\"").Append(N(laneHeight)).Append("\" fill=\"#f6f7f8\"/>\n");
            }

            var shown = Fit(name, LabelBudget);
            labels.Append("<text class=\"lane-label\" x=\"").Append(N(LabelX)).Append("\" y=\"").Append(F(y + (laneHeight / 2.0) + 4)).Append("\">").Append(E(shown));
            if (shown != name)
            {
                labels.Append("<title>").Append(E(name)).Append("</title>");
            }

            labels.Append("</text>\n");
        }

        // A part of the chart is done: the next lanes go on a part of their own, under the same time axis.
        void Break()
        {
            parts.Add((lanes, labels, plot, y + 8, texts));
            (lanes, labels, plot, y, lane, texts) = (new StringBuilder(), new StringBuilder(), new StringBuilder(), 26, 0, []);
        }

        if (hasLevels)
        {
            const int levelHeight = 34;
            Lane("响应级别", levelHeight);
            Levels(plot, texts, report.ResponseLevels, X, minutes, y);
            y += levelHeight;
        }

        if (report.Warnings.Count > 0)
        {
            // One row per warning of the drill (a yellow and then an orange for the same fog are two), each band from its issue to its lift.
            var rows = report.Warnings.Select(w => w.Warning).Distinct().Order().ToList();
            var warningHeight = Math.Max(34, 12 + (rows.Count * 18));
            Lane("预警", warningHeight);
            Warnings(plot, texts, report.Warnings, rows, X, minutes, y);
            y += warningHeight;
        }

        var injectHeight = Math.Max(LaneHeight, 8 + ((injectRows.Rows + (injectRows.More ? 1 : 0)) * SubRow));
        Lane("情景注入", injectHeight);
        for (var i = 0; i < injects.Count; i++)
        {
            if (injectRows.Row[i] < 0)
            {
                continue;
            }

            var t = injects[i];
            var (cx, cy) = (X(t.Minute), y + 4 + (injectRows.Row[i] * SubRow) + 21);
            Number(plot, texts, cx, cy, injectNo[i]);
            plot.Append("<circle class=\"inject\" cx=\"").Append(F(cx)).Append("\" cy=\"").Append(N(cy)).Append("\" r=\"5\" fill=\"").Append(Blue).Append("\"><title>")
                .Append(E($"{injectNo[i]}. {t.Offset} {t.What}")).Append("</title></circle>\n");
        }

        More(plot, texts, injectRows.Row, i => X(injects[i].Minute), i => injectNo[i], i => injects[i].Offset, y + 4 + (injectRows.Rows * SubRow) + 21);
        y += injectHeight;
        var actionHeight = Math.Max(LaneHeight, 8 + ((actionRows.Rows + (actionRows.More ? 1 : 0)) * SubRow));
        Lane("参演行动", actionHeight);
        for (var i = 0; i < report.Actions.Count; i++)
        {
            if (actionRows.Row[i] < 0)
            {
                continue;
            }

            var a = report.Actions[i];
            var (cx, cy) = (X(a.Minute), y + 4 + (actionRows.Row[i] * SubRow) + 21);
            Number(plot, texts, cx, cy, actionNo[i]);
            plot.Append(Mark(a.Verdict, cx, cy, $"class=\"action {a.Verdict}\""))
                .Append("<title>").Append(E($"{actionNo[i]}. {a.Offset} {a.Who}：{a.What}（{a.VerdictText}）")).Append("</title>").Append(Close(a.Verdict)).Append('\n');
        }

        More(plot, texts, actionRows.Row, i => X(report.Actions[i].Minute), i => actionNo[i], i => report.Actions[i].Offset, y + 4 + (actionRows.Rows * SubRow) + 21);
        y += actionHeight;
        foreach (var d in duties)
        {
            // Printed, a part is at most a page tall (PartHeight): a lane that would pass it starts the next part.
            if (y + LaneHeight + 8 > PartHeight && lane > 0)
            {
                Break();
            }

            Lane(d.Duty, LaneHeight);
            Duty(plot, texts, d, X, minutes, report.Overview.ClosedMinute, y + (LaneHeight / 2));
            y += LaneHeight;
        }

        Break();

        // The time axis with a tick every hour (every 10 minutes for short drills), repeated on each part; the close across every lane.
        var step = minutes > 360 ? 120 : minutes > 120 ? 60 : minutes > 40 ? 10 : 5;
        sb.Append("<figure class=\"chart\">\n");
        for (var p = 0; p < parts.Count; p++)
        {
            var (partLanes, partLabels, partPlot, height, partTexts) = parts[p];
            var (id, title) = p == 0 ? ("chart", "演练时间线") : ("chart-" + N(p + 1), $"演练时间线（续，第{N(p + 1)}幅）");
            sb.Append("<div class=\"chart-part\">");
            if (parts.Count > 1)
            {
                sb.Append("<p class=\"chart-page\">").Append(E(p == 0
                        ? $"演练时间线 第1幅，共{N(parts.Count)}幅（职责较多，按页分幅，各幅时间轴相同；每项职责另见下文“信息报告职责”表）"
                        : $"演练时间线 第{N(p + 1)}幅，共{N(parts.Count)}幅（续：信息报告职责）"))
                    .Append("</p>");
            }

            sb.Append("<svg id=\"").Append(id).Append("\" class=\"chart\" role=\"img\" aria-label=\"").Append(E(title)).Append("\" viewBox=\"0 0 ").Append(N(ChartWidth)).Append(' ').Append(N(height))
                .Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n<g class=\"lanes\">\n").Append(partLanes).Append("</g>\n<g class=\"axis\">\n");
            for (var m = 0; m <= minutes; m += step)
            {
                sb.Append("<line x1=\"").Append(F(X(m))).Append("\" y1=\"20\" x2=\"").Append(F(X(m))).Append("\" y2=\"").Append(N(height - 4))
                    .Append("\" stroke=\"#e0e3e7\"/><text x=\"").Append(F(X(m))).Append("\" y=\"14\" text-anchor=\"middle\">")
                    .Append(E(DrillScriptReader.FormatOffset(TimeSpan.FromMinutes(m)))).Append("</text>\n");
            }

            sb.Append("</g>\n");
            if (report.Overview.ClosedMinute is { } closed)
            {
                // The incident closed (终报): no duty is waited for past it. The line stops short of each text it would cross on this part (the
                // number of the 终报's own mark, made at that minute, above all; a verdict written beside a duty): it ran through them, which
                // could not be read, and on every part but the first it crossed them all.
                var at = X(closed);
                var gaps = partTexts.Where(t => t.Left < at && at < t.Right).Select(t => (t.Top, t.Bottom)).OrderBy(g => g.Top).ToList();
                sb.Append("<g class=\"closed\">");
                var from = 20.0;
                foreach (var (top, bottom) in gaps.Append((Top: height - 4.0, Bottom: height - 4.0)))
                {
                    if (top > from)
                    {
                        sb.Append("<line class=\"closed\" x1=\"").Append(F(at)).Append("\" y1=\"").Append(F(from)).Append("\" x2=\"").Append(F(at)).Append("\" y2=\"")
                            .Append(F(top)).Append("\" stroke=\"").Append(Purple).Append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 2 1 2\"><title>")
                            .Append(E($"事件关闭 {report.Overview.ClosedAt}")).Append("</title></line>");
                    }

                    from = Math.Max(from, bottom);
                }

                sb.Append("</g>\n");
            }

            sb.Append("<g class=\"labels\">\n").Append(partLabels).Append("</g>\n<g class=\"plot\">\n").Append(partPlot).Append("</g>\n</svg></div>\n");
        }

        Legend(sb, warnings: report.Warnings.Count > 0);
        if (numbered.Count > 0)
        {
            sb.Append("<ol class=\"chart-key\">\n");
            foreach (var (_, laneOf, index) in numbered)
            {
                var no = laneOf == 0 ? injectNo[index] : actionNo[index];
                var text = laneOf == 0
                    ? $"{injects[index].Offset} 注入 {injects[index].What}"
                    : $"{report.Actions[index].Offset} {report.Actions[index].Who}：{report.Actions[index].What}（{report.Actions[index].VerdictText}）";
                sb.Append("<li><b>").Append(N(no)).Append("</b>").Append(E(Shorten(text, 60))).Append("</li>\n");
            }

            sb.Append("</ol>\n");
        }

        sb.Append("</figure>\n");
    }

    /// <summary>
    /// Puts each mark of a lane (x in time order) on the first row where it keeps <see cref="MarkGap"/> from the one before, a new row when
    /// none does; with <see cref="MaxSubRows"/> rows taken, on none (row -1: counted by <see cref="More"/>). The same marks give the same rows.
    /// Before, a seventh mark in one place went onto a row already holding one there and hid it.
    /// </summary>
    private static (int[] Row, int Rows, bool More) Stagger(IEnumerable<double> xs)
    {
        var last = new List<double>();
        var rows = new List<int>();
        var more = false;
        foreach (var x in xs)
        {
            var row = last.FindIndex(l => x - l >= MarkGap);
            if (row < 0 && last.Count < MaxSubRows)
            {
                last.Add(double.NegativeInfinity);
                row = last.Count - 1;
            }

            if (row < 0)
            {
                more = true;
            }
            else
            {
                last[row] = x;
            }

            rows.Add(row);
        }

        return ([.. rows], Math.Max(1, last.Count), more);
    }

    /// <summary>
    /// The marks a lane had no row left for (row -1), counted in a row of their own at <paramref name="cy"/>: a +N where the first of them
    /// is, standing for it and those within <see cref="MoreSlot"/> after it, so no two +N overlap; its title says which numbers it stands for,
    /// each listed under the chart.
    /// </summary>
    private static void More(StringBuilder plot, List<TextBox> texts, int[] rows, Func<int, double> x, Func<int, int> number, Func<int, string> offset, int cy)
    {
        var groups = new List<(double X, List<int> Marks)>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] >= 0)
            {
                continue;
            }

            if (groups.Count > 0 && x(i) - groups[^1].X < MoreSlot)
            {
                groups[^1].Marks.Add(i);
            }
            else
            {
                groups.Add((x(i), [i]));
            }
        }

        foreach (var (at, marks) in groups)
        {
            var numbers = marks.Select(number).ToList();
            var (from, to) = (offset(marks[0]), offset(marks[^1]));
            var shown = string.Join("、", numbers.Take(12).Select(N)) + (numbers.Count > 12 ? "等" : "");
            var more = "+" + N(numbers.Count);
            Text(plot, texts, "more", at, cy + 4, Beside.Centred, 0, Width(more), TextSize.Note, more,
                $"另有{numbers.Count}项（{from}{(from == to ? "" : "–" + to)}）未能逐一画出：编号{shown}，见图下列表").Append('\n');
        }
    }

    /// <summary>How wide a mark's number is: 9px digits, about 5 units each, with a little room either side.</summary>
    private static double NumberWidth(int no) => (N(no).Length * 5.6) + 4;

    /// <summary>A mark's number, centred above it.</summary>
    private static void Number(StringBuilder plot, List<TextBox> texts, double cx, int cy, int no) =>
        Text(plot, texts, "mark-no", cx, cy - 10, Beside.Centred, 0, NumberWidth(no), TextSize.Number, N(no));

    /// <summary>Where a text of the plot is written: across (left to right) and down (top to bottom), in the chart's units.</summary>
    private readonly record struct TextBox(double Left, double Right, double Top, double Bottom);

    /// <summary>Where a text goes against the point it belongs to (a mark, where a band starts): after it, before it (ending there), or centred on it.</summary>
    private enum Beside
    {
        After,
        Before,
        Centred,
    }

    /// <summary>
    /// The sizes the plot writes in (the style above: <c>mark-no</c> 9px; <c>note</c>, <c>level-text</c>, <c>more</c> 10px), each with how far
    /// its text reaches above its baseline and below it, a little room included.
    /// </summary>
    private readonly record struct TextSize(double Rise, double Drop)
    {
        /// <summary>A mark's number, 9px digits.</summary>
        public static TextSize Number => new(10, 3);

        /// <summary>10px text: a CJK font rises about 11.6 above its baseline and goes 2.9 below.</summary>
        public static TextSize Note => new(12, 4);
    }

    /// <summary>The gap between a mark and a note written beside it.</summary>
    private const double NoteGap = 9;

    /// <summary>True when a note fits after <paramref name="x"/>, right of its mark, within the chart; else it is written before it.</summary>
    private static bool NoteFitsAfter(double x, string text) => x + NoteGap + Width(text) <= ChartWidth - 4;

    /// <summary>
    /// Writes a text of the plot on <paramref name="baseline"/>, <paramref name="gap"/> after or before the point <paramref name="x"/> it belongs
    /// to or centred on it, and keeps where it is written (its <see cref="TextBox"/>, for the close line to leave clear): about
    /// <paramref name="width"/> wide and a unit more either side, from its size's rise above the baseline to its drop below it. The one place
    /// a text's box is worked out: each kind of text (a mark's number, a note, a level's name, a +N) did the same sums again.
    /// </summary>
    private static StringBuilder Text(StringBuilder plot, List<TextBox> texts, string cls, double x, int baseline, Beside side, double gap, double width,
        TextSize size, string text, string? title = null)
    {
        var (left, right, at, anchor) = side switch
        {
            Beside.After => (x + (gap - 1), x + (gap + 1) + width, x + gap, ""),
            Beside.Before => (x - (gap + 1) - width, x - (gap - 1), x - gap, " text-anchor=\"end\""),
            _ => (x - (width / 2) - 1, x + (width / 2) + 1, x, " text-anchor=\"middle\""),
        };
        texts.Add(new TextBox(left, right, baseline - size.Rise, baseline + size.Drop));
        plot.Append("<text class=\"").Append(cls).Append("\" x=\"").Append(F(at)).Append("\" y=\"").Append(N(baseline)).Append('"').Append(anchor).Append('>')
            .Append(E(text));
        if (title is not null)
        {
            plot.Append("<title>").Append(E(title)).Append("</title>");
        }

        return plot.Append("</text>");
    }

    /// <summary>The opening of a verdict's mark (its <c>&lt;title&gt;</c> goes between it and <see cref="Close"/>).</summary>
    private static string Mark(string kind, double x, double y, string attributes) => kind switch
    {
        // 合规: a green square.
        "accepted" => $"<rect {attributes} x=\"{F(x - 5)}\" y=\"{F(y - 5)}\" width=\"10\" height=\"10\" fill=\"{Green}\">",
        // 越权: a red triangle.
        "unauthorised" => $"<path {attributes} d=\"M{F(x)} {F(y - 6)}L{F(x + 6)} {F(y + 5)}L{F(x - 6)} {F(y + 5)}Z\" fill=\"{Red}\">",
        // 被拒绝: a purple hollow square struck through.
        "refused" => $"<path {attributes} d=\"M{F(x - 5)} {F(y - 5)}h10v10h-10ZM{F(x - 5)} {F(y + 5)}L{F(x + 5)} {F(y - 5)}\" fill=\"#fff\" stroke=\"{Purple}\" stroke-width=\"2\">",
        // 按时: a green disc.
        "on-time" => $"<circle {attributes} cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"5\" fill=\"{Green}\">",
        // 迟报 (逾时运抵, 逾时完成): an amber diamond.
        "late" => $"<path {attributes} d=\"M{F(x)} {F(y - 6)}L{F(x + 6)} {F(y)}L{F(x)} {F(y + 6)}L{F(x - 6)} {F(y)}Z\" fill=\"{Amber}\">",
        // 未报（逾期）: a black cross.
        "missed" => $"<path {attributes} d=\"M{F(x - 5)} {F(y - 5)}L{F(x + 5)} {F(y + 5)}M{F(x - 5)} {F(y + 5)}L{F(x + 5)} {F(y - 5)}\" fill=\"none\" stroke=\"{Black}\" stroke-width=\"2.5\">",
        // 已报, a duty without a fixed time: a teal tick.
        "met-untimed" => $"<path {attributes} d=\"M{F(x - 5)} {F(y)}L{F(x - 1.5)} {F(y + 4)}L{F(x + 5)} {F(y - 5)}\" fill=\"none\" stroke=\"{Teal}\" stroke-width=\"2.5\">",
        // When a duty was raised: a hollow ring.
        "raised" => $"<circle {attributes} cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"#fff\" stroke=\"{Grey}\" stroke-width=\"1.5\">",
        // A response proposed or declined: a hollow diamond.
        "proposal" => $"<path {attributes} d=\"M{F(x)} {F(y - 5)}L{F(x + 5)} {F(y)}L{F(x)} {F(y + 5)}L{F(x - 5)} {F(y)}Z\" fill=\"#fff\" stroke=\"{Blue}\" stroke-width=\"1.5\">",
        _ => $"<circle {attributes} cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{Grey}\">",
    };

    private static string Close(string kind) => kind switch
    {
        "accepted" => "</rect>",
        "on-time" or "raised" => "</circle>",
        "unauthorised" or "refused" or "late" or "missed" or "met-untimed" or "proposal" => "</path>",
        _ => "</circle>",
    };

    /// <summary>
    /// One duty's lane: raised (ring), its span to the due time (bar, tick; a duty that ended before it, not met, only to when it ended) or, without a fixed time, dashes to when it was met, when it ended
    /// (终止, or the close for one never done: <c>unmet</c>) or, still owed, when the drill ended. A duty never done by the close stops at the
    /// close (<paramref name="closed"/>): its dashes ran on to the drill's end, as if still owed after the incident was closed.
    /// </summary>
    private static void Duty(StringBuilder plot, List<TextBox> texts, DrillDutyResult d, Func<int, double> x, int minutes, int? closed, int y)
    {
        var start = x(d.RaisedMinute);
        const string key = "class=\"duty-start\"";
        // A timed duty that ended, not met, before its due time (a 续报 not yet due when the 终报 closed the incident: 已终止) was never owed
        // up to that time: its span stops where it ended, and it has no due tick (the time was never reached while it was owed).
        var endedEarly = d.MetMinute is null && d.DueMinute is { } owedTill && d.EndedMinute is { } ended && ended < owedTill ? ended : (int?)null;
        // Met, and due only after the drill ended (a daily 续报's first period met at +00:55, due the next day): owed no longer, so its span
        // stops at the mark; it ran on past the close to the axis's end with the chevron of a duty still owed (a drill facilitator's review, D12).
        var metBeforeItsTimeCame = d.MetMinute is { } metEarly && d.DueMinute > minutes ? metEarly : (int?)null;
        if (d.DueMinute is { } due)
        {
            plot.Append("<line class=\"duty-span\" x1=\"").Append(F(start)).Append("\" y1=\"").Append(N(y)).Append("\" x2=\"").Append(F(x(endedEarly ?? metBeforeItsTimeCame ?? due)))
                .Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"#c8ccd1\" stroke-width=\"4\"/>");
            plot.Append(Mark("raised", start, y, key)).Append("<title>").Append(E($"{d.Duty} 起算")).Append("</title>").Append(Close("raised"));
            // Met before its time came, the time is in the duty table; nothing is drawn for a time no longer waited for.
            if (endedEarly is null && metBeforeItsTimeCame is null && due > minutes)
            {
                // Due after the drill ended (a daily 续报 due the next day): owed to the axis's end, a chevron past it says its time is later.
                var end = x(minutes);
                plot.Append("<path class=\"due-later\" d=\"M").Append(F(end + 3)).Append(' ').Append(N(y - 6)).Append('L').Append(F(end + 9)).Append(' ').Append(N(y))
                    .Append('L').Append(F(end + 3)).Append(' ').Append(N(y + 6)).Append("\" fill=\"none\" stroke=\"").Append(Black).Append("\" stroke-width=\"2\"><title>")
                    .Append(E($"{d.Duty} 时限 {d.DueAt}（在演练结束之后，演练结束时尚未到期）")).Append("</title></path>");
            }
            else if (endedEarly is null && due <= minutes)
            {
                plot.Append("<line class=\"due\" x1=\"").Append(F(x(due))).Append("\" y1=\"").Append(N(y - 7)).Append("\" x2=\"").Append(F(x(due)))
                    .Append("\" y2=\"").Append(N(y + 7)).Append("\" stroke=\"").Append(Black).Append("\" stroke-width=\"2\"><title>").Append(E($"{d.Duty} 时限 {d.DueAt}")).Append("</title></line>");
            }
        }
        else
        {
            // Unmet, its verdict is written beside the ring: the dashes start after it.
            var from = d.MetMinute is null && NoteFitsAfter(start, d.Note) ? start + 13 + Width(d.Note) : start;
            // Waited for until met, until it ended (终止, the close for one never done), else, still owed, until the drill ended. The work
            // after handling (R 6.4 事故专项报告, C 5.1, N 终止通知) is owed after the close too: its dashes go on.
            // A duty of a party outside the city command (事发单位, 知情人: listed 非演练角色职责, not judged) is not waited for by the drill:
            // no dashes of an owed duty, which ran to the close on every such lane (a drill facilitator's review, D12).
            var until = d.OutsideCommand && d.MetMinute is null ? from
                : d.MetMinute is { } metAt ? x(metAt)
                : d.EndedMinute is { } endedAt ? x(endedAt)
                : d.Verdict == "unmet" && closed is { } closedAt ? x(closedAt)
                : d.Verdict == "ended" ? from : x(minutes);
            if (until > from)
            {
                plot.Append("<line class=\"duty-wait\" x1=\"").Append(F(from)).Append("\" y1=\"").Append(N(y)).Append("\" x2=\"").Append(F(until))
                    .Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"#9aa0a6\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
            }

            plot.Append(Mark("raised", start, y, key)).Append("<title>").Append(E($"{d.Duty} 起算（无具体时限）")).Append("</title>").Append(Close("raised"));
        }

        var kind = d.Verdict switch { "on-time" or "late" or "met-untimed" => d.Verdict, _ => d.MetMinute is null ? d.Verdict : "met-untimed" };
        if (d.MetMinute is { } met)
        {
            if (d.DueMinute is { } late && met > late)
            {
                // How late: from the due time to when it was met.
                plot.Append("<line class=\"overdue-span\" x1=\"").Append(F(x(late))).Append("\" y1=\"").Append(N(y)).Append("\" x2=\"").Append(F(x(met)))
                    .Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"").Append(Amber).Append("\" stroke-width=\"2\"/>");
            }

            plot.Append(Mark(kind, x(met), y, $"class=\"duty {kind}\"")).Append("<title>").Append(E($"{d.Duty} {d.MetAt}（{d.VerdictText}）")).Append("</title>").Append(Close(kind));
        }
        else
        {
            // Not met: where it fell due (a cross), where it ended before its due time, or, without a fixed time, said beside where it was raised.
            var at = endedEarly is { } endedAt ? x(endedAt) : d.DueMinute is { } dueAt ? x(dueAt) : start;
            if (d.Verdict == "missed")
            {
                plot.Append(Mark("missed", at, y, "class=\"duty missed\"")).Append("<title>").Append(E($"{d.Duty} {d.DueAt}（{d.VerdictText}）")).Append("</title>").Append(Close("missed"));
            }

            var cls = d.Verdict is "missed" or "unmet" || d.Overtaken ? "note missed" : "note";
            if (d.DueMinute is null)
            {
                // Without a fixed time the note is beside the ring and the dashes start after it.
                Note(plot, texts, d.Note, at, y, cls);
            }
            else
            {
                // Past everything drawn on the lane (the cross, the tick, the chevron past the axis's end), else before the ring where it was
                // raised. Written before its cross when it did not fit after (演练结束时未到期 near the end, 未报（逾期） at +12:00 of 13 hours),
                // it lay over the lane's own bar and ring (session 46, finding 7), unreadable in black-and-white print.
                var reach = endedEarly is null && d.DueMinute > minutes ? x(minutes) + 9 : at + 6;
                var width = Width(d.VerdictText);
                if (reach + 3 + width <= ChartWidth - 4)
                {
                    Text(plot, texts, cls, reach, y + 4, Beside.After, 3, width, TextSize.Note, d.VerdictText);
                }
                else if (start - NoteGap - width >= PlotLeft)
                {
                    Text(plot, texts, cls, start, y + 4, Beside.Before, NoteGap, width, TextSize.Note, d.VerdictText);
                }
                else
                {
                    Note(plot, texts, d.VerdictText, at, y, cls);
                }
            }
        }

        plot.Append('\n');
    }

    /// <summary>A short text beside a mark: to its right, or to its left near the plot's right edge.</summary>
    private static void Note(StringBuilder plot, List<TextBox> texts, string text, double x, int y, string cls) =>
        Text(plot, texts, cls, x, y + 4, NoteFitsAfter(x, text) ? Beside.After : Beside.Before, NoteGap, Width(text), TextSize.Note, text);

    /// <summary>The response lane: each level in force as a band (a darker fill the higher the level, its name written in it), each
    /// termination a bar, each proposal or decline a hollow diamond above.</summary>
    private static void Levels(StringBuilder plot, List<TextBox> texts, IReadOnlyList<DrillResponseChange> changes, Func<int, double> x, int minutes, int top)
    {
        (int From, string? Level, string? Code)? open = null;
        void Band(int to)
        {
            if (open is not { } o)
            {
                return;
            }

            var (x1, x2) = (x(o.From), x(to));
            var fill = o.Code switch { "I" => "#6f9be6", "II" => "#9dbcf0", "III" => "#c5d7f6", _ => "#e3ebf9" };
            plot.Append("<rect class=\"level\" data-level=\"").Append(E(o.Level ?? "")).Append("\" x=\"").Append(F(x1)).Append("\" y=\"").Append(N(top + 15))
                .Append("\" width=\"").Append(F(Math.Max(2, x2 - x1))).Append("\" height=\"14\" fill=\"").Append(fill).Append("\" stroke=\"").Append(Black)
                .Append("\" stroke-width=\"0.6\"><title>").Append(E($"{o.Level}响应 {DrillScriptReader.FormatOffset(TimeSpan.FromMinutes(o.From))}起")).Append("</title></rect>");
            Text(plot, texts, "level-text", x1, top + 26, Beside.After, 3, Width(o.Level ?? ""), TextSize.Note, o.Level ?? "").Append('\n');
            open = null;
        }

        foreach (var c in changes)
        {
            switch (c.Change)
            {
                case "activate" or "adjust":
                    Band(c.Minute);
                    open = (c.Minute, c.Level, c.Code);
                    break;
                case "terminate":
                    Band(c.Minute);
                    plot.Append("<line class=\"level-end\" x1=\"").Append(F(x(c.Minute))).Append("\" y1=\"").Append(N(top + 12)).Append("\" x2=\"").Append(F(x(c.Minute)))
                        .Append("\" y2=\"").Append(N(top + 32)).Append("\" stroke=\"").Append(Black).Append("\" stroke-width=\"3\"><title>").Append(E($"{c.Offset} {c.Text}"))
                        .Append("</title></line>");
                    Note(plot, texts, "终止", x(c.Minute), top + 18, "note");
                    plot.Append('\n');
                    break;
                default:
                    plot.Append(Mark("proposal", x(c.Minute), top + 7, $"class=\"level-proposal {c.Change}\"")).Append("<title>").Append(E($"{c.Offset} {c.Text}"))
                        .Append("</title>").Append(Close("proposal")).Append('\n');
                    break;
            }
        }

        Band(minutes);
    }

    /// <summary>The fill of a warning's band: its colour (R 4.4.1), or a neutral grey for a warning without colours (C 3.2.2).</summary>
    private static string WarningFill(string? colour) => colour switch { "red" => "#d93025", "orange" => "#f29b38", "yellow" => "#f6d94a", _ => "#b9bdc2" };

    /// <summary>
    /// The warning lane: each warning at each colour as a band of that colour from its issue (or the adjustment to it) to its lift (or the next
    /// adjustment, or the drill's end), its name written on it; a lift marked by a bar, as a termination is on the level lane (s54 F8: the
    /// warnings in force were drawn nowhere).
    /// </summary>
    private static void Warnings(StringBuilder plot, List<TextBox> texts, IReadOnlyList<DrillWarningSpan> spans, List<int> rows, Func<int, double> x, int minutes, int top)
    {
        foreach (var w in spans)
        {
            var row = top + 8 + (rows.IndexOf(w.Warning) * 18);
            var (x1, x2) = (x(w.Minute), x(w.EndedMinute ?? minutes));
            var until = w.Ended switch { "lift" => $"，{w.EndedOffset}解除", "adjust" => $"，{w.EndedOffset}调整", _ => "，演练结束时仍在发布" };
            plot.Append("<rect class=\"warning\" data-colour=\"").Append(E(w.Colour ?? "")).Append("\" x=\"").Append(F(x1)).Append("\" y=\"").Append(N(row))
                .Append("\" width=\"").Append(F(Math.Max(2, x2 - x1))).Append("\" height=\"14\" fill=\"").Append(WarningFill(w.Colour)).Append("\" stroke=\"").Append(Black)
                .Append("\" stroke-width=\"0.6\"><title>").Append(E($"{w.Name}：{w.Offset}发布（{w.Who}）{until}")).Append("</title></rect>");
            Text(plot, texts, "warning-text", x1, row + 11, Beside.After, 3, Width(w.Name), TextSize.Note, w.Name).Append('\n');
            if (w.Ended == "lift")
            {
                plot.Append("<line class=\"warning-lift\" x1=\"").Append(F(x2)).Append("\" y1=\"").Append(N(row - 2)).Append("\" x2=\"").Append(F(x2))
                    .Append("\" y2=\"").Append(N(row + 16)).Append("\" stroke=\"").Append(Black).Append("\" stroke-width=\"3\"><title>").Append(E($"{w.EndedOffset} 解除{w.Name}"))
                    .Append("</title></line>\n");
            }
        }
    }

    /// <summary>Every kind of mark the chart draws, with the same shape and colour.</summary>
    private static void Legend(StringBuilder sb, bool warnings)
    {
        sb.Append("<figcaption class=\"legend\">");
        foreach (var (kind, name) in (ReadOnlySpan<(string, string)>)[
            ("level", "响应级别（色越深级别越高）"), ("level-end", "响应终止"), ("proposal", "响应建议／不同意"),
            ("warning", "预警（按颜色，发布至解除；竖线为解除）"),
            ("inject", "情景注入"), ("accepted", "合规行动"), ("unauthorised", "越权（未执行）"), ("refused", "被拒绝"),
            ("raised", "职责起算"), ("span", "起算至时限；时限前已终止的止于终止，时限在演练结束之后而已报送的止于报送（均无时限刻度）"), ("due", "时限"), ("due-later", "时限在演练结束之后（演练结束时尚未到期）"), ("overdue", "时限后至报送（逾时）"),
            ("wait", "无具体时限的职责：起算至报送；未报的至终止、事件关闭或演练结束"), ("closed", "事件关闭（此后不再计待报）"),
            ("on-time", "按时"), ("late", "迟报／逾时"), ("missed", "未报（逾期）"), ("met-untimed", "已报（无具体时限）")])
        {
            if (kind == "warning" && !warnings)
            {
                // Only a chart with a warning lane keys it.
                continue;
            }

            sb.Append("<span class=\"key\" data-kind=\"").Append(kind).Append("\"><svg viewBox=\"-7 -7 14 14\" aria-hidden=\"true\">");
            sb.Append(kind switch
            {
                "level" => $"<rect x=\"-7\" y=\"-4\" width=\"14\" height=\"8\" fill=\"#9dbcf0\" stroke=\"{Black}\" stroke-width=\"0.6\"/>",
                "level-end" => $"<line x1=\"0\" y1=\"-6\" x2=\"0\" y2=\"6\" stroke=\"{Black}\" stroke-width=\"3\"/>",
                "warning" => $"<rect x=\"-7\" y=\"-4\" width=\"14\" height=\"8\" fill=\"{WarningFill("orange")}\" stroke=\"{Black}\" stroke-width=\"0.6\"/>",
                "inject" => $"<circle cx=\"0\" cy=\"0\" r=\"5\" fill=\"{Blue}\"/>",
                "due" => $"<line x1=\"0\" y1=\"-6\" x2=\"0\" y2=\"6\" stroke=\"{Black}\" stroke-width=\"2\"/>",
                "due-later" => $"<path d=\"M-3 -6L3 0L-3 6\" fill=\"none\" stroke=\"{Black}\" stroke-width=\"2\"/>",
                "span" => "<line x1=\"-7\" y1=\"0\" x2=\"7\" y2=\"0\" stroke=\"#c8ccd1\" stroke-width=\"4\"/>",
                "overdue" => $"<line x1=\"-7\" y1=\"0\" x2=\"7\" y2=\"0\" stroke=\"{Amber}\" stroke-width=\"2\"/>",
                "wait" => "<line x1=\"-7\" y1=\"0\" x2=\"7\" y2=\"0\" stroke=\"#9aa0a6\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
                "closed" => $"<line x1=\"0\" y1=\"-7\" x2=\"0\" y2=\"7\" stroke=\"{Purple}\" stroke-width=\"1.5\" stroke-dasharray=\"6 2 1 2\"/>",
                _ => Mark(kind, 0, 0, "class=\"icon\"") + Close(kind),
            });
            sb.Append("</svg>").Append(E(name)).Append("</span>");
        }

        sb.Append("</figcaption>\n");
    }

    /// <summary>About how wide a text is at 11px: a Chinese character or full-width sign a whole em, anything else at most 7px.</summary>
    private static double Width(string text)
    {
        double w = 0;
        foreach (var r in text.EnumerateRunes())
        {
            w += Wide(r) ? 11 : 7;
        }

        return w;
    }

    private static bool Wide(Rune r) => r.Value >= 0x2E80 || (r.Value >= 0x2000 && r.Value < 0x2070) || (r.Value >= 0x2460 && r.Value < 0x2800);

    /// <summary>The name cut with … to fit the label column.</summary>
    private static string Fit(string name, double budget)
    {
        if (Width(name) <= budget)
        {
            return name;
        }

        var cut = new StringBuilder();
        double w = 11; // the …
        foreach (var r in name.EnumerateRunes())
        {
            w += Wide(r) ? 11 : 7;
            if (w > budget)
            {
                break;
            }

            cut.Append(r.ToString());
        }

        return cut.Append('…').ToString();
    }

    private static string Shorten(string text, int runes)
    {
        var all = text.EnumerateRunes().ToList();
        return all.Count <= runes ? text : string.Concat(all.Take(runes - 1).Select(r => r.ToString())) + "…";
    }

    private static void Dl(StringBuilder sb, string name, string value) =>
        sb.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Table(StringBuilder sb, string id, (string Name, int Percent)[] headers, IEnumerable<string?[]> rows, Func<string?[], string?> rowClass) =>
        Table(sb, id, headers, rows.Select(r => (r, rowClass(r))));

    /// <summary>The first day of the drill, as its start is written (2026-12-03 05:40 → 2026-12-03).</summary>
    private static string Day(string start) => start.Length >= 10 ? start[..10] : start;

    /// <summary>
    /// A clock time as a table cell says it: the time alone on the drill's first day (05:48), the month and day on another (12-04 05:40), the
    /// whole of it in another year. The page says the date once, in 演练时间.
    /// </summary>
    internal static string Clock(string at, string day) =>
        at.Length > day.Length + 1 && at.StartsWith(day, StringComparison.Ordinal) && at[day.Length] == ' ' ? at[(day.Length + 1)..]
        : at.Length > 5 && day.Length >= 5 && at[..5] == day[..5] ? at[5..]
        : at;

    /// <summary>
    /// A table with fixed column widths (percentages summing to 100): laid out automatically, a long 依据 or 说明 took the page's width
    /// and left 结论 and names one character a line on A4.
    /// </summary>
    private static void Table(StringBuilder sb, string id, (string Name, int Percent)[] headers, IEnumerable<(string?[] Cells, string? Class)> rows,
        string?[]? columns = null)
    {
        sb.Append("<table id=\"").Append(id).Append("\">\n<colgroup>");
        foreach (var (_, percent) in headers)
        {
            sb.Append("<col style=\"width:").Append(N(percent)).Append("%\">");
        }

        sb.Append("</colgroup>\n<thead><tr>");
        foreach (var (h, _) in headers)
        {
            sb.Append("<th>").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var (r, cls) in rows)
        {
            sb.Append(cls is null ? "<tr>" : $"<tr class=\"{cls}\">");
            for (var i = 0; i < r.Length; i++)
            {
                sb.Append(columns is not null && i < columns.Length && columns[i] is { } column ? $"<td class=\"{column}\">" : "<td>").Append(E(r[i] ?? "")).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
}
