using System.Globalization;
using System.Text;
using System.Xml;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Drills;

/// <summary>
/// What could still raise an undetermined grade at a moment, as the plan names it: figures of the grade table not given
/// (<paramref name="Unknown"/>: 重伤, 直接经济损失（万元）), and people whose number was given but whose fate is unknown
/// (<paramref name="FateUnknown"/>: 失联1人（下落未明，可能计入死亡）).
/// </summary>
internal sealed record GradeUnknowns(IReadOnlyList<string> Unknown, IReadOnlyList<string> FateUnknown)
{
    public static readonly GradeUnknowns None = new([], []);
}

/// <summary>
/// Scores a finished run: each duty, action and expectation gets a verdict (pass or fail, never a partial
/// score), and every problem found a corrective action (纠正措施).
/// </summary>
internal sealed class Evaluation(
    DrillScript script,
    DecisionEngine engine,
    IncidentView final,
    Func<string, (DateTimeOffset RaisedAt, DateTimeOffset? EndedAt)?> dutyTimes,
    Func<string, (DateTimeOffset? MetAt, DateTimeOffset? EndedAt, string? EndedReason, bool EndedUnmet)?> dutyOutcome,
    DrillClockTexts texts,
    IReadOnlyList<DrillTimelineEntry> timeline,
    IReadOnlyList<TimeSpan> timelineAt,
    IReadOnlyList<DrillActionResult> actions,
    IReadOnlyList<(TimeSpan At, string? Grade, bool Determined, string? Level)> assessed,
    IReadOnlyList<(TimeSpan At, ResponseLevel Level, string Role, ResponseLevel? From, bool Adjusted)> activations,
    IReadOnlyList<(TimeSpan At, string? Colour)> issued,
    IReadOnlyList<TimeSpan> terminations,
    IReadOnlyList<(TimeSpan At, int Line, string What, string Why)> refusedInjects,
    (TimeSpan Since, WarningResult Warning)? warningCalled,
    Func<TimeSpan, GradeUnknowns> unknownsAt,
    IReadOnlyList<DrillWarningSpan> warnings)
{
    private static readonly string[] LaneOrder = ["inject", "action", "engine"];

    /// <summary>The plan version the drill's incident is judged under: its names for the posts (roleNames) name the participants' roles.</summary>
    private Plan Plan => field ??= engine.Resolve(script.PlanId, script.Start + script.Incident.OccurredAt);

    // Duties as people name them (DutyWords), by key, for those named again (a problem's duty, an expectation's): the duty table, the problems
    // and the expectations say each alike.
    private readonly Dictionary<string, DutyName> _said = new(StringComparer.Ordinal);

    // The plan's act of each duty the problems name (by key): a report that carries a proposal or a notice says so in its corrective action.
    private readonly Dictionary<string, string?> _acts = new(StringComparer.Ordinal);

    // The duties (by key) whose instances made a duty-on-time or duty-met expectation fail, by expectation id: a failure that only repeats
    // a late or missed duty is listed once, with the duty (A5).
    private readonly Dictionary<string, List<string>> _failedDuties = new(StringComparer.Ordinal);

    // The duties (by key) owed without a due time and never done: ended unmet by the close, or still owed when the drill ended (verdict `unmet`).
    private readonly HashSet<string> _unmet = new(StringComparer.Ordinal);

    // For a duty expectation naming a later instance's key that never came: the duty's code and how many instances of it came.
    private readonly Dictionary<string, (string Code, int Given)> _unreached = new(StringComparer.Ordinal);

    // For a grade-at expectation that failed only because the grade was undetermined: the figures still unknown that could raise it.
    private readonly Dictionary<string, (string Figures, string What)> _unknownFigures = new(StringComparer.Ordinal);

    /// <param name="yaml">The script's text, whose hash names the run.</param>
    /// <param name="cancellationToken">Stops waiting for the timeline built on the other core.</param>
    public async Task<DrillReport> ReportAsync(string yaml, CancellationToken cancellationToken)
    {
        var plan = Plan;
        // The timeline reads only what the run recorded and the final view, and says its times with clock texts of its own: it is built on
        // the other core while the duties, expectations and problems are judged here (a million-inject drill's timeline is millions of
        // entries, about a third of the report's time at the end).
        var periodBegan = PeriodsBegan();
        var entries = Task.Run(() => Timeline(new DrillClockTexts(script.Start.Offset), periodBegan), cancellationToken);
        var duties = Duties(periodBegan);
        var expectations = script.Expectations.Select(Evaluate).ToList();
        var objectives = script.Objectives.Select(o =>
        {
            var met = o.Expectations.All(id => expectations.First(e => e.Id == id).Passed);
            return new DrillObjectiveResult(o.Id, o.Text, o.Expectations, met, met ? "达成" : "未达成");
        }).ToList();

        var overview = new DrillOverview(
            script.Title, plan.Id, plan.Metadata.Title, plan.Metadata.DocumentNumber,
            texts.At(script.Start), texts.At(script.Start + script.End),
            DrillScriptReader.FormatOffset(script.End).TrimStart('+'), (int)script.End.TotalMinutes, script.Scope,
            script.File.Length == 0 ? script.Title : script.File, DrillRunner.Hash(yaml),
            $"{Where.Of(final.County, final.Place)}，{final.Nature}",
            [.. script.Participants.Select(p => new DrillParticipantLine(p.Id, p.Name, p.Role, plan.RoleNames.Of(p.Role)))],
            final.Assessment?.Grade is { } g ? GradeText(GradeOf(g.Value), g.Determined, g.Label) : "—",
            Held() is { } held ? Names.Chinese(held) : "未启动",
            final.Response.State == "Active" && final.Response.Level is { } l && Names.TryParseLevel(l, out var level)
                // A higher level proposed while this one is in force (N 5.2.2) and not yet decided is said, not left out.
                ? $"{Names.Chinese(level)}响应进行中" + (Names.TryParseLevel(final.Response.ProposedLevel, out var pending) ? $"（已提出启动{Names.Chinese(pending)}响应的建议，未决定）" : "")
                : Chinese(final.Response.State),
            // Every action of the script is in the run's actions, once: the rest of its steps are injects (a million-step script is not walked twice).
            script.Steps.Count - actions.Count,
            actions.Count)
        {
            GradeTerm = plan.GradeTerm,
            LevelCalledFor = final.Assessment?.Response.Label ?? "未达到响应条件",
            FinalLevelText = LevelLine(),
            Command = CommandLines(),
            Warnings = WarningLine(),
        };
        // When the incident closed (终报 with the response ended or never activated), within the drill. An incident closes once and stays
        // closed (ReportingState.Closed permits nothing): an open one has no close to look for, a closed one's is near the end.
        if (!final.Open && LastOfType(final.Timeline, "incident-closed") is { } closed && closed.At <= script.Start + script.End)
        {
            overview = overview with { ClosedAt = texts.At(closed.At), ClosedMinute = (int)Math.Max(0, (closed.At - script.Start).TotalMinutes) };
        }

        var problems = Problems(duties, expectations);
        // Awaited, not waited for: a drill posted to the service does not hold a thread of its pool while the other works.
        return new DrillReport(overview, await entries.ConfigureAwait(false), duties, actions, expectations, objectives, problems);
    }

    /// <summary>The last action of <paramref name="kind"/> accepted, or null (the actions are values: a default one is not "none").</summary>
    private static DrillActionResult? LastAccepted(IReadOnlyList<DrillActionResult> actions, string kind)
    {
        for (var i = actions.Count - 1; i >= 0; i--)
        {
            if (actions[i].Kind == kind && actions[i].Verdict == "accepted")
            {
                return actions[i];
            }
        }

        return null;
    }

    private static TimelineEntry? LastOfType(IReadOnlyList<TimelineEntry> timeline, string type)
    {
        for (var i = timeline.Count - 1; i >= 0; i--)
        {
            if (timeline[i].Type == type)
            {
                return timeline[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The level activated (in force, or ended) and, when it differs, the level the plan's conditions reached: 启动Ⅲ级（按预案条件应为Ⅱ级）. The
    /// overview said the level the figures called for alone (预案响应 Ⅱ级；响应已终止) when only Ⅲ was activated, which read as if Ⅱ had been.
    /// A level the conditions called for earlier in the drill and no longer do at its end (the trapped rescued: C 4.3.2(1)② counts those the
    /// accident caused to be trapped) was read as a level above the plan's, 启动Ⅱ级（预案条件为Ⅲ级）, for a decision right when it was made
    /// (exploratory review D2, session 49): it now says both, 启动Ⅱ级（预案条件最高为Ⅱ级，最终为Ⅲ级）.
    /// </summary>
    private string LevelLine()
    {
        var held = Held();
        ResponseLevel? called = final.Assessment?.Response.Level is { } c && Names.TryParseLevel(c, out var cv) ? cv : null;
        ResponseLevel? highest = null;
        foreach (var (_, _, _, level) in assessed)
        {
            if (level is { } text && Names.TryParseLevel(text, out var then) && (highest is null || then > highest))
            {
                highest = then;
            }
        }

        return (held, called) switch
        {
            ({ } a, { } b) when a == b => Names.Chinese(a),
            ({ } a, { } b) when b > a => $"{Reached(a)}（按预案条件应为{Names.Chinese(b)}）",
            ({ } a, { } b) when highest is { } h && h >= a => $"{Reached(a)}（预案条件最高为{Names.Chinese(h)}，最终为{Names.Chinese(b)}）",
            ({ } a, { } b) => $"{Reached(a)}（预案条件为{Names.Chinese(b)}）",
            ({ } a, null) => $"{Reached(a)}（未达到预案响应条件）",
            (null, { } b) => $"未启动（按预案条件应为{Names.Chinese(b)}）",
            _ => "未达到响应条件",
        };
    }

    /// <summary>
    /// How the level held came to be in force, from the response's latest activation: 启动Ⅲ级, or 启动Ⅳ级，提高为Ⅲ级 when adjustments took it from the
    /// level activated (R 5.7 调整响应级别; C 4.4 可视情提高或降低). The line said 启动Ⅲ级 for a Ⅲ reached by raising Ⅳ, a level nobody activated, while
    /// the actions and the level lane said the adjustment (facilitator review F5).
    /// </summary>
    private string Reached(ResponseLevel held)
    {
        var decisions = final.Response.Decisions;
        for (var i = decisions.Count - 1; i >= 0; i--)
        {
            if (decisions[i].Trigger != nameof(ResponseTrigger.Activate))
            {
                continue;
            }

            if (Names.TryParseLevel(decisions[i].Level, out var activated) && activated != held)
            {
                return $"启动{Names.Chinese(activated)}，{(held > activated ? "提高" : "降低")}为{Names.Chinese(held)}";
            }

            break;
        }

        return $"启动{Names.Chinese(held)}";
    }

    /// <summary>
    /// 演练概况's command rows (<see cref="DrillOverview.Command"/>). The chain on site was told only entry by entry in the timeline, and the plan's
    /// first commander nowhere (exploratory review D8); a handover recorded after the response ended is marked so, where the plan provides only
    /// for handing command to the superior headquarters while it responds.
    /// </summary>
    private List<DrillOverviewLine> CommandLines()
    {
        var lines = new List<DrillOverviewLine>();
        if (final.OnSiteCommand is { } onSite)
        {
            var ended = final.Response.State == "Terminated" ? final.Response.Decisions.LastOrDefault(d => d.Trigger == "Terminate")?.At : null;
            var chain = new StringBuilder(onSite.Handovers.Count > 0 ? onSite.Handovers[0].From : onSite.CommandedBy).Append("（先期处置）");
            foreach (var h in onSite.Handovers)
            {
                chain.Append(" → ").Append(h.TakenBy).Append('（').Append(DrillScriptReader.FormatOffset(h.HappenedAt - script.Start))
                    .Append(h.HappenedAt >= ended ? "，响应终止后" : "").Append('）');
            }

            lines.Add(new("现场指挥", chain.Append(onSite.Handovers.Count == 0 ? "，未记录现场指挥权移交" : "").Append('（').Append(onSite.Clause).Append('）').ToString()));
        }

        if (final.Assessment is { } a)
        {
            // The first commander on site is the chain's first link above; the assessment's own line for it would say it twice.
            if (a.Command is { } command && command.Scope != CommandScopes.OnSite)
            {
                lines.Add(Line(CommandTexts.Command(command)));
            }

            if (OnSiteHeadquartersLine(a) is { } headquarters)
            {
                lines.Add(headquarters);
            }

            lines.AddRange(a.LeadPlans.Select(lead => Line(CommandTexts.LeadPlan(lead))));
        }

        return lines;

        static DrillOverviewLine Line((string Label, string Text) said) => new(said.Label, said.Text);
    }

    /// <summary>
    /// 演练概况's row on the city's on-site headquarters (R 2.4, C 2.2), at the level activated (else the level the plan's conditions reached):
    /// that the plan lets the headquarters be set up there as needed, and whether the drill recorded it (a handover of command on site to a
    /// 现场指挥部, C 4.2). It printed the plan's 130-character quote under 现场指挥 as if the headquarters stood, though R 2.4 says
    /// "市指挥部根据应急工作需要可临时成立" and nobody set one up; and under construction it bore the same label as the handover chain (a drill
    /// facilitator's review, s54 F9).
    /// </summary>
    private DrillOverviewLine? OnSiteHeadquartersLine(AssessmentResponse a)
    {
        var held = Held();
        var (headquarters, level) = Plan.OnSiteHeadquartersAt(held) is { } atHeld
            ? (atHeld, held)
            : (a.OnSiteHeadquarters, Names.TryParseLevel(a.Response.Level, out var called) ? called : (ResponseLevel?)null);
        if (headquarters is null || level is null)
        {
            return null;
        }

        // Both plans set it up as the work needs (R 2.4 根据应急工作需要可临时成立, C 2.2 根据……处置的需要设立).
        var may = headquarters.Words.Contains("需要", StringComparison.Ordinal) ? "可视需要成立" : "应成立";
        var recorded = final.OnSiteCommand?.Handovers.FirstOrDefault(h => h.TakenBy.Contains("现场指挥部", StringComparison.Ordinal));
        var said = recorded is { } r
            ? $"{DrillScriptReader.FormatOffset(r.HappenedAt - script.Start)}已成立（现场指挥权移交{r.TakenBy}，{final.OnSiteCommand!.Clause}）"
            : "演练中未记录成立";
        return new($"现场指挥部（{headquarters.Clause}）", $"{Names.Chinese(level.Value)}{(held is null ? "（按预案条件）" : "")}{may}；{said}");
    }

    /// <summary>
    /// A problem's reference to the clause it comes from: 预案 5.3.3(1), or the document a clause of another document names itself by (晋市政发〔2026〕1号
    /// (十九), the city's 2026 safety and emergency work notice, which is no 预案: it read 预案 晋市政发〔2026〕1号 (十九), review D13).
    /// </summary>
    private static string Reference(string clause) => Citation.Of("预案", clause);

    /// <summary>The level activated by the end (in force, or ended); null when none was.</summary>
    private ResponseLevel? Held() =>
        final.Response.State is "Active" or "Terminated" && final.Response.Level is { } h && Names.TryParseLevel(h, out var hv) ? hv : null;

    private static string Chinese(string responseState) => responseState switch
    {
        "NotActivated" => "未启动响应",
        "Proposed" => "已提出响应建议，未决定",
        "Terminated" => "响应已终止",
        _ => responseState,
    };

    private DrillTimelineEntry[] Timeline(DrillClockTexts clock, IReadOnlyDictionary<string, DateTimeOffset> periodBegan)
    {
        // What the engine did in return: duties raised, escalation recommendations, duties missed at their due time. One walk of the incident's
        // timeline, then one array for the drill's own entries and these, sorted in place: a million-inject drill's report holds millions, and
        // each further walk or copy of them (the engine's entries listed apart, then joined, then copied out of the sort) cost as much again.
        var end = script.Start + script.End;
        var engine = new List<(TimeSpan Offset, DrillTimelineEntry Entry)>();
        Dictionary<string, ObligationView>? missed = null;
        var cited = new Dictionary<string, string>(StringComparer.Ordinal);
        var raisedLate = RaisedAfterTheirPeriodBegan(periodBegan);
        foreach (var t in final.Timeline)
        {
            // A duty ended by a participant's step (灾情稳定 recorded, the 终报, the end of the response) is said where it ended, as one the
            // engine ended is: the period of the N 4.1.5 zero report raised at the 灾情稳定 row, with no row saying it ended, read as raised by it
            // (drill review s60 F9).
            if (!FromEngine(t, end) && !(t.Type == "obligation-cancelled" && t.At <= end))
            {
                continue;
            }

            var when = t.Type == "obligation-overdue" ? MissedAt(t, periodBegan, ref missed)
                : t.Type == "obligation-raised" && raisedLate.Count > 0 ? PeriodBeganAt(t, raisedLate)
                : t.At;
            var offset = when - script.Start;
            offset = offset < TimeSpan.Zero ? TimeSpan.Zero : offset;
            // One text per clause cited, not one per entry.
            string? rule = null;
            if (t.Rule is { } r && !cited.TryGetValue(r, out rule))
            {
                cited[r] = rule = "依据 " + r;
            }

            engine.Add((offset, new DrillTimelineEntry(clock.Offset(offset), clock.At(when), (int)offset.TotalMinutes, "engine",
                t.Type == "obligation-overdue" ? "时限" : "系统", t.Summary, rule, null)));
        }

        // By the exact time (a step at +00:30:30 comes after one at +00:30), then lane, then as recorded: one sort of plain keys, each
        // naming its entry (the run's, then the engine's), and the entries put in that order once. The entries are values of 64 bytes;
        // sorting them with the keys moved each many times.
        var keys = new (long Ticks, int Lane, int Order)[timeline.Count + engine.Count];
        for (var i = 0; i < timeline.Count; i++)
        {
            keys[i] = (timelineAt[i].Ticks, Array.IndexOf(LaneOrder, timeline[i].Lane), i);
        }

        var lane = Array.IndexOf(LaneOrder, "engine");
        for (var j = 0; j < engine.Count; j++)
        {
            var n = timeline.Count + j;
            keys[n] = (engine[j].Offset.Ticks, lane, n);
        }

        Array.Sort(keys);
        var entries = new DrillTimelineEntry[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            var order = keys[k].Order;
            entries[k] = order < timeline.Count ? timeline[order] : engine[order - timeline.Count].Entry;
        }

        return entries;
    }

    /// <summary>
    /// When a duty missed (到时未报) is placed in the timeline: at its due time, not when the incident's view records the miss (the later of the due
    /// time and when the duty was raised: a period of a repeating duty is raised by the 续报 that ends the period before it, hours after it
    /// began, and its miss read at that 续报). A period is raised when it began. A due time counted from the occurrence that an occurrence-time
    /// inject moved into the past was missed when that inject made it so: a row 到时未报 before the correction that set the deadline read as a
    /// miss nobody could have known of.
    /// </summary>
    private DateTimeOffset MissedAt(TimelineEntry t, IReadOnlyDictionary<string, DateTimeOffset> periodBegan, ref Dictionary<string, ObligationView>? missed)
    {
        // The duty the entry names: the view says a miss as 名称，应于…前报告，到时未报 (IncidentReader.Overdue), a text per duty and due time.
        missed ??= final.Obligations.Where(o => o.DueAt is { } d && (o.MetAt is null || o.MetAt > d))
            .Select(o => (Text: Overdue(o), Duty: o)).DistinctBy(x => x.Text, StringComparer.Ordinal)
            .ToDictionary(x => x.Text, x => x.Duty, StringComparer.Ordinal);
        if (!missed.TryGetValue(t.Summary, out var duty) || duty.DueAt is not { } due)
        {
            return t.At;
        }

        var raised = periodBegan.TryGetValue(duty.Key, out var began) ? began : dutyTimes(duty.Key)?.RaisedAt ?? t.At;
        var at = raised > due ? raised : due;
        if (duty.Start == "occurrence")
        {
            // The occurrence as each accepted correction left it; the due time counts a fixed span from the last.
            var corrections = Corrections;
            var occurred = script.Incident.OccurredAt;
            var span = corrections.Count == 0 ? TimeSpan.Zero : due - (script.Start + corrections[^1].OccurredAt!.Value);
            foreach (var c in corrections)
            {
                var correctedAt = script.Start + c.At;
                // Not missed before this correction (not yet due, or met by the due time then), past after it: missed when the control cell
                // said when it really happened (a phone report on time for 14:40 is late for 14:30 once the occurrence moves to 14:00).
                var dueBefore = script.Start + occurred + span;
                var missedBefore = dueBefore < correctedAt && (duty.MetAt is not { } met || met > dueBefore);
                if (!missedBefore && at < correctedAt && script.Start + c.OccurredAt!.Value + span < correctedAt)
                {
                    at = correctedAt;
                    break;
                }

                occurred = c.OccurredAt!.Value;
            }
        }

        return at;
    }

    /// <summary>
    /// The periods of repeating duties recorded after their period began (raised by the next command's catching up: N 4.1.5's 零报告第2期,
    /// beginning when 第1期 fell due at +24:00, recorded by the 灾情稳定 step at +27:00), by when they were recorded: each period's name as the
    /// timeline begins its entry, and when its period began. Empty for most drills.
    /// </summary>
    private Dictionary<DateTimeOffset, List<(string Said, DateTimeOffset Began)>> RaisedAfterTheirPeriodBegan(IReadOnlyDictionary<string, DateTimeOffset> periodBegan)
    {
        var late = new Dictionary<DateTimeOffset, List<(string, DateTimeOffset)>>();
        foreach (var (key, began) in periodBegan)
        {
            if (dutyTimes(key)?.RaisedAt is { } recorded && began < recorded && final.Obligations.FirstOrDefault(o => o.Key == key) is { } duty)
            {
                (late.TryGetValue(recorded, out var list) ? list : late[recorded] = []).Add((duty.Said().Full + "，", began));
            }
        }

        return late;
    }

    /// <summary>
    /// Where a period's <c>obligation-raised</c> entry stands in the timeline: when its period began (the period before it falling due, a row
    /// 到时未报 of that one at the same time), not when a later step recorded it (s60 F9). Any other entry stands where it was recorded.
    /// </summary>
    private static DateTimeOffset PeriodBeganAt(TimelineEntry t, Dictionary<DateTimeOffset, List<(string Said, DateTimeOffset Began)>> raisedLate)
    {
        if (raisedLate.TryGetValue(t.At, out var list))
        {
            foreach (var (said, began) in list)
            {
                if (t.Summary.StartsWith(said, StringComparison.Ordinal))
                {
                    return began;
                }
            }
        }

        return t.At;
    }

    /// <summary>The occurrence-time injects the incident took, in order: looked for once, not for every missed duty of a long drill.</summary>
    private List<DrillStep> Corrections => field ??= OccurrenceCorrections();

    // A loop, not a filter whose refusal test closed over each step: that was an object for every step of the script.
    private List<DrillStep> OccurrenceCorrections()
    {
        var taken = new List<DrillStep>();
        foreach (var s in script.Steps)
        {
            if (s.Kind == DrillKinds.OccurrenceTime && s.OccurredAt is not null && !Refused(s.Line))
            {
                taken.Add(s);
            }
        }

        return taken;
    }

    private bool Refused(int line)
    {
        foreach (var r in refusedInjects)
        {
            if (r.Line == line)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A missed duty as the incident's view says it: <c>…，应于2026-03-01 08:30前报告，到时未报</c>.</summary>
    private static string Overdue(ObligationView o) => IncidentReader.Overdue(o.Said(), o.DueAt!.Value);

    private static bool FromEngine(TimelineEntry t, DateTimeOffset end) => (t.Actor == "engine" || t.Type == "obligation-overdue") && t.At <= end;

    /// <summary>
    /// When each period of a repeating duty began (by key): where the instance before it ended (the same chain, RepeatingDuties.Chain), one
    /// pass. The days of 每日至少续报1次 run back to back, a day each, from the first: its due time moves with each 续报 (a day after the last one
    /// made), its day does not (ADR 0003, 2026-12-05).
    /// </summary>
    private Dictionary<string, DateTimeOffset> PeriodsBegan()
    {
        // When each duty's clock started: its obligation-raised event (dutyTimes, by key).
        // When each period of a repeating duty began: where the instance before it ended (the same chain, RepeatingDuties.Chain), one pass.
        // The days of 每日至少续报1次 run back to back, a day each, from the first: its due time moves with each 续报 (a day after the
        // last one made), its day does not (ADR 0003, 2026-12-05).
        var periodBegan = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var last = new Dictionary<string, (DateTimeOffset End, DateTimeOffset DayEnd, bool Daily)>(StringComparer.Ordinal);
        foreach (var o in final.Obligations)
        {
            if (o.Every is null || o.DueAt is not { } due)
            {
                continue;
            }

            var chain = RepeatingDuties.Chain(o.Code);
            var daily = Plan.DutyRule(o.Code, o.Clause, o.Words)?.RunsFromReport == true;
            var every = XmlConvert.ToTimeSpan(o.Every);
            DateTimeOffset? began = null;
            if (last.TryGetValue(chain, out var before))
            {
                began = daily && before.Daily ? before.DayEnd : before.End < due ? before.End : null;
            }

            if (began is { } b)
            {
                periodBegan.TryAdd(o.Key, b);
            }

            // The next period runs from this one's report when it was made within it, else from its due time; the next day from this day's end.
            last[chain] = (RepeatingDuties.PeriodEnd(due, o.MetAt, daily)!.Value, (began ?? due - every) + every, daily);
        }

        return periodBegan;
    }

    private List<DrillDutyResult> Duties(Dictionary<string, DateTimeOffset> periodBegan)
    {
        var end = script.Start + script.End;
        // Each duty's instance among those of its code and clause, in the order raised (DutyName.Listed), and of its county for a duty owed per
        // county (N 5.6): 高平市's first is its first, not the second of the code.
        var instances = new Dictionary<(string Code, string Clause, string? County), int>();
        return [.. final.Obligations.Select(o =>
        {
            var instance = instances[(o.Code, o.Clause, o.County)] = instances.GetValueOrDefault((o.Code, o.Clause, o.County)) + 1;
            // Named here once; kept (below) only for the duties the problems name again (late, missed, unmet), the expectations asking
            // through Said: a dictionary of every duty of a long drill was a copy of the whole list.
            var said = o.Said();
            var outside = OutsideCommand(o.Code);
            // The first report's time for a duty the timeline shows no raising of. A period of a repeating duty that passed unmet
            // started when its period began (the due time of the instance before it), though it is recorded by a later step, or
            // only shown when none came after.
            var times = dutyTimes(o.Key);
            var at = times?.RaisedAt ?? default;
            var raised = (times is not null, periodBegan.TryGetValue(o.Key, out var began)) switch
            {
                (true, true) => began < at ? began : at,
                (true, false) => at,
                (false, true) => began,
                _ => script.Start + script.Incident.ReportedAt,
            };
            var (verdict, text) = o.Status switch
            {
                // Owed by a party outside the city command (获悉…的单位、公民, 事发单位, a county body): listed, never judged (ADR 0003).
                _ when outside => ("outside", "非演练角色职责（不计入评估）"),
                // 立即 or 及时 without a figure: the plan gives no time to be late by, so it is not said 按时 (a 立即续报 made 19 hours
                // after the casualties changed read 按时); how long it took is said, for the evaluators to judge.
                // The times looked up above serve: a second look-up a duty was a third of the duty table's time at a million injects.
                "met-on-time" when o.DueAt is null => ("met-untimed", $"已{said.Done}（{NoLimit(o)}；{Took(o, times?.RaisedAt)}）"),
                "met-on-time" => ("on-time", "按时"),
                // Due before it arose (C 4.1(二) 事发后30分钟, the report reaching the office at +00:45): 迟报 by the letter, and the row says
                // the time had passed when the office learned of it (s60 F5), as the 直报 raised late says 需报告时该时限已过.
                "met-late" when o.DueAt is { } pastDue && pastDue <= raised && o.MetAt is { } lateAt => ("late", $"{said.Late}（{PastDueWhenRaised(raised, pastDue, lateAt, said.Done)}）"),
                "met-late" => ("late", said.Late),
                "overdue" => ("missed", $"{said.NotDone}（逾期）"),
                // Owed and never done when the 终报 closed the incident (a 立即续报 nobody made, the office's proposal never made): not
                // 已终止, which read as no longer required.
                "ended" when o.EndedAs == ObligationEntry.EndedUnmet =>
                    ("unmet", $"{said.NotDone}（{NoLimit(o)}；事件关闭时仍{said.NotDone}）"),
                // Owed and never done until a later decision overtook it (N 5.3.2 "并向市安委会主任报告" owed from the Ⅲ activation, the level
                // raised to Ⅱ two hours on): 已终止, with how long it stood unmet, which Core carries (drill review s60 F1). It read 已终止 alone.
                "ended" when Overtaken(o) is { } span => ("ended", $"已终止（{span}）"),
                "ended" => ("ended", "已终止"),
                // A report made at its due time is on time: a duty due at the drill's end is not yet missed.
                _ when o.DueAt is { } due && due >= end => ("not-yet-due", "演练结束时未到期"),
                // Owed without a due time and never done when the drill ended with the incident still open (a 立即续报 nobody made, the drill
                // ending before any 终报): what the close would end as never done (ADR 0003), so it reads and is listed as the close's `unmet`.
                // Not one raised at the drill's very end, which nobody had a moment to do, nor the work after handling (R 6.4 事故专项报告,
                // C 5.1, N 终止通知), which is owed after the close too and takes longer than a drill.
                _ when OwedAtEnd(o, raised) => ("unmet", $"{said.NotDone}（{NoLimit(o)}；演练结束时仍{said.NotDone}）"),
                _ => ("untimed", $"{said.NotDone}（{NoLimit(o)}）"),
            };
            // Said word for word alike by many duties (每个立即续报 met half a minute after it was raised): one instance kept in the report.
            text = RepeatedTexts.Shared(text);
            if (verdict == "unmet")
            {
                _unmet.Add(o.Key);
            }

            var overtaken = verdict == "ended" && !outside && o.OwedSince is not null && o.EndedAt is not null;
            if (overtaken)
            {
                _overtaken.Add(o.Key);
            }

            if (verdict is "late" or "missed" or "unmet" || overtaken)
            {
                _said[o.Key] = said;
                _acts[o.Key] = o.Act;
            }

            // When a duty that ended (已终止, `unmet` by the close, or a party's outside the command, which the close ends too) stopped being owed:
            // the chart's wait stops there, not at the drill's end.
            var stopped = o.Status == "ended" && times?.EndedAt is { } e && e <= end ? e : (DateTimeOffset?)null;

            return new DrillDutyResult(o.Key, o.Code, o.To, o.Clause, (int)Math.Max(0, (raised - script.Start).TotalMinutes),
                o.DueAt is { } d ? texts.At(d) : null, o.DueAt is { } d2 ? (int)(d2 - script.Start).TotalMinutes : null,
                o.MetAt is { } m ? texts.At(m) : null, o.MetAt is { } m2 ? (int)(m2 - script.Start).TotalMinutes : null,
                verdict, text, said.Listed(instance, o.Every))
            {
                Reporter = o.Reporter,
                County = o.County,
                OutsideCommand = outside,
                EndedAt = stopped is { } s1 ? texts.At(s1) : null,
                EndedMinute = stopped is { } s2 ? (int)Math.Max(0, (s2 - script.Start).TotalMinutes) : null,
                Overtaken = overtaken,
                ChartNote = overtaken ? $"已终止（起算后{Names.ChineseToTheMinute(o.EndedAt!.Value - o.OwedSince!.Value)}仍未{said.Done}）" : null,
            };
        })];
    }

    // The duties (by key) owed and never done until a later decision ended them (Core's owedSince): listed as problems, failing their expectations.
    private readonly HashSet<string> _overtaken = new(StringComparer.Ordinal);

    /// <summary>
    /// For a duty a later decision ended while it was owed and not done (Core's <c>owedSince</c>, drill review s60 F1): how long it stood unmet and
    /// what ended it, 起算后2小时5分仍未报告，+05:45起不再单列：响应已提升为Ⅱ级，该级别不要求此项报告; null for any other duty.
    /// </summary>
    private string? Overtaken(ObligationView duty)
    {
        if (duty is not { Status: "ended", MetAt: null, OwedSince: { } owed, EndedAt: { } ended } || duty.EndedAs != ObligationEntry.EndedNotNeeded)
        {
            return null;
        }

        var reason = dutyOutcome(duty.Key)?.EndedReason;
        return $"起算后{Names.ChineseToTheMinute(ended - owed)}仍未{Said(duty).Done}，{texts.Offset(ended - script.Start)}起不再单列" + (reason is null ? "" : $"：{reason}");
    }

    /// <summary>
    /// True for a duty without a due time still owed, and not done, when the drill ended with the incident open: raised before the end, not work
    /// after handling (<see cref="DutyNames.IsAfterHandling"/>), which is what the close (终报) would end as never done (ADR 0003).
    /// </summary>
    private bool OwedAtEnd(ObligationView o, DateTimeOffset raised) =>
        final.Open && o.DueAt is null && o.MetAt is null && o.Status == "pending" && raised < script.Start + script.End && !DutyNames.IsAfterHandling(o.Start);

    /// <summary>True when the plan gives the duty of <paramref name="code"/> to a party outside the city command (<c>outsideCommand</c>).</summary>
    private bool OutsideCommand(string code)
    {
        // Once a code: every duty of a long drill asks, and the plan's rules were searched each time.
        if (!_outsideCommand.TryGetValue(code, out var outside))
        {
            _outsideCommand[code] = outside = Plan.Obligations.FirstOrDefault(r => r.Code == code)?.OutsideCommand ?? false;
        }

        return outside;
    }

    private readonly Dictionary<string, bool> _outsideCommand = new(StringComparer.Ordinal);

    /// <summary>A duty of the drill incident as people name it (<see cref="DutyWords"/>), once per key.</summary>
    private DutyName Said(ObligationView duty)
    {
        if (!_said.TryGetValue(duty.Key, out var said))
        {
            _said[duty.Key] = said = duty.Said();
        }

        return said;
    }

    private DrillExpectationResult Evaluate(DrillExpectation e)
    {
        var (description, passed, evidence) = e.Kind switch
        {
            DrillKinds.LevelActivated => LevelActivated(e),
            DrillKinds.DutyOnTime => Duty(e, onTime: true),
            DrillKinds.DutyMet => Duty(e, onTime: false),
            DrillKinds.NoUnauthorisedActions => NoUnauthorised(),
            DrillKinds.GradeAt => GradeAt(e),
            DrillKinds.WarningIssued => WarningIssued(e),
            DrillKinds.WarningLifted => WarningLifted(e),
            _ => Terminated(e),
        };
        if (e.Text is not null)
        {
            description = $"{e.Text}（{description}）";
        }

        var notApplicable = _notApplicable.Contains(e.Id);
        return new DrillExpectationResult(e.Id, e.Kind, description, passed, notApplicable ? "不适用" : passed ? "通过" : "未通过", evidence, e.Line)
        {
            NotApplicable = notApplicable,
            NeverArose = _neverArose.Contains(e.Id),
        };
    }

    private (string, bool, string) LevelActivated(DrillExpectation e)
    {
        _ = Names.TryParseLevel(e.Level, out var level);
        var by = DrillScriptReader.FormatOffset(e.By!.Value);
        var who = e.Role is null ? "" : $"由{Plan.RoleNames.Of(e.Role)}";
        var description = $"{by}前{who}启动{Names.Chinese(level)}响应";
        var hit = activations.FirstOrDefault(a => a.Level == level && a.At <= e.By && (e.Role is null || a.Role == e.Role));
        if (hit != default)
        {
            return (description, true, Decided(hit));
        }

        var actual = activations.Count == 0
            ? "演练中未启动任何响应"
            : "实际：" + string.Join("；", activations.Select(Decided));
        return (description, false, actual);
    }

    /// <summary>
    /// A level put in force, when and by whom, said as the incident's events tell it (<see cref="DrillResponseWords"/>): +00:30 由市安委办主任启动Ⅳ级响应,
    /// +01:30 由市安委会副主任调整响应级别，Ⅳ级提高为Ⅲ级响应. Every one read 启动, a raise or a lowering of the level in force too (facilitator review F5).
    /// </summary>
    private string Decided((TimeSpan At, ResponseLevel Level, string Role, ResponseLevel? From, bool Adjusted) a) =>
        $"{DrillScriptReader.FormatOffset(a.At)} 由{Plan.RoleNames.Of(a.Role)}{DrillResponseWords.Decided(a.From, a.Level, a.Adjusted)}";

    private (string, bool, string) Duty(DrillExpectation e, bool onTime)
    {
        // A county named (N 5.6, a duty owed per county): that county's instances alone, whichever their keys (s63 D63-01).
        var duty = e.County is { } named ? Owed(null, e.Duty) is { } any ? OfCounty(any.Code, named).FirstOrDefault() : null : Owed(e.Duty, e.Duty);
        var byCode = !e.Duty!.Contains('#', StringComparison.Ordinal);
        var description = Described(e, duty, onTime, byCode);
        if (duty is null && e.County is { } county && Plan.DutyRule(e.Duty!, null, null) is { } perCounty)
        {
            var list = perCounty.EachCounty == CountyLists.ResponseActivated ? "已启动县级响应的县（市、区）" : "所涉及县（市、区）";
            return (description, false, $"演练中未产生{county}的该项职责（{DutyWords.Said(perCounty)}，{perCounty.Clause}）：该职责按县（市、区）分别产生，{county}未列入{list}");
        }

        if (duty is null)
        {
            // A later instance's key (continuation-report#9, verify-on-request#2) of a duty the incident does have: the code is triggered, only
            // that instance never came (the ninth day, a second request). Said so, not that the incident's grade and circumstances do not
            // trigger the duty.
            var code = DutyNames.CodeOf(e.Duty!);
            if (code.Length < e.Duty!.Length && Owed(null, code) is { } first)
            {
                var given = final.Obligations.Count(o => o.Code == first.Code);
                _unreached[e.Id] = (first.Code, given);
                return (description, false,
                    $"该职责（{(Plan.DutyRule(first.Code, first.Clause, first.Words) is { } rule ? DutyWords.Said(rule) : Said(first).Full)}）在演练中产生了{given}次，第{e.Duty[(code.Length + 1)..]}次未产生：演练结束前未进行到该次（本事件触发该职责，该次未到）");
            }

            var (arose, never) = NeverRaised(e);
            return (description, arose, never);
        }

        // By code, every time the duty came due or was done in the drill: each 立即续报 after a casualty change, each period of a
        // repeating duty. A facilitator who expects "the 续报 on every casualty change" must not see it pass on the first alone.
        // Instances whose time had not come by the end (tomorrow's 续报, one ended by the final report) are not judged. The first
        // instance's key is the code itself, so only a later instance's key (continuation-report#2) names one alone.
        if (byCode)
        {
            // In time order (when met, else due, else raised), each named by its county and, when the instances' clauses differ, its clause
            // (s63 D63-05: 陵川县's and 高平市's instances read as one county's, 01:30 before 00:45).
            var judged = final.Obligations.Where(o => o.Code == e.Duty && (e.County is null || o.County == e.County)
                                                     && (o.Status is "met-on-time" or "met-late" or "overdue" || _unmet.Contains(o.Key) || _overtaken.Contains(o.Key)))
                .OrderBy(o => o.MetAt ?? o.DueAt ?? dutyTimes(o.Key)?.RaisedAt ?? DateTimeOffset.MaxValue).ToList();
            var clauses = judged.Select(o => o.Clause).Distinct(StringComparer.Ordinal).Count() > 1;
            string Which(ObligationView o) => (e.County is null ? o.County : null, clauses ? o.Clause : null) switch
            {
                ({ } c, { } k) => $"（{c}，{k}）",
                ({ } c, null) => $"（{c}）",
                (null, { } k) => $"（{k}）",
                _ => "",
            };
            if (judged.Count > 1)
            {
                var verdicts = judged.Select(o => Judge(o, onTime, description)).ToList();
                // Every instance that failed, each with its own due time and what became of it (第1次：…迟报；第2次：…仍未报): the first alone
                // hid the periods missed after it, which the duty table and the problems list.
                var failed = Enumerable.Range(0, judged.Count).Where(i => !verdicts[i].Item2).ToList();
                if (failed.Count > 0)
                {
                    _failedDuties[e.Id] = [.. failed.Select(i => judged[i].Key)];
                    var said = Said(duty);
                    // An instance without a time (C 4.1(三) "造成伤亡人数发生变化的,应立即续报") fails only by not being made: 未报告, not
                    // 未按时报告 of a deadline the plan does not set (s60 F2).
                    var untimed = failed.All(i => judged[i].DueAt is null);
                    return (description, false, $"共{judged.Count}次，{failed.Count}次{(onTime && !untimed ? $"未按时{said.Done}" : onTime ? $"未{said.Done}" : $"演练结束前{said.NotDone}")}："
                        + string.Join("；", failed.Select(i => $"第{i + 1}次{Which(judged[i])}：{verdicts[i].Item3}")));
                }

                return (description, true, Passed(judged, duty, onTime, Which));
            }

            duty = judged.Count == 1 ? judged[0] : duty;
        }

        if (NoLongerNeeded(duty) is { } ended)
        {
            // The plan stopped requiring it before anything was owed (N 4.1.5 零报告 once the disaster is declared 较大): not a failure of the
            // participants, nor a pass; said when and why (a drill facilitator's review, s54 F3: it read 职责已终止，未报, with a correction about
            // reminders).
            _notApplicable.Add(e.Id);
            return (description, true, $"{ended}；本预期不适用");
        }

        var judgedOne = Judge(duty, onTime, description);
        if (!judgedOne.Item2)
        {
            _failedDuties[e.Id] = [duty.Key];
        }

        return judgedOne;
    }

    // The expectations whose duty the plan stopped requiring before anything was owed: 不适用.
    private readonly HashSet<string> _notApplicable = new(StringComparer.Ordinal);

    /// <summary>
    /// For a duty that ended because it no longer applied (not the close's `unmet`), never met: when and why, in words
    /// (该职责于+06:00因灾害等级核定为较大而不再需要（4.1.5）); null for any other duty.
    /// </summary>
    private string? NoLongerNeeded(ObligationView duty)
    {
        if (duty is not { Status: "ended", MetAt: null } || duty.EndedAs == ObligationEntry.EndedUnmet || _overtaken.Contains(duty.Key)
            || dutyOutcome(duty.Key) is not { EndedAt: { } endedAt, EndedReason: { } reason, EndedUnmet: false })
        {
            return null;
        }

        return DrillDutyEnds.Said(Plan, texts, endedAt - script.Start, reason, duty.Clause, assessed);
    }

    /// <summary>
    /// Why a duty whose code never came at all was not raised. Raised by the grade and circumstances the reports give (事发, 接报: the plan's
    /// conditions on the grade, the level, the facts), it is that the incident's do not trigger it; raised by something that happens (the city's
    /// request, an activation, an arrival, the end of handling…), that this did not happen in the drill, and the corrective action says to
    /// script it (<see cref="_notRaised"/>). Every such key read 本事件的等级与情形不触发它, a second request to verify with none asked too.
    /// </summary>
    private (bool NotApplicable, string Evidence) NeverRaised(DrillExpectation e)
    {
        var code = DutyNames.CodeOf(e.Duty!);
        var rules = Plan.Obligations.Where(r => r.Code == code).ToList();
        // Raised by the grade and circumstances alone (事发, 接报, a calendar date, or a report after another duty that never arose either): the
        // scenario never asked it of anyone, and the players failed nothing. 不适用, named in the plan's words with the clause that sets its
        // condition (C 4.1(三) "…有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门"): it read 未通过, with the raw code and a corrective
        // action to set reminders (a drill facilitator's review, s60 F4).
        bool ByCircumstances(ObligationRule r) => r.Start is DutyStart.Occurrence or DutyStart.Receipt or DutyStart.Calendar
            || r.Start == DutyStart.PreviousReport && (r.After is null || !final.Obligations.Any(o => o.Code == r.After));
        if (rules.Count == 0 || rules.All(ByCircumstances))
        {
            if (rules.Count == 0 || e.Duty!.Contains('#', StringComparison.Ordinal))
            {
                return (false, "演练中未产生该职责（本事件的等级与情形不触发它）");
            }

            _notApplicable.Add(e.Id);
            _neverArose.Add(e.Id);
            var named = string.Join("；", rules.Select(r => $"{DutyWords.Said(r)}，{r.Clause}：“{r.Words}”").Distinct(StringComparer.Ordinal));
            return (true, $"演练中未产生该职责（{named}）：本事件的等级与情形不触发它，参演人员无须履行；本预期不适用");
        }

        var rule = rules.First(r => !ByCircumstances(r));
        var (raisedBy, first) = rule.Start == DutyStart.Activation
            ? ("启动相应级别的响应", "安排有权主体决定启动相应级别的响应")
            : DrillRunner.RaisedByOf(rule.Start);
        var happened = rule.Start switch
        {
            DutyStart.Activation when activations.Count == 0 => "演练中未启动响应",
            DutyStart.Activation => "演练中启动的响应级别不产生它",
            DutyStart.WarningIssued when rule.WarningColour is { } colour => $"演练中未发布{Names.Chinese(colour)}预警",
            _ => $"演练中未出现{raisedBy}",
        };
        _notRaised[e.Id] = (raisedBy, first);
        return (false, $"演练中未产生该职责（{DutyWords.Said(rule)}，{rule.Clause}）：它在{raisedBy}之后产生，{happened}");
    }

    // The expectations whose duty the grade and circumstances of the incident never raised: 不适用, said apart in the conclusion.
    private readonly HashSet<string> _neverArose = new(StringComparer.Ordinal);

    // For a duty expectation whose code never came, raised by something that did not happen in the drill: what raises it and what to do first.
    private readonly Dictionary<string, (string RaisedBy, string First)> _notRaised = new(StringComparer.Ordinal);

    /// <summary>
    /// What a duty expectation asks, in the plan's words: 按时履行 for a duty with a due time; for one the plan gives no time (立即续报, 及时报告),
    /// which is never said 按时, 履行（…，无具体时限，是否及时请评估组判断）, as its evidence says; by code, a repeating duty by its name without
    /// a period (（各期）), since every period is judged. It read 按时履行 and （第1期） for both.
    /// </summary>
    private string Described(DrillExpectation e, ObligationView? duty, bool onTime, bool byCode)
    {
        if (duty is null)
        {
            // A duty that never arose, named in the plan's words (it read 职责 notify-foreign-affairs: the raw code, s60 F4), the instance
            // the key names after it.
            var code = DutyNames.CodeOf(e.Duty!);
            var plain = Plan.DutyRule(code, null, null) is { } rule
                ? $"职责（{DutyWords.Said(rule)}{(code.Length < e.Duty!.Length ? $"，第{e.Duty[(code.Length + 1)..]}次" : "")}）"
                : $"职责 {e.Duty} ";
            return onTime ? $"{plain}按时履行" : $"{plain}在演练结束前履行";
        }

        var named = byCode && duty.Every is not null
            ? $"职责（{DutyWords.Of(duty.To, duty.Act, duty.Start, duty.Words, duty.Key, null).Brief}（各期）：“{duty.Words}”）"
            // A duty owed per county (N 5.6): the county named, or every county's instances (各县（市、区）…（各次）), not the first county's name.
            : e.County is { } county ? $"职责（{DutyWords.Of(duty.To, duty.Act, duty.Start, duty.Words, duty.Key, null, county).Full}）"
            : byCode && duty.County is not null ? $"职责（{DutyWords.Of(duty.To, duty.Act, duty.Start, duty.Words, duty.Key, null, "各县（市、区）").Brief}（各次）：“{duty.Words}”）"
            : $"职责（{Said(duty).Full}）";
        if (!onTime)
        {
            return $"{named}在演练结束前履行";
        }

        var instances = byCode ? final.Obligations.Where(o => o.Code == duty.Code && (e.County is null || o.County == e.County)) : [duty];
        return instances.All(o => o.DueAt is null) ? $"{named}履行（{NoLimit(duty)}，是否及时请评估组判断）" : $"{named}按时履行";
    }

    /// <summary>
    /// The evidence of a duty expectation by code that every instance passed. A duty the plan gives no time (立即续报, 及时报告) is never said
    /// 按时, as a single instance is not: each instance says how long after it was raised it was met, and the evaluators judge whether that was
    /// prompt (共3次，均已报告（立即，无具体时限）：…（起算后2分钟）…：是否及时请评估组判断). It read 共3次，均按时报告.
    /// </summary>
    private string Passed(List<ObligationView> judged, ObligationView duty, bool onTime, Func<ObligationView, string> which)
    {
        var said = Said(duty);
        // Which instance: its county (and clause) before its time, 陵川县 2026-07-28 23:00（起算后0秒）.
        string Named(ObligationView o) => which(o) is { Length: > 2 } w ? $"{w[1..^1]} " : "";
        if (judged.All(o => o.DueAt is not null))
        {
            return $"共{judged.Count}次，均{(onTime ? "按时" : "在演练结束前")}{said.Done}：{string.Join("、", judged.Select(o => Named(o) + texts.At(o.MetAt!.Value)))}";
        }

        // Each instance with its own time: a timed one 按时 (or late, for duty-met), an untimed one how long after it was raised.
        string Each(ObligationView o) => $"{Named(o)}{texts.At(o.MetAt!.Value)}（{(o.DueAt is null ? Took(o) : o.Status == "met-late" ? said.Late : "按时")}）";
        var untimed = judged.First(o => o.DueAt is null);
        var limit = judged.All(o => o.DueAt is null) ? $"（{NoLimit(untimed)}）" : "";
        return $"共{judged.Count}次，均{(onTime ? "已" : "在演练结束前")}{said.Done}{limit}：{string.Join("、", judged.Select(Each))}"
               + (limit.Length > 0 ? "：是否及时请评估组判断" : $"：其中无具体时限的（{NoLimit(untimed)}）是否及时请评估组判断");
    }

    /// <summary>
    /// A duty without a due time, as the report says it: its time word (立即，无具体时限; 规定时限内（本预案未写明），无具体时限), or, when its
    /// words carry none (N 5.3.2 "并向市安委会主任报告"), 本预案未写明时限: the plan does not say 及时 (ADR 0003).
    /// </summary>
    private static string NoLimit(ObligationView duty) =>
        Names.IsUnstated(duty.Timing, duty.Words) ? Names.UnstatedPlain : $"{Names.ChineseTiming(duty.Timing, duty.Words)}，无具体时限";

    /// <summary>How long after it was raised a duty without a due time was met (起算后1小时5分), as the evaluators judge its promptness.</summary>
    private string Took(ObligationView duty) => Took(duty, dutyTimes(duty.Key)?.RaisedAt);

    /// <summary>
    /// For a duty whose due time had passed when it arose, met at <paramref name="met"/>: 接报时已超过时限（+00:45接报，时限+00:30）；接报后5分钟报告
    /// when it arose at the receipt, 该职责产生时已超过时限（+01:10产生，时限+00:30）；产生后5分钟报告 otherwise.
    /// </summary>
    private string PastDueWhenRaised(DateTimeOffset raised, DateTimeOffset due, DateTimeOffset met, string done)
    {
        var (when, after) = raised - script.Start == script.Incident.ReportedAt ? ("接报", "接报") : ("该职责产生", "产生");
        var took = met > raised ? $"{after}后{Names.Chinese(met - raised)}{done}" : $"{after}即{done}";
        return $"{when}时已超过时限（{texts.Offset(raised - script.Start)}{after}，时限{texts.Offset(due - script.Start)}）；{took}";
    }

    /// <summary>As <see cref="Took(ObligationView)"/>, for a duty raised at <paramref name="raisedAt"/> (null: no command raised it).</summary>
    private static string Took(ObligationView duty, DateTimeOffset? raisedAt) =>
        raisedAt is { } raised && duty.MetAt is { } met && met >= raised
            ? $"起算后{Names.Chinese(met - raised)}"
            : "起算时间不明";

    /// <summary>One instance of a duty against a duty-on-time (or duty-met) expectation: passed, and the evidence.</summary>
    private (string, bool, string) Judge(ObligationView duty, bool onTime, string description)
    {
        var said = Said(duty);
        var due = duty.DueAt is { } d ? $"时限 {texts.At(d)}" : Names.IsUnstated(duty.Timing, duty.Words) ? Names.UnstatedPlain : "无具体时限";
        // 无具体时限（立即）, or for a duty whose words carry no time word 本预案未写明时限 alone.
        string Due(ObligationView o) => Names.IsUnstated(o.Timing, o.Words) ? due : $"{due}（{Names.ChineseTiming(o.Timing, o.Words)}）";
        return duty.Status switch
        {
            "met-on-time" when duty.DueAt is null => (description, true,
                $"{Due(duty)}，{texts.At(duty.MetAt!.Value)} {said.Done}，{Took(duty)}：是否及时请评估组判断"),
            "met-on-time" => (description, true, $"{due}，{texts.At(duty.MetAt!.Value)} {said.Done}，按时"),
            "met-late" => (description, !onTime, $"{due}，{texts.At(duty.MetAt!.Value)} {said.Done}，{said.Late}"),
            "overdue" => (description, false, $"{due}，演练结束时仍{said.NotDone}"),
            "ended" when duty.EndedAs == ObligationEntry.EndedUnmet => (description, false, $"{due}，事件关闭时仍{said.NotDone}"),
            // A party's duty outside the city command that the control cell was to play and nobody recorded (ADR 0003 #77).
            "ended" when duty.EndedAs == ObligationEntry.EndedUnrecorded => (description, false, $"{due}，事件关闭时未记录"),
            // Owed, never done, then overtaken by a later decision (N 5.3.2, 5.3.3(1)): the participants' omission, not 不适用 (s60 F1).
            "ended" when Overtaken(duty) is { } span => (description, false, $"{Due(duty)}，{span}"),
            _ when _unmet.Contains(duty.Key) => (description, false, $"{Due(duty)}，演练结束时仍{said.NotDone}"),
            "ended" => (description, false, $"职责已终止，{said.NotDone}"),
            _ => (description, false, $"{due}，演练结束时{said.NotDone}"),
        };
    }

    private (string, bool, string) NoUnauthorised()
    {
        // Passes when no action was refused for lack of authority; an action refused for another reason (被拒绝) is neither
        // unauthorised nor "within authority": it did not happen, and the evidence says so.
        var bad = actions.Where(a => a.Verdict == "unauthorised").ToList();
        if (bad.Count > 0)
        {
            return ("无越权行为", false, string.Join("；", bad.Select(a => $"{a.Offset} {a.Who}：{a.What}")));
        }

        var accepted = actions.Count(a => a.Verdict == "accepted");
        var refused = actions.Count - accepted;
        return ("无越权行为", true, (accepted, refused) switch
        {
            (0, 0) => "演练中没有参演人员的行动",
            (_, 0) => $"{accepted} 项行动均在权限内",
            _ => $"无越权行动：{accepted} 项行动在权限内执行，{refused} 项因其他原因被拒绝（见问题与纠正措施）",
        });
    }

    private (string, bool, string) GradeAt(DrillExpectation e)
    {
        var grade = DrillScriptReaderGrade(e.Grade!);
        var at = e.At!.Value;
        var description = $"{DrillScriptReader.FormatOffset(at)} 时研判为{Names.Chinese(grade)}";
        var index = assessed.Count - 1;
        while (index >= 0 && assessed[index].At > at)
        {
            index--;
        }

        var snapshot = index >= 0 ? assessed[index] : default;
        if (snapshot == default || snapshot.Grade is null)
        {
            // Natural disaster: no table to judge by; the grade is the competent department's (declaredGrade), and none was reported.
            return (description, false, Plan.Grade is null ? $"该时刻尚无认定的{Plan.GradeTerm}：本预案不设分级标准，{Plan.GradeTerm}以主管部门的认定为准" : "该时刻尚无等级研判结果");
        }

        var actual = GradeOf(snapshot.Grade);
        // Said at the expectation's time, with since when that result stood: every step records the assessment, so the last step before `at` (a
        // dispatch order, a fulfil-duty) named a time when nothing was assessed (s60 F8: +06:30 后的研判结果 for a grade declared at +06:00).
        var since = index;
        while (since > 0 && assessed[since - 1].Grade == snapshot.Grade && assessed[since - 1].Determined == snapshot.Determined)
        {
            since--;
        }

        var said = $"{DrillScriptReader.FormatOffset(at)} 时的研判结果（{DrillScriptReader.FormatOffset(assessed[since].At)}起）：{GradeText(actual, snapshot.Determined, snapshot.Grade)}";
        // R3: an undetermined grade is "at least G", not G: no grade-at passes while figures that could raise it are unknown.
        if (snapshot.Determined)
        {
            return (description, actual == grade, said);
        }

        // Undetermined (R3): say which figures are still unknown, so the evaluators see whether the participants or the script left them out.
        var (unknown, fateUnknown) = unknownsAt(snapshot.At);
        if (unknown.Count == 0 && fateUnknown.Count == 0)
        {
            return (description, false, said + "，等级尚未确定");
        }

        // People reported missing (失联1人) are counted, not unknown: what is unknown is whether they are dead (ADR 0003 #32).
        var parts = new List<string>(fateUnknown);
        if (unknown.Count > 0)
        {
            parts.Add($"{string.Join("、", unknown)}未知（注入和报告均未给出）");
        }

        var figures = string.Join("；", parts);
        var what = fateUnknown.Count > 0 ? "这些人员的下落和数字" : "这些数字";
        _unknownFigures[e.Id] = (figures, what);
        return (description, false, $"{said}，等级尚未确定：{figures}，{what}可能提高等级");
    }

    /// <summary>A grade as people read it; an undetermined one (R3) says so, and the grade it is reported as.</summary>
    private static string GradeText(Grade? grade, bool determined, string fallback)
    {
        if (grade is not { } g)
        {
            return fallback;
        }

        if (determined)
        {
            return Names.Chinese(g);
        }

        // The engine's own rule for what an undetermined grade is reported as (at least 较大).
        var reportedAs = new GradeResult(g, Determined: false, g, [], Declared: false).ForReporting;
        return reportedAs == g ? $"{Names.Chinese(g)}（未确定）" : $"{Names.Chinese(g)}（未确定，按{Names.Chinese(reportedAs)}报告）";
    }

    private static Grade DrillScriptReaderGrade(string text) => text switch
    {
        "一般" or "ordinary" => Grade.Ordinary,
        "较大" or "relatively-serious" => Grade.RelativelySerious,
        "重大" or "serious" => Grade.Serious,
        _ => Grade.EspeciallySerious,
    };

    private static Grade? GradeOf(string value) => Enum.GetValues<Grade>().Cast<Grade?>().FirstOrDefault(g => Names.Of(g!.Value) == value);

    private (string, bool, string) WarningIssued(DrillExpectation e)
    {
        // Without a colour (construction 3.2.2: its warnings have none) any warning issued by then passes.
        var description = $"{DrillScriptReader.FormatOffset(e.By!.Value)}前发布{DrillKinds.WarningNamed(e.Colour)}";
        var hit = issued.FirstOrDefault(i => (e.Colour is null || i.Colour == e.Colour) && i.At <= e.By);
        return hit != default
            ? (description, true, $"{DrillScriptReader.FormatOffset(hit.At)} 发布{DrillKinds.WarningNamed(hit.Colour)}")
            : (description, false, issued.Count == 0 ? "演练中未发布预警" : "实际：" + string.Join("；", issued.Select(i => $"{DrillScriptReader.FormatOffset(i.At)} 发布{DrillKinds.WarningNamed(i.Colour)}")));
    }

    /// <summary>
    /// A warning (of the colour named, where the plan's warnings have colours) lifted at or before <c>by</c> (R 4.6 谁发布、谁解除, C 3.2.4): judged on
    /// the warnings' time in force, as the chart draws it. An adjustment to another colour is no lift: the warning stays in force.
    /// </summary>
    private (string, bool, string) WarningLifted(DrillExpectation e)
    {
        var name = DrillKinds.WarningNamed(e.Colour);
        var description = $"{DrillScriptReader.FormatOffset(e.By!.Value)}前解除{name}";
        var named = warnings.Where(w => e.Colour is null || w.Colour == e.Colour).ToList();
        var lifted = named.Where(w => w.Ended == "lift").ToList();
        if (lifted.FirstOrDefault(w => w.To <= e.By) is { } hit)
        {
            return (description, true, $"{hit.EndedOffset} 解除{hit.Name}（{hit.Offset}发布）");
        }

        if (named.Count == 0)
        {
            return (description, false, $"演练中未发布{name}");
        }

        return (description, false, string.Join("；", named.Select(w => w.Ended switch
        {
            "lift" => $"{w.Name}{w.Offset}发布，{w.EndedOffset}才解除",
            "adjust" => $"{w.Name}{w.Offset}发布，{w.EndedOffset}调整为其他颜色，未解除",
            _ => $"{w.Name}{w.Offset}发布，演练结束时仍在发布",
        })));
    }

    /// <summary>
    /// 演练概况's 预警 row: each warning as it was issued (who approved it), adjusted and lifted, 橙色预警：+00:20发布（市指挥部指挥长批准），+04:10解除; or
    /// 未发布预警. Null for a plan without warnings. The overview said nothing of the warnings (a drill facilitator's review, s54 F8).
    /// </summary>
    private string? WarningLine()
    {
        if (Plan.Warnings is null)
        {
            return null;
        }

        if (warnings.Count == 0)
        {
            return "未发布预警";
        }

        return string.Join("；", warnings.Select(w =>
            $"{w.Name}：{w.Offset}{(w.How == "adjust" ? "调整为此级" : "发布")}（{w.Who}），"
            + w.Ended switch { "lift" => $"{w.EndedOffset}解除", "adjust" => $"{w.EndedOffset}调整", _ => "演练结束时仍在发布" }));
    }

    private (string, bool, string) Terminated(DrillExpectation e)
    {
        var description = $"{DrillScriptReader.FormatOffset(e.By!.Value)}前终止响应";
        var hit = terminations.Where(t => t <= e.By).Cast<TimeSpan?>().FirstOrDefault();
        return hit is { } t
            ? (description, true, $"{DrillScriptReader.FormatOffset(t)} 终止响应")
            : (description, false, terminations.Count == 0 ? "演练中未终止响应" : $"{DrillScriptReader.FormatOffset(terminations[0])} 才终止响应");
    }

    private List<DrillFinding> Problems(IReadOnlyList<DrillDutyResult> duties, IReadOnlyList<DrillExpectationResult> expectations)
    {
        var found = new List<(int Minute, int Rank, string Category, string Problem, string Action, string Reference)>();
        // A failed expectation that only repeats a problem listed on its own (a late or missed duty, the 越权 actions) is not listed again:
        // the duty's or action's problem names the expectation it fails, so 发现问题 N 项 counts distinct problems.
        var folded = ProposalsFoldedIntoProcedure(duties);
        var listedDuties = duties.Where(d => d.Verdict is "late" or "missed" or "unmet" || d.Overtaken && !folded.Contains(d.Key)).Select(d => d.Key)
            .ToHashSet(StringComparer.Ordinal);
        var linkedDuties = new Dictionary<string, List<DrillExpectation>>(StringComparer.Ordinal);
        var linkedActions = new List<DrillExpectation>();
        foreach (var e in expectations.Where(e => !e.Passed))
        {
            var written = script.Expectations.First(x => x.Id == e.Id);
            if (_failedDuties.TryGetValue(e.Id, out var keys) && keys.Count > 0 && keys.All(listedDuties.Contains))
            {
                foreach (var key in keys)
                {
                    (linkedDuties.TryGetValue(key, out var list) ? list : linkedDuties[key] = []).Add(written);
                }

                continue;
            }

            if (written.Kind == DrillKinds.NoUnauthorisedActions && actions.Any(a => a.Verdict == "unauthorised"))
            {
                linkedActions.Add(written);
                continue;
            }

            var correction = written.CorrectiveAction
                             ?? (_unknownFigures.TryGetValue(e.Id, out var unknown)
                                 ? $"等级未能确定，因为{unknown.Figures}：参演人员向现场核实{unknown.What}并及时续报；演练脚本如需判定等级，应在注入中给出{unknown.What}"
                                 : _unreached.TryGetValue(e.Id, out var unreached)
                                     ? $"核对预期所写的职责键 {written.Duty}：演练中该职责只产生了{unreached.Given}次（{unreached.Code}"
                                       + (unreached.Given > 1 ? $" 至 {unreached.Code}#{unreached.Given}" : "")
                                       + "）；如需评估该次，在脚本中安排产生它的注入或情形（下一期、再次要求核实等）并使演练持续到该次，否则改为已产生的职责键"
                                     : _notRaised.TryGetValue(e.Id, out var notRaised)
                                         ? $"核对预期所写的职责 {written.Duty}：它在{notRaised.RaisedBy}之后产生，演练中未出现；如需评估它，在脚本中{notRaised.First}，否则删去此预期"
                                         : DefaultCorrection(written));
            found.Add((Minute(written.By ?? written.At ?? script.End), 0, "预期未达成", $"{e.Id} {e.Description}：{e.Evidence}",
                correction, $"预期 {e.Id}（第{e.Line}行）"));
        }

        foreach (var a in actions.Where(a => a.Verdict == "unauthorised"))
        {
            var (problem, action, reference) = Linked($"{a.Offset} {a.Who}（{a.RoleName}）{a.What}：{a.Detail}",
                a.Correction ?? "按预案明确各级响应的启动、调整、终止权限和预警审批权限，由有权主体决定；在值班手册中标注各级决定主体并组织专题培训",
                $"行动（第{a.Line}行）", linkedActions);
            found.Add((a.Minute, 1, "越权行为", problem, action, reference));
        }

        // A record of a duty the plan no longer required is shown among the actions, but the participants owed nothing: no problem (s54 F3).
        foreach (var a in actions.Where(a => a.Verdict == "refused" && !a.NoLongerNeeded))
        {
            var detail = a.Detail;
            // A duty met before the action that raises it, at the same minute (the office director's report to the HQ leaders written before
            // his Ⅲ activation): the order of the actions is the problem.
            if (a.NotYetOwed is { } code && final.Obligations.FirstOrDefault(o => o.Code == code && dutyTimes(o.Key)?.RaisedAt is { } r
                    && r >= script.Start + a.Exact && Minute(r - script.Start) == a.Minute) is not null)
            {
                detail += "。同一时刻稍后的行动才产生该职责：行动顺序颠倒";
            }

            found.Add((a.Minute, 2, DrillRunner.RefusedCategory, $"{a.Offset} {a.Who}：{a.What}：{detail}",
                a.Correction ?? "核对该行动的前提（事件状态、职责是否已产生、响应是否已启动），按预案程序顺序处置",
                DrillRunner.ActionReference(a.Line)));
        }

        if (final.Response is { State: "Terminated", ConditionsConfirmed: not true, Termination: { } termination }
            && LastAccepted(actions, DrillKinds.TerminateResponse) is { } ended)
        {
            // C 4.6 "确认并结束", R 5.7, N 5.7: the body that started the response ends it once it has judged the conditions met.
            found.Add((ended.Minute, 2, "终止程序", $"{ended.Offset} {ended.Who}终止应急响应，未确认预案规定的终止条件（{termination.Clause}：{string.Join("；", termination.Conditions)}）",
                $"终止前由启动响应的指挥机构对照预案 {termination.Clause} 逐项确认终止条件并记录在案，再宣布终止应急响应",
                $"行动（第{ended.Line}行）"));
        }

        found.AddRange(WithoutTheOfficesProposal(duties));

        if (ResponseShort(expectations) is { } shortfall)
        {
            found.Add(shortfall);
        }

        if (WarningShort() is { } warningShort)
        {
            found.Add(warningShort);
        }

        foreach (var d in duties.Where(d => d.Verdict is "late" or "missed" or "unmet"))
        {
            var late = d.Verdict == "late";
            var said = _said[d.Key];
            if (d.Verdict == "unmet")
            {
                // A duty without a due time never done by the close (立即续报, the office's report with its proposal): a problem like a
                // missed deadline (AQ/T 9009-2015 7.4, GB/T 46792-2025 6.5: every problem observed, with its correction).
                var (unmetProblem, unmetAction, unmetReference) = Linked(
                    $"{d.Duty}（{d.Clause}）自 {texts.Offset(TimeSpan.FromMinutes(d.RaisedMinute))} 起应{said.Done}，{d.VerdictText}",
                    $"明确此项职责（{(said.Brief.Length > 0 ? said.Brief : d.Duty)}）的主体、对象与起算情形（{d.Clause}），值班流程中在其起算时即提醒办理并记录，"
                    + $"{Prepare(said.Deed, "预先准备", _acts.GetValueOrDefault(d.Key))}，并在下次演练中复核",
                    Reference(d.Clause), linkedDuties.GetValueOrDefault(d.Key) ?? []);
                found.Add((d.RaisedMinute, 3, said.NotDone, unmetProblem, unmetAction, unmetReference));
                continue;
            }

            // Due before the duty arose (the first report reaching the office after C 4.1(二)'s 30 minutes from the occurrence): the delay lies
            // before the city (C 4.1(一) "事发单位应立即报告属地县(市、区)住房和城乡建设部门"), and a reminder at the office could not have
            // helped. The verdict stays 迟报; the problem says the time had passed at receipt and the correction looks to the reporting chain (s60 F5).
            var pastDueAtRaise = late && d.DueMinute is { } dueMinute && dueMinute <= d.RaisedMinute;
            var (problem, action, reference) = Linked(
                pastDueAtRaise
                    ? $"{d.Duty}（{d.Clause}）时限 {d.DueAt}，{d.MetAt} 才{said.Done}：{PastDueWhenRaised(script.Start + TimeSpan.FromMinutes(d.RaisedMinute), script.Start + TimeSpan.FromMinutes(d.DueMinute!.Value), script.Start + TimeSpan.FromMinutes(d.MetMinute ?? d.RaisedMinute), said.Done)}"
                    : late ? $"{d.Duty}（{d.Clause}）时限 {d.DueAt}，{d.MetAt} 才{said.Done}" : $"{d.Duty}（{d.Clause}）时限 {d.DueAt}，演练结束时仍{said.NotDone}",
                pastDueAtRaise
                    ? $"此项时限（{d.Clause}）自事发起算，市级需{said.Done}时已过：核查事发单位和属地县（市、区）向市级报送的时效，督促其按预案立即报告；"
                      + $"市级接报后立即{said.Done}，并在下次演练中复核"
                    : $"明确此项职责（{(said.Brief.Length > 0 ? said.Brief : d.Duty)}）的主体、对象与时限（{d.Clause}），值班流程中设置到时提醒，"
                      + $"{Prepare(said.Deed, "预先准备", _acts.GetValueOrDefault(d.Key))}，并在下次演练中复核",
                Reference(d.Clause), linkedDuties.GetValueOrDefault(d.Key) ?? []);
            found.Add((late ? d.MetMinute ?? 0 : d.DueMinute ?? 0, 3, late ? said.Late : said.NotDone, problem, action, reference));
        }

        foreach (var d in duties.Where(d => d.Overtaken && !folded.Contains(d.Key)))
        {
            // Owed and never done until a later decision ended it (N 5.3.2 "并向市安委会主任报告", 5.3.3(1) "及时上报"; 4.1.2 "坚决杜绝迟报、
            // 瞒报、漏报"): the later decision does not make the omission compliant (drill review s60 F1).
            var said = _said[d.Key];
            var (problem, action, reference) = Linked(
                $"{d.Duty}（{d.Clause}）自 {texts.Offset(TimeSpan.FromMinutes(d.RaisedMinute))} 起应{said.Done}，{d.VerdictText}",
                $"明确此项职责（{(said.Brief.Length > 0 ? said.Brief : d.Duty)}）的主体、对象与起算情形（{d.Clause}），值班流程中在其起算时即提醒办理并记录，"
                + $"{Prepare(said.Deed, "预先准备", _acts.GetValueOrDefault(d.Key))}；响应级别调整时核对此前尚未履行的职责，并在下次演练中复核",
                Reference(d.Clause), linkedDuties.GetValueOrDefault(d.Key) ?? []);
            found.Add((d.EndedMinute ?? d.RaisedMinute, 3, said.NotDone, problem, action, reference));
        }

        foreach (var i in refusedInjects)
        {
            found.Add((Minute(i.At), 4, "脚本问题", $"{DrillScriptReader.FormatOffset(i.At)} 注入“{i.What}”未能记录：{i.Why}",
                "修改演练脚本，使注入与事件所处阶段相符", $"注入（第{i.Line}行）"));
        }

        return [.. found.OrderBy(f => f.Minute).ThenBy(f => f.Rank).ThenBy(f => f.Reference, StringComparer.Ordinal)
            .Select((f, n) => new DrillFinding(n + 1, f.Category, f.Problem, f.Action, f.Reference))];
    }

    private static int Minute(TimeSpan t) => (int)t.TotalMinutes;

    /// <summary>
    /// True under a plan whose office proposes both the start and the end of a response as a standing function (N 2.2(2) 市安委办 "提出自然灾害救助
    /// 应急响应启动、终止建议,发出启动、终止通知"; <c>response.terminatedBy.proposal</c>): a level decided, or a response ended, without its proposal
    /// is a finding (drill review s60 F7). Not under road and construction, whose offices propose a level within its 启动程序 only and have no
    /// proposal to end one (R 5.7, C 4.6), and where C 4.4 "可直接提高响应等级" lets the level be raised directly (ADR 0003 #82).
    /// </summary>
    private bool ProposalsPrecedeDecisions => Plan.Response.Proposal is not null && Plan.Response.Termination?.Proposal is not null;

    /// <summary>
    /// The office's proposals (<c>metBy: response-proposal</c>) a decision overtook while owed (Core's <c>owedSince</c>), under a plan whose decisions
    /// its proposals precede: said with the decision's 启动程序 finding (<see cref="WithoutTheOfficesProposal"/>), not listed twice.
    /// </summary>
    private HashSet<string> ProposalsFoldedIntoProcedure(IReadOnlyList<DrillDutyResult> duties) =>
        ProposalsPrecedeDecisions
            ? duties.Where(d => d.Overtaken && Plan.DutyRule(d.Code, d.Clause, null)?.MetBy == DutyMetBy.ResponseProposal).Select(d => d.Key).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Each level decided and each response ended with no proposal from the office before it, since the decision before (N 5.2.2 "市安委办经分析评估,
    /// 认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定"; 5.3.2 likewise for Ⅲ; 2.2(2) "提出自然灾害救助
    /// 应急响应启动、终止建议"), from the response's decisions as the incident records them. Only Ⅰ has a direct decision (5.1.2 "必要时,市委、市政府直接
    /// 决定启动Ⅰ级响应": its level's words say 直接决定), and the office's own Ⅳ (5.4.2) has no proposal. A lowering is no 启动 and owes none. The
    /// engine accepts such a decision (ADR 0003: the deciding body may still activate a level without a proposal); the report finds it, as it finds a
    /// termination without confirmed conditions (终止程序), and never changes a verdict for it (drill review s60 F7; ADR 0003 #82).
    /// </summary>
    private IEnumerable<(int Minute, int Rank, string Category, string Problem, string Action, string Reference)> WithoutTheOfficesProposal(IReadOnlyList<DrillDutyResult> duties)
    {
        if (!ProposalsPrecedeDecisions)
        {
            yield break;
        }

        var proposal = Plan.Response.Proposal!;
        var termination = Plan.Response.Termination!;
        var endProposal = termination.Proposal!;
        var office = Plan.Response.Organs.FirstOrDefault(o => o.Ranks.Any(proposal.By.Contains))?.Name ?? Plan.RoleNames.Of(proposal.By[0]);
        var folded = ProposalsFoldedIntoProcedure(duties);
        var (proposed, endProposed) = (false, false);
        foreach (var d in final.Response.Decisions)
        {
            var at = d.At - script.Start;
            switch (d.Trigger)
            {
                case nameof(ResponseTrigger.Propose):
                    proposed = true;
                    break;
                case nameof(ResponseTrigger.Decline):
                    proposed = false;
                    break;
                case nameof(ResponseTrigger.ProposeTermination):
                    endProposed = true;
                    break;
                case nameof(ResponseTrigger.DeclineTermination):
                    endProposed = false;
                    break;
                case nameof(ResponseTrigger.Activate) or nameof(ResponseTrigger.Adjust):
                {
                    ResponseLevel? from = Names.TryParseLevel(d.FromLevel, out var f) ? f : null;
                    if (!proposed && Names.TryParseLevel(d.Level, out var level) && (from is null || level > from)
                        && proposal.Levels.TryGetValue(level, out var words) && !proposal.By.Contains(d.Actor.RoleId)
                        && Plan.Response.Find(level)?.Words.Contains("直接决定", StringComparison.Ordinal) != true)
                    {
                        var action = Accepted(DrillKinds.DecideResponse, at);
                        var who = action is { } a ? $"{a.Who}（{a.RoleName}）" : Plan.RoleNames.Of(d.Actor.RoleId);
                        var owed = duties.FirstOrDefault(x => folded.Contains(x.Key) && x.EndedMinute == Minute(at));
                        var authority = Plan.Response.Find(level)?.Authority ?? who;
                        yield return (Minute(at), 2, "启动程序",
                            $"{texts.Offset(at)} {who}{DrillResponseWords.Decided(from, level, from is not null)}，未经{office}提出建议（{words.Clause}：“{words.Words}”）"
                            + (owed is null ? "" : $"；该建议自 {texts.Offset(TimeSpan.FromMinutes(owed.RaisedMinute))} 起应提出，至决定时仍未提出"),
                            $"由{office}经分析评估，认定灾情达到启动条件后提出启动{Names.Chinese(level)}响应的建议（{words.Clause}），再由{authority}决定；"
                            + "预案仅规定Ⅰ级响应必要时可直接决定（5.1.2）",
                            action is { } line ? DrillRunner.ActionReference(line.Line) : Reference(words.Clause));
                    }

                    (proposed, endProposed) = (false, false);
                    break;
                }

                case nameof(ResponseTrigger.Terminate):
                    if (!endProposed && !endProposal.By.Contains(d.Actor.RoleId))
                    {
                        var action = Accepted(DrillKinds.TerminateResponse, at);
                        var who = action is { } a ? $"{a.Who}（{a.RoleName}）" : Plan.RoleNames.Of(d.Actor.RoleId);
                        yield return (Minute(at), 2, "终止程序",
                            $"{texts.Offset(at)} {who}终止应急响应，未经{office}提出终止建议（{endProposal.Clause}：“{endProposal.Words}”）",
                            $"{(termination.Conditions.Count > 0 ? termination.Conditions[0] + "后" : "")}由{office}经分析评估提出终止建议（{endProposal.Clause}），再按启动响应的相关权限终止响应（{termination.Clause}）",
                            action is { } line ? DrillRunner.ActionReference(line.Line) : Reference(endProposal.Clause));
                    }

                    (proposed, endProposed) = (false, false);
                    break;
            }
        }
    }

    /// <summary>The participants' accepted action of <paramref name="kind"/> at <paramref name="at"/> (a decision's), or null.</summary>
    private DrillActionResult? Accepted(string kind, TimeSpan at)
    {
        for (var i = actions.Count - 1; i >= 0; i--)
        {
            if (actions[i].Kind == kind && actions[i].Verdict == "accepted" && actions[i].Minute == Minute(at))
            {
                return actions[i];
            }
        }

        return null;
    }

    /// <summary>
    /// A problem with the expectations it makes fail: named in the problem (预期 E1 因此未通过), their lines in the reference, and the corrective action
    /// the facilitator wrote for them after the problem's own.
    /// </summary>
    private static (string Problem, string Action, string Reference) Linked(string problem, string action, string reference, List<DrillExpectation> failed)
    {
        if (failed.Count == 0)
        {
            return (problem, action, reference);
        }

        var ids = string.Join("、", failed.Select(e => e.Id));
        var written = failed.Select(e => e.CorrectiveAction).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ($"{problem}（预期 {ids} 因此未通过）",
            written.Count == 0 ? action : $"{action}；{string.Join("；", written)}",
            $"{reference}；{string.Join("；", failed.Select(e => $"预期 {e.Id}（第{e.Line}行）"))}");
    }

    /// <summary>
    /// A response missing or too low at the end of the drill, found whether or not the facilitator wrote an expectation: the level the latest
    /// assessment calls for (its lower bound: figures still unknown can only raise it) was not in force when the drill ended. Road 5.7 "由启动响应的主体
    /// 按照需要调整响应级别，避免响应不足或响应过度"; construction 4.3, natural disaster 5.x: the level follows the grading criteria. Not found again when
    /// a <c>level-activated</c> expectation for that level (or a higher one) already failed. A response terminated at the level called for is
    /// not judged here: the plans end a response when the situation is under control (C 4.6, R 5.7, N 5.7), which the figures do not tell.
    /// </summary>
    private (int Minute, int Rank, string Category, string Problem, string Action, string Reference)? ResponseShort(IReadOnlyList<DrillExpectationResult> expectations)
    {
        if (final.Assessment?.Response is not { Level: { } calledText } called || !Names.TryParseLevel(calledText, out var level)
            || Plan.Response.Find(level) is not { } definition)
        {
            return null;
        }

        var state = final.Response.State;
        ResponseLevel? held = state is "Active" or "Terminated" && final.Response.Level is { } heldText && Names.TryParseLevel(heldText, out var h) ? h : null;
        if (held is { } inForce && inForce >= level)
        {
            return null;
        }

        if (script.Expectations.Any(e => e.Kind == DrillKinds.LevelActivated && Names.TryParseLevel(e.Level, out var expected) && expected >= level
                                         && expectations.Any(r => r.Id == e.Id && !r.Passed)))
        {
            return null;
        }

        // Since when: the earliest report from which every later assessment called for this level or a higher one.
        var since = script.Incident.ReportedAt;
        for (var i = assessed.Count - 1; i >= 0; i--)
        {
            if (assessed[i].Level is not { } text || !Names.TryParseLevel(text, out var then) || then < level)
            {
                break;
            }

            since = assessed[i].At;
        }

        var clause = called.Because.Count > 0 ? called.Because[0].Clause : definition.Clause;
        var levelText = Names.Chinese(level);
        var end = DrillScriptReader.FormatOffset(script.End);
        var what = (state, held) switch
        {
            ("Proposed", _) => "仅提出响应建议，未决定启动响应",
            ("Terminated", { } l) => $"已终止的响应为{Names.Chinese(l)}响应，低于研判结果",
            (_, { } l) => $"实施的为{Names.Chinese(l)}响应，低于研判结果",
            _ => "仍未启动响应",
        };
        return (Minute(since), 1, "响应不足",
            $"{DrillScriptReader.FormatOffset(since)} 起研判结果为{levelText}响应（{clause}），至演练结束（{end}）{what}",
            $"对照预案分级标准（{clause}）及时研判，达到条件即由{definition.Authority}决定启动{levelText}响应（{definition.Clause}）；"
            + "研判结果变化时及时调整响应级别，避免响应不足或响应过度",
            Reference(clause));
    }

    /// <summary>
    /// A road warning missing or lower than the conditions call for at the end of the drill (road 4.3 预警分级; 4.6 "根据实际情况进行预警级别调整"):
    /// the colour the latest reported conditions call for was not in force (issued or adjusted to) when the drill ended.
    /// </summary>
    private (int Minute, int Rank, string Category, string Problem, string Action, string Reference)? WarningShort()
    {
        if (warningCalled is not { } call)
        {
            return null;
        }

        var colour = call.Warning.Colour;
        WarningColour? inForce = null;
        foreach (var w in final.Warnings)
        {
            if (w.State is "Issued" or "Adjusted" && Names.TryParseColour(w.Colour, out var c) && (inForce is null || c > inForce))
            {
                inForce = c;
            }
        }

        if (inForce is { } issued && issued >= colour.Colour)
        {
            return null;
        }

        var clause = call.Warning.Because[0].Clause;
        var named = $"{Names.Chinese(colour.Colour)}预警";
        return (Minute(call.Since), 1, "预警不足",
            $"{DrillScriptReader.FormatOffset(call.Since)} 起现场条件已达到{named}条件（{clause}：{call.Warning.Because[0].Words}），至演练结束（{DrillScriptReader.FormatOffset(script.End)}）"
            + (inForce is { } lower ? $"发布的为{Names.Chinese(lower)}预警，低于条件"
                // A warning issued and lifted again is not one never issued: said as what happened.
                : final.Warnings.Any(w => w.State == "Lifted") ? "已发布的预警已解除，条件仍在" : "未发布预警"),
            $"对照预警分级标准（{colour.Clause}）核对现场条件，由{colour.IssuedBy}提出建议，经{colour.ApprovedBy}批准后发布{named}（{colour.ApprovalClause}）；条件变化时及时调整预警级别",
            Reference(clause));
    }

    /// <summary>What to prepare before the next drill: a report's template, or for a delivery (运抵) the allocation and transport of the supplies.</summary>
    /// <summary>What to have ready for a duty, by how it is done: the supplies' dispatch and transport for a delivery (运抵), the text and the
    /// way to reach the addressees for a notice or a filing (通知, 通报, 备案), a report template for a report.</summary>
    /// <param name="deed">How the duty is done.</param>
    /// <param name="verb">预先准备 or 预置.</param>
    /// <param name="act">The duty's act: a report that carries a proposal or a notice says so (<see cref="DrillDutyWords.Carries"/>).</param>
    private static string Prepare(DutyDeed deed, string verb, string? act) => deed switch
    {
        DutyDeed.Delivery => "预先落实物资调拨与运输安排",
        DutyDeed.Other => verb + "通知（通报）文稿并明确送达渠道",
        _ => verb + "报告模板" + DrillDutyWords.Carries(act),
    };

    /// <summary>The instances of the duty <paramref name="code"/> owed by or for <paramref name="county"/> (N 5.6), in the order raised.</summary>
    private IEnumerable<ObligationView> OfCounty(string code, string county) =>
        final.Obligations.Where(o => o.Code == code && string.Equals(o.County, county, StringComparison.Ordinal));

    /// <summary>The incident's duty with <paramref name="key"/>, else its first with <paramref name="code"/>.</summary>
    private ObligationView? Owed(string? key, string? code) =>
        final.Obligations.FirstOrDefault(o => o.Key == key) ?? final.Obligations.FirstOrDefault(o => o.Code == code);

    private string DefaultCorrection(DrillExpectation e)
    {
        // The duty as the plan says it (30分钟内向市委、市政府报告), and its clause; the script's name for it if the plan has none.
        var code = e.Duty is null ? null : DutyNames.CodeOf(e.Duty);
        var rule = engine.Resolve(script.PlanId, script.Start).DutyRule(code, null, Owed(e.Duty, code)?.Words);
        return e.Kind switch
        {
            DrillKinds.LevelActivated => "对照预案分级响应标准开展研判训练，明确该级响应的决定主体与启动程序，在值班手册中列出启动条件和报告流程",
            // The counties' own duties (N 5.6): no time limit, no recipient of the office's, not the office's to make; the office follows them up
            // and records them (a drill facilitator's review, s63 D63-11: it read 设置到时提醒并预置通知（通报）文稿).
            DrillKinds.DutyOnTime or DrillKinds.DutyMet when rule is { EachCounty: not null } =>
                $"市安委办在启动市级响应后督促{(e.County ?? "所涉及县（市、区）")}立即启动县级响应并报告（{rule.Clause}），掌握各县启动情况并记录",
            DrillKinds.DutyOnTime or DrillKinds.DutyMet => $"明确此项职责（{(rule is null ? e.Duty : DutyWords.Said(rule))}）的主体、对象与时限（{rule?.Clause ?? ""}），"
                + $"在值班流程中设置到时提醒并{Prepare(rule is null ? DutyDeed.Report : DutyWords.Deed(rule), "预置", rule?.Act)}",
            DrillKinds.NoUnauthorisedActions => "按预案明确各级响应的启动、终止权限及预警审批权限，组织专题培训，决定前核对决定主体",
            DrillKinds.GradeAt => Plan.Grade is null
                ? $"及时向主管部门了解认定的{Plan.GradeTerm}并记录，认定变化时立即续报（本预案不设分级标准）"
                : "加强信息研判：对照分级标准核对伤亡和影响数字，数字变化时立即重新研判并续报",
            DrillKinds.WarningIssued => "明确预警的提出、审批、发布流程与时限，预先准备预警发布模板和发布渠道",
            DrillKinds.WarningLifted => Plan.Warnings?.LiftedBy is { } lifted
                ? $"预警条件消除后由发布单位及时评估并解除预警（{lifted.Clause}：{lifted.Words}），在值班流程中设置预警条件复核提醒"
                : "预警条件消除后由发布单位及时评估并解除预警，在值班流程中设置预警条件复核提醒",
            _ => "明确响应终止的条件和“谁启动、谁终止”的程序",
        };
    }
}
