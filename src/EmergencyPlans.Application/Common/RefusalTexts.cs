using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using FluentValidation;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// Why the engine refused an action, in Chinese for the people of the duty office: built from what the refusal carries (the
/// lifecycle, its state and trigger, the roles and the plan's rule), not from its English message. A drill's after-action report
/// gives it for a participant's refused action; the API's problem documents give it to a client that asks for Chinese
/// (Accept-Language), whose default stays the English an integrator reads.
/// </summary>
public static class RefusalTexts
{
    private static readonly Dictionary<string, string> Lifecycles = new(StringComparer.Ordinal)
    {
        ["ResponseLifecycle"] = "应急响应",
        ["ObligationLifecycle"] = "该报告职责",
        ["ReportingLifecycle"] = "事件",
        ["WarningLifecycle"] = "该预警",
    };

    private static readonly Dictionary<(string Lifecycle, string Name), string> States = new()
    {
        [("ResponseLifecycle", nameof(ResponseState.NotActivated))] = "未启动",
        [("ResponseLifecycle", nameof(ResponseState.Proposed))] = "已提出启动建议",
        [("ResponseLifecycle", nameof(ResponseState.Active))] = "响应中",
        [("ResponseLifecycle", nameof(ResponseState.Terminated))] = "已终止",
        [("ObligationLifecycle", nameof(ObligationState.Due))] = "待报送",
        [("ObligationLifecycle", nameof(ObligationState.Met))] = "已报送",
        [("ObligationLifecycle", nameof(ObligationState.Cancelled))] = "已终止",
        [("ReportingLifecycle", nameof(ReportingState.Open))] = "已首报",
        [("ReportingLifecycle", nameof(ReportingState.Reporting))] = "续报中",
        [("ReportingLifecycle", nameof(ReportingState.FinalReported))] = "已终报",
        [("ReportingLifecycle", nameof(ReportingState.Closed))] = "已关闭",
        [("WarningLifecycle", nameof(WarningState.Proposed))] = "已提出，待批准",
        [("WarningLifecycle", nameof(WarningState.Issued))] = "已发布",
        [("WarningLifecycle", nameof(WarningState.Adjusted))] = "已调整",
        [("WarningLifecycle", nameof(WarningState.Lifted))] = "已解除",
        [("WarningLifecycle", nameof(WarningState.Rejected))] = "未获批准",
    };

    private static readonly Dictionary<(string Lifecycle, string Name), string> Triggers = new()
    {
        [("ResponseLifecycle", nameof(ResponseTrigger.Propose))] = "提出启动建议",
        [("ResponseLifecycle", nameof(ResponseTrigger.Decline))] = "不予启动",
        [("ResponseLifecycle", nameof(ResponseTrigger.Activate))] = "启动响应",
        [("ResponseLifecycle", nameof(ResponseTrigger.Adjust))] = "调整响应级别",
        [("ResponseLifecycle", nameof(ResponseTrigger.Terminate))] = "终止响应",
        [("ResponseLifecycle", nameof(ResponseTrigger.ProposeTermination))] = "提出终止建议",
        [("ResponseLifecycle", nameof(ResponseTrigger.DeclineTermination))] = "不同意终止",
        [("ObligationLifecycle", nameof(ObligationTrigger.Fulfil))] = "记为已报送",
        [("ObligationLifecycle", nameof(ObligationTrigger.Cancel))] = "终止",
        [("ReportingLifecycle", nameof(ReportingTrigger.FileContinuation))] = "续报",
        [("ReportingLifecycle", nameof(ReportingTrigger.FileFinal))] = "终报",
        [("ReportingLifecycle", nameof(ReportingTrigger.Close))] = "关闭事件",
        [("ReportingLifecycle", "RecordClockEvent")] = "记录事件节点",
        [("ReportingLifecycle", "DecideResponse")] = "启动或调整响应",
        [("ReportingLifecycle", "ProposeResponse")] = "提出启动建议",
        [("ReportingLifecycle", "ProposeWarning")] = "提出预警",
        [("ReportingLifecycle", "ChangeWarning")] = "发布或调整预警",
        [("WarningLifecycle", "Propose")] = "提出预警",
        [("WarningLifecycle", nameof(WarningTrigger.Issue))] = "批准发布",
        [("WarningLifecycle", nameof(WarningTrigger.Reject))] = "不予批准",
        [("WarningLifecycle", nameof(WarningTrigger.Adjust))] = "调整",
        [("WarningLifecycle", nameof(WarningTrigger.Lift))] = "解除",
    };

    private static readonly Dictionary<string, string> Things = new(StringComparer.Ordinal)
    {
        ["incident"] = "事件",
        ["incident version"] = "事件版本",
        ["obligation"] = "报告职责",
        ["warning"] = "预警",
        ["alert"] = "提醒",
        ["quarantine entry"] = "隔离条目",
        ["dispatch record"] = "接警记录",
    };

    /// <summary>The refusal in Chinese, naming posts as <paramref name="plan"/> does; an exception this table does not know keeps its own message.</summary>
    public static string Text(Exception refusal, Plan plan) => refusal switch
    {
        LifecycleAuthorityException a => Authority(a, plan),
        LifecycleTransitionException t => Transition(t),
        IncidentCommandRejectedException { Chinese: { } chinese } => chinese,
        NotFoundException n => NotFound(n),
        ValidationException v => "请求不合规：" + string.Join("；", v.Errors.Select(x => $"{x.PropertyName}：{x.ErrorMessage}")),
        _ => refusal.Message,
    };

    /// <summary>What was not found, in Chinese: "未找到事件“…”".</summary>
    public static string NotFound(NotFoundException n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return $"未找到{Things.GetValueOrDefault(n.What, n.What)}“{n.Id}”";
    }

    /// <summary>A refusal in the state the lifecycle is in, with what it permits then; it names no post, so it needs no plan.</summary>
    public static string Transition(LifecycleTransitionException t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var permitted = t.PermittedTriggers.Count == 0
            ? "（已是最终状态）"
            : "；此时可：" + string.Join("、", t.PermittedTriggers.Select(p => Trigger(t.Lifecycle, p)));
        return $"{Lifecycles.GetValueOrDefault(t.Lifecycle, t.Lifecycle)}当前为“{States.GetValueOrDefault((t.Lifecycle, t.CurrentState), t.CurrentState)}”，不能{Trigger(t.Lifecycle, t.Trigger)}{permitted}"
               + (ActivatingALevelInForce(t) ? "。响应已在进行中：改变级别（如Ⅳ级改为Ⅲ级）是调整响应级别，请以 action 为 adjust 提交，并写明新的级别" : "");
    }

    /// <summary>
    /// A level activated while a response is in force: the plans' own words for the change are 决定启动Ⅲ级响应 (N 5.3.2), and the 副主任 raising
    /// Ⅳ to Ⅲ sent an activation, refused with a list of triggers that did not say which one is his (a duty officer's review, session 55).
    /// </summary>
    private static bool ActivatingALevelInForce(LifecycleTransitionException t) =>
        t.Lifecycle == nameof(ResponseLifecycle) && t.Trigger == nameof(ResponseTrigger.Activate) && t.PermittedTriggers.Contains(nameof(ResponseTrigger.Adjust));

    private static string Authority(LifecycleAuthorityException a, Plan plan)
    {
        if (a.Lifecycle == "request" && a.AuthorisedRoles.Count == 1)
        {
            // actingAs a role the key does not hold (Actor.As): a statement about the key, not a plan's authority, so no 依据.
            return $"您的密钥不具有“{Role(a.AuthorisedRoles[0], plan)}”的角色，不能以其身份（actingAs）行事";
        }

        if (a.Lifecycle == "ResponseLifecycle" && a.DecidedBy is { } decidedBy && Enum.TryParse<ResponseTrigger>(a.Trigger, out var ending))
        {
            return EndRefusal(plan, a, decidedBy, ending);
        }

        if (a.Lifecycle == "ResponseLifecycle" && a.Level is { } level && Enum.TryParse<ResponseTrigger>(a.Trigger, out var trigger))
        {
            return trigger == ResponseTrigger.Propose
                ? ProposalRefusal(plan, a.ActorRoleId, level)
                : LevelRefusal(plan, a.ActorRoleId, trigger, level, a.FromLevel, a.AuthorisedRoles, a.Rule);
        }

        var adjusting = a.Trigger == nameof(WarningTrigger.Adjust);
        if (adjusting && (a.ApprovalRefusedColour ?? a.IssueRefusedColour) is { } to && plan.Warnings?.Colours.FirstOrDefault(c => c.Colour == to) is { } toRule)
        {
            // R 4.6 "发布预警信息的单位…进行预警级别调整", with the new colour's approval (4.4.1): the office adjusts, the colour's approver approves.
            // It read "市指挥部办公室主任无权调整；可由：市指挥部指挥长" (the office does adjust) and "市指挥部指挥长无权调整；可由：市指挥部办公室主任" (the
            // commander does approve orange): each named the other half of the decision as if it were the whole (road review s54, #11).
            var named = $"{Names.Chinese(to)}预警";
            var approvalOnly = a.ApprovalRefusedColour is not null;
            var clauses = toRule.ApprovalClause + (plan.Warnings!.UpdatedBy?.Clause is { } update && update != toRule.ApprovalClause ? "、" + update : "");
            var how = toRule.ApproverRoles.Any(r => RoleCatalogue.Find(r) is { Credential: true })
                ? $"：由{toRule.ApprovedBy}提交调整，即记为其批准、{toRule.IssuedBy}调整"
                : "";
            return approvalOnly
                ? $"{Role(a.ActorRoleId, plan)}无权批准将预警调整为{named}；{named}须经{toRule.ApprovedBy}批准，由{toRule.IssuedBy}调整（{clauses}）{how}"
                : $"{Role(a.ActorRoleId, plan)}无权将预警调整为{named}；{named}须经{toRule.ApprovedBy}批准后，由{toRule.IssuedBy}调整（{clauses}）";
        }

        if (a.IssueRefusedColour is { } colour && plan.Warnings?.Colours.FirstOrDefault(c => c.Colour == colour) is { } rule)
        {
            // R 4.4.1 一级(红色)预警 "报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布": the approval was given (or the
            // request says so); the post refused is not the one that issues. It read "无权批准发布；可由：市指挥部办公室主任", as if the office
            // approved red.
            var named = $"{Names.Chinese(colour)}预警";
            return $"{Role(a.ActorRoleId, plan)}无权发布{named}；{named}须经{rule.ApprovedBy}批准后，由{rule.IssuedBy}发布（{rule.ApprovalClause}）";
        }

        var what = a.Lifecycle == "incident" ? $"记录“{a.Rule}”" : Trigger(a.Lifecycle, a.Trigger);
        return Refusal(plan, a.ActorRoleId, what, "", a.AuthorisedRoles, a.Lifecycle == "incident" ? "" : a.Rule);
    }

    /// <summary>
    /// The refusal of a response level to a role without its authority, naming the level and what the role may do instead, as the plan gives
    /// it (<c>response.levels[].activatedBy</c>, <c>delegationRequired</c>, <c>response.proposal</c>): "市指挥部办公室主任无权启动Ⅱ级响应（Ⅲ级
    /// 可由本人启动，4.3.1(2)；本人可提出启动Ⅱ级响应的建议，4.3.2(2)）；可由：…（依据：…）". It read 无权启动响应 / 无权调整响应级别, naming
    /// no level, as if the office director could start none (a construction duty officer's review, C 4.3.1(2) gives him Ⅲ). The aggregate's
    /// refusal and a drill's refusal of a role without the capability to decide both say it this way.
    /// </summary>
    /// <param name="plan">The incident's plan.</param>
    /// <param name="actorRoleId">The role refused.</param>
    /// <param name="trigger">Activate, Adjust or Decline.</param>
    /// <param name="level">The level asked for (for a decline: the level proposed).</param>
    /// <param name="from">For an adjustment, the level in force, when known.</param>
    /// <param name="authorisedRoles">Who may, as grants spell them (<see cref="ActivationGrant.ToString"/>).</param>
    /// <param name="rule">The 依据: the grants' bases.</param>
    public static string LevelRefusal(Plan plan, string actorRoleId, ResponseTrigger trigger, ResponseLevel level, ResponseLevel? from,
        IReadOnlyList<string> authorisedRoles, string rule)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(authorisedRoles);
        var named = Names.Chinese(level);
        var what = trigger switch
        {
            ResponseTrigger.Adjust => $"将响应调整至{named}",
            ResponseTrigger.Decline => $"决定不予启动{named}响应",
            _ => $"启动{named}响应",
        };
        var hints = new List<string>();
        if (trigger == ResponseTrigger.Activate && OwnLevel(plan, actorRoleId, level) is { } own)
        {
            // The highest level the plan's text gives the role itself below the one refused, with its clause (C 4.3.1(2) Ⅲ 市指挥部办公室主任).
            // Only on an activation: an adjustment to a level of one's own is still refused to another body lowering (谁启动、谁终止).
            hints.Add(own.DelegationRequired.Contains(actorRoleId, StringComparer.Ordinal)
                ? $"{Names.Chinese(own.Level)}经{plan.RoleNames.Of(RoleCatalogue.Commander)}委托可由本人启动，{own.Clause}"
                : $"{Names.Chinese(own.Level)}可由本人启动，{own.Clause}");
        }

        if (trigger != ResponseTrigger.Decline && (from is null || level > from) && plan.Response.Proposal is { } proposal
            && proposal.By.Contains(actorRoleId, StringComparer.Ordinal) && proposal.Levels.TryGetValue(level, out var proposed))
        {
            // The office's way to a level it may not decide: propose it to the decider (R 5.3.1–5.3.2, C 4.3.x(2), N 5.1.2–5.3.2).
            hints.Add($"本人可提出启动{named}响应的建议，{proposed.Clause}");
        }

        if (RelayOf(plan, actorRoleId, level) is { } relay)
        {
            // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定": the deputy refused Ⅱ was told who may, not that the office's proposal is his to
            // take to the 主任 (a drill facilitator's review, s63 D63-15; the duty ND-05 added).
            hints.Add($"本人应{relay.Act ?? "报" + relay.To}，{relay.Clause}");
        }

        return Refusal(plan, actorRoleId, what, hints.Count == 0 ? "" : $"（{string.Join("；", hints)}）", authorisedRoles, rule);
    }

    /// <summary>The plan's duty of <paramref name="roleId"/> to take a proposal of <paramref name="level"/> to its decider (N 5.2.2), or null.</summary>
    private static ObligationRule? RelayOf(Plan plan, string roleId, ResponseLevel level) =>
        plan.Obligations.FirstOrDefault(r => r.Start == DutyStart.Proposal && r.ProposedLevel == level && plan.RoleNames.Reports(r.Reporter, roleId));

    /// <summary>
    /// The refusal of an end, a lowering or the decline of a proposed end to a role that is not the body that decided the level in force, nor
    /// one above it in its organ, nor acting on the commander's delegation for a level the delegation reaches (谁启动、谁终止, read per organ;
    /// C 4.6 由启动响应的指挥机构确认并结束应急响应; ADR 0003 #76). A lowering names the levels and whose level it is: "市指挥部副指挥长未受市指挥部
    /// 指挥长委托，无权将Ⅱ级响应下调至Ⅲ级（Ⅱ级响应由市指挥部指挥长决定）；可由：…（依据：谁启动、谁终止（…4.6）；…）". It read 无权调整响应级别,
    /// citing C 4.4 alone, to a deputy who had raised the same level on the commander's delegation (a construction duty officer's review, s58
    /// #5). A refusal to an actor on the delegation says why it does not reach: the level is one the text has the commander start himself
    /// (C 4.3.3(2) Ⅰ), or the commander could not end it either (the office's Ⅲ). An end keeps its wording otherwise (无权终止响应；可由：…).
    /// </summary>
    private static string EndRefusal(Plan plan, LifecycleAuthorityException a, string decidedBy, ResponseTrigger trigger)
    {
        var inForce = a.FromLevel;
        var lowering = trigger == ResponseTrigger.Adjust && a.Level is not null && inForce is not null;
        var what = lowering ? $"将{Names.Chinese(inForce!.Value)}响应下调至{Names.Chinese(a.Level!.Value)}" : Trigger(a.Lifecycle, a.Trigger);
        var whose = inForce is { } l ? $"{Names.Chinese(l)}响应由{Role(decidedBy, plan)}决定" : "";
        if (a.ActorDelegated && inForce is { } level)
        {
            var named = Names.Chinese(level);
            var verb = trigger == ResponseTrigger.Terminate ? $"终止{named}响应" : lowering ? what : $"{Trigger(a.Lifecycle, a.Trigger)}{named}响应";
            var commander = plan.RoleNames.Of(RoleCatalogue.Commander);
            var delegating = plan.Response.Levels.Where(d => d.DelegationRequired.Contains(a.ActorRoleId, StringComparer.Ordinal)).OrderByDescending(d => d.Level)
                .Select(d => $"{Citation.Of(plan.Metadata.DocumentNumber, d.Clause)} {d.Words}").ToArray();
            var why = a.AuthorisedRoles.Contains(RoleCatalogue.Commander, StringComparer.Ordinal) && plan.Response.Find(level) is { } definition
                // The commander's organ, a level the delegation does not reach (C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应").
                ? $"{whose}，本预案规定{named}响应由{definition.Authority}启动（{Citation.Of(plan.Metadata.DocumentNumber, definition.Clause)} {definition.Words}），"
                  + $"未规定可委托{Role(a.ActorRoleId, plan)}启动，委托不及于{named}"
                  + (delegating.Length > 0 ? $"（委托见 {string.Join("；", delegating)}）" : "")
                // Another organ's level (the office's Ⅲ): the commander does not end it either, so neither does one acting for him.
                : $"{whose}，{commander}亦不能{(lowering ? "下调" : "终止")}此级别响应，受其委托者同";
            var basis = a.Rule.Length == 0 ? "" : $"（依据：{a.Rule}）";
            return $"{Role(a.ActorRoleId, plan)}虽受{commander}委托，仍无权{verb}：{why}；可由：{string.Join("、", a.AuthorisedRoles.Select(r => Role(r, plan)))}{basis}";
        }

        return Refusal(plan, a.ActorRoleId, what, lowering && whose.Length > 0 ? $"（{whose}）" : "", a.AuthorisedRoles, a.Rule);
    }

    /// <summary>
    /// The refusal of a proposal of <paramref name="level"/> to a role the plan does not have propose it, naming the level, who proposes it
    /// and on what basis (<c>response.proposal</c>): "市指挥部指挥长无权提出启动Ⅰ级响应的建议（Ⅰ级可由本人直接启动，5.3.1）；可由：市指挥部办公室主任
    /// （依据：…）"; for a level the plan starts without a proposal (road Ⅲ, 5.3.3), that it does and who decides it. It read 无权提出启动建议,
    /// naming no level, over the API; a drill said the same through its own copy of this text.
    /// </summary>
    public static string ProposalRefusal(Plan plan, string actorRoleId, ResponseLevel level)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var named = Names.Chinese(level);
        var decided = plan.Response.Find(level);
        if (plan.Response.Proposal is not { } proposal || decided is null)
        {
            return Refusal(plan, actorRoleId, $"提出启动{named}响应的建议", "", [], "");
        }

        if (!proposal.Levels.ContainsKey(level))
        {
            var proposedLevels = string.Join("、", proposal.Levels.Keys.Order().Select(Names.Chinese));
            return $"{Role(actorRoleId, plan)}无权提出启动建议；预案只规定提出启动{proposedLevels}响应的建议，{named}响应不经建议，由{decided.Authority}直接决定"
                   + $"（依据：{Citation.Of(plan.Metadata.DocumentNumber, decided.Clause)} {decided.Words}）";
        }

        // The decider himself does not propose: he may start the level (R 5.3.1 市指挥部指挥长).
        var own = decided.ActivatedBy.Contains(actorRoleId, StringComparer.Ordinal) ? $"（{named}可由本人直接启动，{decided.Clause}）" : "";
        return Refusal(plan, actorRoleId, $"提出启动{named}响应的建议", own, proposal.By, plan.ActivationAuthority.ProposalBasis(level));
    }

    /// <summary>
    /// The refusal of a proposal to end the response to a role the plan does not have propose it, naming who does with the clause (N 2.2(2)
    /// 市安委办……提出自然灾害救助应急响应启动、终止建议); null when the plan has no such proposal (road 5.7, construction 4.6).
    /// </summary>
    public static string? TerminationProposal(Plan plan, string actorRoleId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var authority = plan.ActivationAuthority;
        return authority.TerminationProposedBy.Count == 0
            ? null
            : Refusal(plan, actorRoleId, Trigger("ResponseLifecycle", nameof(ResponseTrigger.ProposeTermination)), "", authority.TerminationProposedBy,
                authority.TerminationProposalBasis);
    }

    /// <summary>
    /// Who ends a response and, where the plan has it, who proposes its end, for a role that may do neither (the duty officer): "终止响应由
    /// 启动响应的主体决定（依据：谁启动、谁终止，按启动响应的相关权限终止响应（晋市政办〔2026〕3号 5.7））；终止建议由市安委办主任提出（依据：晋市政办〔2026〕3号 2.2(2) …）".
    /// </summary>
    public static string WhoEnds(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var authority = plan.ActivationAuthority;
        var end = $"终止响应由启动响应的主体决定（依据：{authority.TerminationBasis}）";
        return authority.TerminationProposedBy.Count == 0
            ? end
            : $"{end}；终止建议由{string.Join("、", authority.TerminationProposedBy.Select(r => Role(r, plan)))}提出（依据：{authority.TerminationProposalBasis}）";
    }

    /// <summary>
    /// Who starts each level and, where the plan has it, who proposes it, for a role that may do neither (the duty officer on
    /// <c>…/response</c>): "启动、调整响应：Ⅰ级由市指挥部指挥长决定（5.3.1）；Ⅱ级由市指挥部指挥长或副指挥长决定（5.3.2）；Ⅲ级由市指挥部办公室主任决定
    /// （5.3.3）；启动建议由市指挥部办公室主任提出". The refusal read 您的角色（值班员）不能执行此操作 alone.
    /// </summary>
    public static string WhoDecides(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var levels = plan.Response.Levels.OrderByDescending(l => l.Level).Select(l => $"{Names.Chinese(l.Level)}由{l.Authority}决定（{l.Clause}）");
        var decides = "启动、调整响应：" + string.Join("；", levels);
        return plan.Response.Proposal is { By.Count: > 0 } proposal
            ? $"{decides}；启动建议由{string.Join("、", proposal.By.Select(r => Role(r, plan)))}提出"
            : decides;
    }

    /// <summary>
    /// Who proposes, approves and issues the plan's warnings, for a role that may do none of it (the duty officer on <c>…/warnings</c>): "预警由
    /// 市指挥部办公室提出建议、发布、调整和解除；红色预警须经省人民政府…批准（4.4.1）；橙色预警须经市指挥部指挥长批准（4.4.1）…". The refusal read
    /// 您的角色（值班员）不能执行此操作 alone (road review s54, #11). Null for a plan without warnings.
    /// </summary>
    public static string? WhoWarns(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Warnings is not { } warnings)
        {
            return null;
        }

        if (warnings.Ungraded is { } u)
        {
            return $"预警由{u.ProposedBy}提出，经{u.ApprovedBy}研判，由{u.IssuedBy}发布、更新和解除（{u.ApprovalClause}）";
        }

        if (warnings.Colours.Count == 0)
        {
            return null;
        }

        var issuers = warnings.Colours.Select(c => c.IssuedBy).Distinct().ToArray();
        var colours = warnings.Colours.Select(c => $"{Names.Chinese(c.Colour)}预警须经{c.ApprovedBy}批准（{c.ApprovalClause}）");
        return $"预警由{string.Join("、", issuers)}提出建议、发布、调整和解除；" + string.Join("；", colours);
    }

    /// <summary>The most severe level below <paramref name="refused"/> that the plan's text gives <paramref name="roleId"/> itself; null when none.</summary>
    private static LevelDefinition? OwnLevel(Plan plan, string roleId, ResponseLevel refused) =>
        plan.Response.Levels.Where(l => l.Level < refused && l.ActivatedBy.Contains(roleId, StringComparer.Ordinal)).MaxBy(l => l.Level);

    private static string Refusal(Plan plan, string actorRoleId, string what, string hint, IReadOnlyList<string> authorisedRoles, string rule)
    {
        var basis = rule.Length == 0 ? "" : $"（依据：{rule}）";
        if (authorisedRoles.Contains(actorRoleId + ActivationGrant.DelegationSuffix, StringComparer.Ordinal))
        {
            // Construction Ⅱ "由市指挥部指挥长或委托副指挥长" (4.3.2(2)): the deputy may, once delegated. Said as what is missing, not with the
            // deputy among those who may in the sentence that refuses him.
            var others = authorisedRoles.Where(r => r != actorRoleId && r != actorRoleId + ActivationGrant.DelegationSuffix).Select(r => Role(r, plan));
            // How the delegation is recorded is said too: the deputy was refused and not told (a construction duty officer's review).
            return $"{Role(actorRoleId, plan)}未受{plan.RoleNames.Of(RoleCatalogue.Commander)}委托，无权{what}{hint}；可由：{string.Join("、", others)}{basis}"
                   // Said for whoever reads it: a duty office's client (the member to send) and a drill's 复盘 (what to state when deciding);
                   // it read 请在请求中注明, an API's words, in reports leaders read (a drill facilitator's review, D11).
                   + $"。如已受{plan.RoleNames.Of(RoleCatalogue.Commander)}委托，决定时应注明受委托（delegatedByCommander: true）";
        }

        return $"{Role(actorRoleId, plan)}无权{what}{hint}；可由：{string.Join("、", authorisedRoles.Select(r => Role(r, plan)))}{basis}";
    }

    private static string Trigger(string lifecycle, string trigger) => Triggers.GetValueOrDefault((lifecycle, trigger), trigger);

    /// <summary>
    /// A role id as the plan names the post; "deputy-commander (delegated by commander)" as the plan says it, 受市指挥部指挥长委托 (C 4.3.2(2)
    /// "由市指挥部指挥长或委托副指挥长"; it read 经…授权, a word the plan does not use).
    /// </summary>
    public static string Role(string grant, Plan plan)
    {
        var delegated = grant.EndsWith(ActivationGrant.DelegationSuffix, StringComparison.Ordinal);
        var id = delegated ? grant[..^ActivationGrant.DelegationSuffix.Length] : grant;
        var name = plan.RoleNames.Of(id);
        return delegated ? $"{name}（受{plan.RoleNames.Of(RoleCatalogue.Commander)}委托）" : name;
    }
}
