using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

/// <summary>
/// Loads plans/ (one JSON file per plan version plus city.*.json), validates every file and compiles the
/// rules into typed objects. All problems are collected and reported together, each naming file and rule.
/// </summary>
public static class PlanLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

        // A plan's words reach every report, alert and terminal: no control character but tab and line breaks (ControlCharacters).
        Converters = { new TextWithoutControlCharactersConverter() },
    };

    /// <summary>Loads every plan in <paramref name="directory"/>; throws <see cref="PlanValidationException"/> on any problem.</summary>
    public static PlanCatalog LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new PlanValidationException([new PlanProblem(directory, "-", "plans directory does not exist", "预案目录不存在")]);
        }

        var files = Directory.GetFiles(directory, "*.json", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var cityFiles = files.Where(f => Path.GetFileName(f).StartsWith("city.", StringComparison.Ordinal)).ToArray();
        var planFiles = files.Except(cityFiles).Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        if (cityFiles.Length != 1)
        {
            throw new PlanValidationException([new PlanProblem(directory, "city", $"expected exactly one city.*.json file, found {cityFiles.Length}",
                $"目录中应有且只有一个城市文件 city.*.json，实际有 {cityFiles.Length} 个")]);
        }

        return Load(planFiles, (Path.GetFileName(cityFiles[0]), File.ReadAllText(cityFiles[0])));
    }

    /// <summary>Loads plans from text (file name, JSON). Used by tests and by <see cref="LoadDirectory"/>.</summary>
    public static PlanCatalog Load(IReadOnlyList<(string FileName, string Json)> planFiles, (string FileName, string Json) cityFile)
    {
        var problems = new List<PlanProblem>();
        var city = LoadCity(cityFile.FileName, cityFile.Json, problems);
        if (city is null)
        {
            throw new PlanValidationException(problems);
        }

        var plans = new List<Plan>();
        foreach (var (fileName, text) in planFiles)
        {
            var plan = LoadPlan(fileName, text, city, problems);
            if (plan is not null)
            {
                plans.Add(plan);
            }
        }

        if (plans.Count == 0 && problems.Count == 0)
        {
            problems.Add(new PlanProblem("plans", "-", "no plan files found", "没有找到预案文件"));
        }

        foreach (var group in plans.GroupBy(p => p.Id, StringComparer.Ordinal))
        {
            var versions = group.OrderBy(p => p.Metadata.ValidFrom).ToArray();
            for (var i = 1; i < versions.Length; i++)
            {
                var previous = versions[i - 1].Metadata;
                if (previous.ValidUntil is null || previous.ValidUntil > versions[i].Metadata.ValidFrom)
                {
                    problems.Add(new PlanProblem(versions[i].Metadata.FileName, "validFrom",
                        $"validity overlaps {previous.FileName} ({previous.DocumentNumber}); the older version needs a validUntil no later than {versions[i].Metadata.ValidFrom:O}",
                        $"有效期与 {previous.FileName}（{previous.DocumentNumber}）重叠：旧版本须写 “validUntil”，且不晚于 {versions[i].Metadata.ValidFrom:O}"));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new PlanValidationException(problems);
        }

        return new PlanCatalog(plans, city);
    }

    private static T? Parse<T>(string fileName, string text, List<PlanProblem> problems)
        where T : class
    {
        try
        {
            var document = JsonSerializer.Deserialize<T>(text, Json);
            if (document is null)
            {
                problems.Add(new PlanProblem(fileName, "-", "file is empty (null)", "文件内容为空（null）"));
                return null;
            }

            // The format has no empty list entries, and every reader below takes each entry as given: a null one is named here.
            var before = problems.Count;
            using (var parsed = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
            {
                NullEntries(parsed.RootElement, "$", fileName, problems);
            }

            return problems.Count == before ? document : null;
        }
        catch (JsonException e)
        {
            problems.Add(new PlanProblem(fileName, e.Path ?? "-", NotPlanJsonInEnglish(e), NotPlanJson(e)));
            return null;
        }
    }

    private static void NullEntries(JsonElement element, string path, string fileName, List<PlanProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                NullEntries(property.Value, $"{path}.{property.Name}", fileName, problems);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]");
                if (item.ValueKind == JsonValueKind.Null)
                {
                    problems.Add(new PlanProblem(fileName, at, "a list entry is null (remove it, or write the entry)", "列表中有空项（null）：删除该项或写出完整内容"));
                }
                else
                {
                    NullEntries(item, at, fileName, problems);
                }
            }
        }
    }

    /// <summary>
    /// What System.Text.Json found, in the format's terms rather than the loader's .NET types ("is not a key of the plan
    /// format here", "must be a whole number"), with the line and byte an editor counts (from 1).
    /// </summary>
    private static string NotPlanJsonInEnglish(JsonException e)
    {
        var at = e.LineNumber is { } l
            ? string.Create(CultureInfo.InvariantCulture, $" (line {l + 1}{(e.BytePositionInLine is { } b ? $", byte {b + 1}" : "")})")
            : "";
        var problem = JsonErrors.Describe(e) is { } described
            ? $"{(e.Path is null or "" or "$" ? "the file" : e.Path)} {described}"
            : JsonErrors.Plainly(e.Message, "is not a key of the plan format here (misspelt?)");
        return $"not valid plan JSON: {problem}{at}";
    }

    /// <summary>
    /// The Chinese for a file System.Text.Json cannot read, from where it stopped (path, line and byte, counted from 1 as
    /// an editor counts them) rather than from its English message: a syntax error, a key the format does not have (often
    /// misspelt) or a value of the wrong type.
    /// </summary>
    private static string NotPlanJson(JsonException e)
    {
        var line = e.LineNumber is not { } l ? null
            : e.BytePositionInLine is { } b ? string.Create(CultureInfo.InvariantCulture, $"第 {l + 1} 行第 {b + 1} 个字节")
            : string.Create(CultureInfo.InvariantCulture, $"第 {l + 1} 行");
        var path = e.Path is null or "" or "$" ? null : $"“{e.Path}”"; // $ alone (a syntax error) says nothing the line does not
        var where = (path, line) switch
        {
            (not null, not null) => $"读到 {path}（{line}）时出错",
            (not null, null) => $"读到 {path} 时出错",
            (null, not null) => $"读到{line}时出错",
            _ => "无法读取",
        };
        if (TextWithoutControlCharactersConverter.CharacterNamedIn(e.Message) is { } character)
        {
            return $"不是有效的预案 JSON：{where}：文字中含控制字符 {character}（如转义 \\u001b），只能用可见字符、制表符和换行，删去它";
        }

        return $"不是有效的预案 JSON：{where}。请检查该处的语法（括号、引号、逗号）、字段名的拼写（是否为该处应有的字段）和值的类型";
    }

    private static City? LoadCity(string fileName, string text, List<PlanProblem> problems)
    {
        var document = Parse<CityDocument>(fileName, text, problems);
        if (document is null)
        {
            return null;
        }

        var before = problems.Count;
        Require(document.Id, fileName, "id", problems);
        Require(document.Name, fileName, "name", problems);
        Require(document.AdjacencySource, fileName, "adjacencySource", problems);
        var counties = document.Counties ?? [];
        if (counties.Count == 0)
        {
            problems.Add(new PlanProblem(fileName, "counties", "no counties listed", "没有列出任何县（市、区）"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var county in counties)
        {
            if (string.IsNullOrWhiteSpace(county.Name))
            {
                problems.Add(new PlanProblem(fileName, "counties", "a county has no name", "有一个县（市、区）缺少 “name”"));
            }
            else if (!names.Add(county.Name))
            {
                problems.Add(new PlanProblem(fileName, county.Name, "county listed twice", "该县（市、区）重复列出"));
            }
        }

        foreach (var county in counties.Where(c => c.Name is not null))
        {
            foreach (var other in county.Adjacent ?? [])
            {
                if (!names.Contains(other))
                {
                    problems.Add(new PlanProblem(fileName, county.Name!, $"adjacent county '{other}' is not a county of this city",
                        $"相邻县（市、区）'{other}' 不是本市的县（市、区）"));
                }
                else if (other == county.Name)
                {
                    problems.Add(new PlanProblem(fileName, county.Name!, "a county cannot be adjacent to itself", "县（市、区）不能与自身相邻"));
                }
                else if (!(counties.First(c => c.Name == other).Adjacent ?? []).Contains(county.Name!))
                {
                    problems.Add(new PlanProblem(fileName, county.Name!, $"adjacency is not symmetric: '{other}' does not list '{county.Name}'",
                        $"相邻关系不对称：'{other}' 的 “adjacent” 中没有 '{county.Name}'"));
                }
            }
        }

        var population = document.AgriculturalPopulation;
        if (population?.Value is not > 0)
        {
            problems.Add(new PlanProblem(fileName, "agriculturalPopulation", "value must be a positive number", "“value” 必须是正数"));
        }

        if (string.IsNullOrWhiteSpace(population?.Source))
        {
            problems.Add(new PlanProblem(fileName, "agriculturalPopulation", "source is missing: say where the figure comes from",
                "缺少 “source”：请注明该数字的来源"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new City(
            document.Id!,
            document.Name!,
            counties.Select(c => new County(c.Name!, (c.Adjacent ?? []).ToArray(), c.Note)).ToArray(),
            document.AdjacencySource!,
            new SourcedFigure(population!.Value!.Value, population.Source!, population.Provisional ?? false),
            fileName);
    }

    private static Plan? LoadPlan(string fileName, string text, City city, List<PlanProblem> problems)
    {
        var document = Parse<PlanDocument>(fileName, text, problems);
        if (document is null)
        {
            return null;
        }

        var context = new Context(fileName, problems, city);
        var before = problems.Count;

        var metadata = ReadMetadata(document, context);
        var grade = document.Grade is null ? null : ReadGradeTable(document.Grade, context);
        if (document.Response is null)
        {
            context.Problem("response", "the response section is missing", "缺少响应部分 “response”");
            return null;
        }

        var response = ReadResponse(document.Response, context);
        var obligations = (document.Obligations ?? []).Select((o, i) => ReadObligation(o, i, grade is not null, context)).ToArray();
        foreach (var follower in obligations.Where(o => o?.After is not null))
        {
            if (!obligations.Any(o => o?.Code == follower!.After))
            {
                context.Problem($"obligation {follower!.Code}", $"after '{follower.After}' names no duty of this plan",
                    $"“after” 的值 '{follower.After}' 不是本预案的报告职责");
            }
        }

        foreach (var duty in obligations.Where(o => o is { SupersededBy.Count: > 0 }))
        {
            foreach (var code in duty!.SupersededBy.Where(code => code == duty.Code || !obligations.Any(o => o?.Code == code)))
            {
                context.Problem($"obligation {duty.Code}", $"supersededBy '{code}' names no other duty of this plan",
                    $"“supersededBy” 的值 '{code}' 不是本预案的另一项报告职责");
            }
        }

        CheckSharedCodes(obligations, context);
        CheckOutsideCommand(obligations, context);

        var workGroups = (document.WorkGroups ?? []).Select((w, i) => ReadWorkGroup(w, i, response, context)).ToArray();
        var warnings = document.Warnings is null ? null : ReadWarnings(document.Warnings, context);
        foreach (var duty in obligations.Where(o => o?.WarningColour is not null))
        {
            if (warnings is null || !warnings.Colours.Any(w => w.Colour == duty!.WarningColour))
            {
                context.Problem($"obligation {duty!.Code}", $"warningColour '{Names.Of(duty.WarningColour!.Value)}' is not a warning colour of this plan",
                    $"“warningColour” 的值 '{Names.Of(duty.WarningColour!.Value)}' 不是本预案的预警颜色");
            }
        }

        foreach (var duty in obligations.Where(o => o?.ProposedLevel is not null))
        {
            // The step after a proposal exists only for a level the plan has the office propose (N 5.1.2–5.3.2): another level is never proposed.
            if (response?.Proposal is not { } proposal || !proposal.Levels.ContainsKey(duty!.ProposedLevel!.Value))
            {
                context.Problem($"obligation {duty!.Code}", $"proposedLevel '{Names.Of(duty.ProposedLevel!.Value)}' is not a level this plan has proposed (response.proposal.levels)",
                    $"“proposedLevel” 的值 '{Names.Of(duty.ProposedLevel!.Value)}' 不是本预案规定提出启动建议的级别（response.proposal.levels）");
            }
        }

        var command = new List<CommandRule>();
        foreach (var (cd, i) in (document.Command ?? []).Select((x, i) => (x, i)))
        {
            var name = $"command[{i}]";
            if (cd.Scope is null || !CommandScopes.All.Contains(cd.Scope, StringComparer.Ordinal))
            {
                context.Problem(name, $"scope '{cd.Scope}' is not one of {string.Join(", ", CommandScopes.All)}",
                    $"“scope” 的值 '{cd.Scope}' 不是 {string.Join("、", CommandScopes.All)} 之一");
                continue;
            }

            var levels = new List<ResponseLevel>();
            foreach (var written in cd.Levels ?? [])
            {
                if (Names.TryParseLevel(written, out var level) && response?.Find(level) is not null)
                {
                    levels.Add(level);
                }
                else
                {
                    context.Problem(name, $"levels: '{written}' is not a response level of this plan", $"“levels” 中的 '{written}' 不是本预案的响应级别");
                }
            }

            // One rule per scope, but a scope given level by level (relief-organiser: N 5.1.3–5.4.3) once per level.
            if (command.Exists(c => c.Scope == cd.Scope && (levels.Count == 0 || c.Levels.Count == 0 || c.Levels.Intersect(levels).Any())))
            {
                context.Problem(name, $"scope '{cd.Scope}' is defined twice", $"“scope” 为 '{cd.Scope}' 的指挥规定重复出现");
                continue;
            }

            if (context.Require(cd.CommandedBy, name + ".commandedBy") & context.Require(cd.Clause, name + ".clause")
                & context.Require(cd.Words, name + ".words"))
            {
                command.Add(new CommandRule(cd.Scope, cd.CommandedBy!, cd.CoordinatedBy, cd.Clause!, cd.Words!) { Levels = levels });
            }
        }

        var leadPlans = ReadLeadPlans(document.LeadPlans ?? [], context);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in (grade?.RulesArray ?? []).Concat(response?.RulesArray ?? []).Select(r => r.Id)
                     .Concat(warnings?.ColoursArray.SelectMany(c => c.Rules).Select(r => r.Id) ?? []))
        {
            if (!ids.Add(id))
            {
                context.Problem(id, "rule id is used twice in this file", "规则 id 在本文件中重复使用");
            }
        }

        var feedIntake = FeedIntakeRule.Read(document.FeedIntake, context.Problem);
        if (feedIntake?.CallMeets is { } called && !obligations.Any(o => o?.Code == called))
        {
            context.Problem("feedIntake.callMeets", $"names '{called}', which is no duty of this plan", $"“callMeets” 的 '{called}' 不是本预案的报告职责");
        }

        var figureLabels = FigureLabels.Read(document.FigureLabels, context.Problem);
        var roleNames = RoleNames.Read(document.RoleNames, context.Problem);
        var gradeTerm = ReadGradeTerm(document.GradeTerm, context);
        if (problems.Count > before || metadata is null || response is null || figureLabels is null || roleNames is null)
        {
            return null;
        }

        var publications = ReadPublications(document.Publications ?? [], context);
        var preparation = document.Preparation is null ? null : ReadPreparation(document.Preparation, context);
        var prompts = ReadJudgementPrompts(document.JudgementPrompts ?? [], obligations!, grade is not null, context);
        if (problems.Count > before)
        {
            return null;
        }

        return new Plan(metadata, grade, response, obligations!, workGroups!, document.WorkGroupsNote, warnings, city, command, leadPlans)
        {
            Publications = publications,
            Preparation = preparation,
            JudgementPrompts = prompts,
            FeedIntake = feedIntake,
            FigureLabels = figureLabels,
            RoleNames = roleNames,
            GradeTerm = gradeTerm ?? "等级",
        };
    }

    /// <summary>
    /// The plans that lead instead of this one when a reported fact holds (road 1.4: a severe geological or meteorological disaster caused
    /// by an earthquake or other force majeure, an expressway, an oil, gas or coal-bed methane transport accident), this plan then supporting:
    /// each names a fact of the figure catalogue, the leading plan and the clause's words, and optionally the fact under which it is asked
    /// while unreported (<c>askedWhen</c>).
    /// </summary>
    private static LeadPlanRule[] ReadLeadPlans(List<LeadPlanDocument> documents, Context context)
    {
        var rules = new List<LeadPlanRule>();
        foreach (var (d, i) in documents.Select((x, i) => (x, i)))
        {
            var name = $"leadPlans[{i}]";
            if (!(context.Require(d.When, name + ".when") & context.Require(d.Plan, name + ".plan") & context.Require(d.Clause, name + ".clause")
                  & context.Require(d.Words, name + ".words")))
            {
                continue;
            }

            if (!FigureCatalog.TryFind(d.When, out var figure) || figure.Fact is not { } fact)
            {
                context.Problem(name, $"when '{d.When}' is not a fact of the figure catalogue", $"“when” 的值 '{d.When}' 不是数字目录中的情形（事实）");
                continue;
            }

            if (rules.Exists(r => r.When == fact))
            {
                context.Problem(name, $"when '{d.When}' is given twice", $"“when” 为 '{d.When}' 的主导预案重复出现");
                continue;
            }

            Fact? askedWhen = null;
            if (d.AskedWhen is not null)
            {
                if (!FigureCatalog.TryFind(d.AskedWhen, out var asked) || asked.Fact is not { } askedFact || askedFact == fact)
                {
                    context.Problem(name + ".askedWhen", $"askedWhen '{d.AskedWhen}' is not another fact of the figure catalogue",
                        $"“askedWhen” 的值 '{d.AskedWhen}' 不是数字目录中的另一项情形（事实）");
                    continue;
                }

                askedWhen = askedFact;
            }

            rules.Add(new LeadPlanRule(fact, d.Plan!, d.Clause!, d.Words!) { AskedWhen = askedWhen });
        }

        return [.. rules];
    }

    /// <summary>An optional <c>until</c> (what ends a repeat or a series), or a problem naming the rule.</summary>
    private static DutyEnd? ReadUntil(string? text, string name, Context c, ref bool ok)
    {
        if (text is null)
        {
            return null;
        }

        if (DutyNames.TryParse(text, out DutyEnd end))
        {
            return end;
        }

        c.Problem(name, $"until '{text}' is not one of {string.Join(", ", DutyNames.EndNames)}",
            $"“until” 的值 '{text}' 不是 {string.Join("、", DutyNames.EndNames)} 之一");
        ok = false;
        return null;
    }

    private static Preparation? ReadPreparation(PreparationDocument d, Context c)
    {
        const string name = "preparation";
        var ok = c.Require(d.Clause, name + ".clause") & c.Require(d.By, name + ".by") & c.Require(d.Words, name + ".words");
        if (!FigureNames.TryParse(d.Judgement, out Judgement judgement))
        {
            c.Problem(name, $"unknown judgement '{d.Judgement}'", $"未知的研判情形 '{d.Judgement}'");
            ok = false;
        }

        if (d.By is not null && d.Words is not null && !d.Words.Contains(d.By, StringComparison.Ordinal))
        {
            c.Problem(name, $"'{d.By}' is not named in the words", $"“by” 的值 '{d.By}' 没有出现在原文 “words” 中");
            ok = false;
        }

        var measures = (d.Measures ?? []).Select((m, i) => ClauseWordsOf(m, $"{name}.measures[{i}]", c)).ToArray();
        if (measures.Length == 0)
        {
            c.Problem(name, "no measures", "没有列出任何措施（“measures”）");
            ok = false;
        }

        return ok && measures.All(m => m is not null) ? new Preparation(d.Clause!, judgement, d.By!, d.Words!, measures.OfType<ClauseWords>().ToArray()) : null;
    }

    private static JudgementPrompt[] ReadJudgementPrompts(List<JudgementPromptDocument> documents, IReadOnlyList<ObligationRule?> obligations, bool hasGradeTable, Context c)
    {
        var prompts = new List<JudgementPrompt>();
        foreach (var (d, i) in documents.Select((x, i) => (x, i)))
        {
            var name = $"judgementPrompts[{i}]";
            var ok = c.Require(d.Clause, name + ".clause") & c.Require(d.Words, name + ".words");
            if (!FigureNames.TryParse(d.Judgement, out Judgement judgement))
            {
                c.Problem(name, $"unknown judgement '{d.Judgement}'", $"未知的研判情形 '{d.Judgement}'");
                ok = false;
            }
            else if (!obligations.Any(o => o?.Condition is { } condition && Reads(condition, judgement)))
            {
                // A prompt says which duties the judgement would bring; with none, it would ask a question nothing here answers.
                c.Problem(name, $"no duty of this plan is conditioned on '{d.Judgement}'", $"本预案没有以 '{d.Judgement}' 为条件的报告职责，无须提示研判");
                ok = false;
            }

            ObligationCondition? when = null;
            if (d.When is null)
            {
                c.Problem(name, "when is required (what in the report points at the judgement)", "须写 “when”（报告中哪些情况提示研判）");
                ok = false;
            }
            else
            {
                when = ReadCondition(d.When, name + ".when", hasGradeTable, c, ref ok);
            }

            if (ok && when is not null)
            {
                prompts.Add(new JudgementPrompt(judgement, d.Clause!, d.Words!, d.Reading) { When = when });
            }
        }

        return [.. prompts];

        static bool Reads(ObligationCondition condition, Judgement judgement) =>
            (condition.Kind == ConditionKind.Judgement && condition.Judgement == judgement) || condition.Parts.Any(p => Reads(p, judgement));
    }

    private static Publication[] ReadPublications(List<PublicationDocument> documents, Context c)
    {
        var publications = new List<Publication>();
        foreach (var (d, i) in documents.Select((x, i) => (x, i)))
        {
            var name = d.Code is null ? $"publications[{i}]" : $"publication {d.Code}";
            var ok = c.Require(d.Code, name + ".code") & c.Require(d.By, name + ".by") & c.Require(d.Clause, name + ".clause")
                     & c.Require(d.Words, name + ".words");
            if (!DutyNames.TryParse(d.Start, out DutyStart start)
                || start is not (DutyStart.Occurrence or DutyStart.Receipt or DutyStart.PreviousReport or DutyStart.SituationStable
                    or DutyStart.WarningIssued))
            {
                // A publication follows the event, an earlier publication, the situation becoming stable (natural disaster
                // 4.3.2: 灾情稳定后…发布灾害损失情况) or the issue of a warning of any colour (road 4.4.3: 预警信息应当通过…各种途径及时
                // 向公众发布); the other starts are reports' clocks.
                c.Problem(name, $"start '{d.Start}' is not one of occurrence, receipt, previous-report, situation-stable, warning-issued",
                    $"“start” 的值 '{d.Start}' 不是 occurrence、receipt、previous-report、situation-stable、warning-issued 之一");
                ok = false;
            }

            if ((start == DutyStart.PreviousReport) != (d.After is not null))
            {
                c.Problem(name, "after (the publication it follows) goes with start previous-report, and only with it",
                    "“after”（接续哪一项信息发布）只与 start previous-report 搭配：start 为 previous-report 时必须写，否则不能写");
                ok = false;
            }

            var timing = d.Timing switch { "immediately" => ObligationTiming.Immediately, "promptly" => ObligationTiming.Promptly, _ => (ObligationTiming?)null };
            if (timing is null)
            {
                c.Problem(name, $"timing '{d.Timing}' is not one of immediately, promptly", $"“timing” 的值 '{d.Timing}' 不是 immediately、promptly 之一");
                ok = false;
            }

            var until = ReadUntil(d.Until, name, c, ref ok);

            if (d.Code is not null && publications.Exists(p => p.Code == d.Code))
            {
                c.Problem(name, "code is used twice", "“code” 重复使用");
                ok = false;
            }

            if (ok)
            {
                publications.Add(new Publication(d.Code!, d.By!, start, d.After, timing!.Value, until, d.Clause!, d.Words!));
            }
        }

        foreach (var follower in publications.Where(p => p.After is not null && !publications.Exists(q => q.Code == p.After)))
        {
            c.Problem($"publication {follower.Code}", $"after '{follower.After}' names no publication of this plan",
                $"“after” 的值 '{follower.After}' 不是本预案的信息发布");
        }

        return publications.ToArray();
    }

    /// <summary>The plan's word for the grade; its words must contain it, or a reading say why not (null when the file has none).</summary>
    private static string? ReadGradeTerm(GradeTermDocument? d, Context c) =>
        d is null ? null : QuotedWord.Check("gradeTerm", "term", d.Term, d.Clause, d.Words, d.Reading, readingAllowed: true, ("term", "词"), c.Problem);

    private static PlanMetadata? ReadMetadata(PlanDocument d, Context c)
    {
        var ok = c.Require(d.Id, "id") & c.Require(d.Title, "title") & c.Require(d.DocumentNumber, "documentNumber")
                 & c.Require(d.Issued, "issued") & c.Require(d.Owner, "owner") & c.Require(d.Source, "source");
        if (d.Issued is not null && !DateOnly.TryParseExact(d.Issued, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            c.Problem("issued", $"'{d.Issued}' is not a date (yyyy-MM-dd)", $"'{d.Issued}' 不是日期（格式为 yyyy-MM-dd）");
            ok = false;
        }

        if (d.ValidFrom is null)
        {
            c.Problem("validFrom", "validity start is missing (an incident is judged by the version in force when it occurred)",
                "缺少有效期起始时间 “validFrom”（事件按事发时有效的预案版本研判）");
            ok = false;
        }
        else if (d.ValidUntil is not null && d.ValidUntil <= d.ValidFrom)
        {
            c.Problem("validUntil", "validity ends before it starts", "有效期终止时间 “validUntil” 必须晚于起始时间 “validFrom”");
            ok = false;
        }

        // The review period as the text states it: C 8.2 "原则上每3年评估一次", R 8.3 "一般情况下每三年评估一次"; N 8.3 says only "适时…
        // 开展复盘、评估", so its file has no number (null) and quotes the clause in `review`. A number the text does not give is not invented.
        var review = ClauseWordsOf(d.Review, "review", c);
        if (d.Review is not null && review is null)
        {
            ok = false;
        }

        if (d.ReviewEveryYears is <= 0)
        {
            c.Problem("reviewEveryYears", "review period (years) is not positive", "评估修订周期（年）“reviewEveryYears” 必须是正数");
            ok = false;
        }
        else if (d.ReviewEveryYears is null && d.Review is null)
        {
            c.Problem("reviewEveryYears", "review period (years) is missing: give the years, or null with `review` quoting the clause that says when (适时)",
                "评估修订周期（年）“reviewEveryYears” 缺失：写明年数；预案未规定年数时写 null，并在 “review” 中引用规定评估时机的条款原文（如“适时”）");
            ok = false;
        }

        return ok
            ? new PlanMetadata(d.Id!, d.Title!, d.DocumentNumber!, d.Issued!, d.ValidFrom!.Value, d.ValidUntil, d.Replaces, d.Owner!,
                d.ReviewEveryYears, d.Source!, c.File, d.Reading) { Review = review }
            : null;
    }

    private static GradeTable? ReadGradeTable(GradeTableDocument d, Context c)
    {
        c.Require(d.Provenance, "grade.provenance");
        var rules = new List<Rule>();
        foreach (var (rd, i) in (d.Rules ?? []).Select((r, i) => (r, i)))
        {
            var name = rd.Id ?? $"grade.rules[{i}]";
            if (!Names.TryParseGrade(rd.Grade, out var grade))
            {
                c.Problem(name, $"grade '{rd.Grade}' is not one of ordinary, relatively-serious, serious, especially-serious",
                    $"“grade” 的值 '{rd.Grade}' 不是 ordinary、relatively-serious、serious、especially-serious 之一");
                continue;
            }

            if (rd.Level is not null)
            {
                c.Problem(name, "a grade rule cannot name a response level", "等级规则不能写响应级别 “level”");
            }

            var rule = ReadRule(rd, name, (int)grade + 1, hasGrade: false, c);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        foreach (var grade in Enum.GetValues<Grade>())
        {
            if (!rules.Exists(r => r.Outcome == (int)grade + 1))
            {
                c.Problem("grade", $"no rule reaches grade '{Names.Of(grade)}' (missing grade)",
                    $"没有规则判定为等级 '{Names.Of(grade)}'（{Names.Chinese(grade)}）：缺少这一等级");
            }
        }

        CheckSeries(rules, "grade", c);
        var unknownFate = d.UnknownFate is null ? null : ReadUnknownFate(d.UnknownFate, rules, c);
        return new GradeTable(d.Provenance ?? string.Empty, rules.ToArray(), unknownFate);
    }

    /// <summary>
    /// <c>grade.unknownFate</c> (DOMAIN R3): the figure of people of unknown fate and the one they may turn out to be; marks the grade
    /// bands over that figure alone, which then read it for their upper bound.
    /// </summary>
    private static UnknownFate? ReadUnknownFate(UnknownFateDocument d, List<Rule> rules, Context c)
    {
        const string name = "grade.unknownFate";
        if (!(c.Require(d.Figure, name + ".figure") & c.Require(d.CountsAs, name + ".countsAs") & c.Require(d.Clause, name + ".clause")
              & c.Require(d.Words, name + ".words")))
        {
            return null;
        }

        if (!FigureNames.TryParse(d.Figure!, out Figure figure) || !FigureNames.TryParse(d.CountsAs!, out Figure countsAs))
        {
            c.Problem(name, $"figure and countsAs must be figures (known: {string.Join(", ", FigureNames.AllFigures)})",
                $"“figure” 和 “countsAs” 必须是数据项（可用：{string.Join("、", FigureNames.AllFigures)}）");
            return null;
        }

        if (figure == countsAs)
        {
            c.Problem(name, "figure and countsAs must differ", "“figure” 与 “countsAs” 不能相同");
            return null;
        }

        var bands = rules.Where(r => r.Test.Kind == RuleKind.Quantity && r.Test.Quantity is [var only] && only == countsAs).ToList();
        if (bands.Count == 0)
        {
            c.Problem(name, $"no grade rule counts '{d.CountsAs}' alone, so people of unknown fate have nothing to count in",
                $"没有只按 '{d.CountsAs}' 分档的等级规则，下落不明人员无处计入");
            return null;
        }

        foreach (var band in bands)
        {
            band.Test.Possibly = 1u << (int)figure;
        }

        return new UnknownFate(figure, countsAs, d.Clause!, d.Words!, d.Reading);
    }

    private static ResponseTable? ReadResponse(ResponseDocument d, Context c)
    {
        var levels = new List<LevelDefinition>();
        foreach (var (ld, i) in (d.Levels ?? []).Select((l, i) => (l, i)))
        {
            var name = $"response.levels[{i}]";
            if (!Names.TryParseLevel(ld.Level, out var level))
            {
                c.Problem(name, $"level '{ld.Level}' is not one of I, II, III, IV", $"“level” 的值 '{ld.Level}' 不是 I、II、III、IV 之一");
                continue;
            }

            name = $"level {ld.Level}";
            if (levels.Exists(l => l.Level == level))
            {
                c.Problem(name, "level is defined twice (duplicated level)", "该响应级别重复定义");
                continue;
            }

            var roles = ld.ActivatedBy ?? [];
            if (roles.Count == 0)
            {
                c.Problem(name, "activatedBy is empty: who may activate this level?", "“activatedBy” 为空：应写明谁可以启动本级响应");
            }

            c.RequireKnownRoles(roles.Concat(ld.DelegationRequired ?? []), name);
            foreach (var role in (ld.DelegationRequired ?? []).Where(r => !roles.Contains(r)))
            {
                c.Problem(name, $"delegationRequired names '{role}', who is not in activatedBy",
                    $"“delegationRequired” 中的 '{role}' 不在 “activatedBy” 中");
            }

            c.Require(ld.Authority, name + ".authority");
            c.Require(ld.Clause, name + ".clause");
            c.Require(ld.Words, name + ".words");
            levels.Add(new LevelDefinition(level, roles.ToArray(), (ld.DelegationRequired ?? []).ToArray(), ld.Authority ?? "", ld.Clause ?? "", ld.Words ?? ""));
        }

        if (levels.Count == 0)
        {
            c.Problem("response.levels", "no response levels defined", "没有定义任何响应级别");
            return null;
        }

        // Levels count down from Ⅰ without gaps: Ⅰ..Ⅲ or Ⅰ..Ⅳ.
        var lowest = levels.Min(l => (int)l.Level);
        for (var rank = (int)ResponseLevel.I; rank >= lowest; rank--)
        {
            if (!levels.Exists(l => (int)l.Level == rank))
            {
                c.Problem("response.levels", $"level {Names.Of((ResponseLevel)rank)} is missing (levels must run from I down without gaps)",
                    $"缺少响应级别 {Names.Of((ResponseLevel)rank)}：响应级别须从 I 起依次向下，中间不能空缺");
            }
        }

        if (d.TerminatedBy?.Clause is null || d.TerminatedBy.Words is null)
        {
            c.Problem("response.terminatedBy", "clause and words for who ends the response (谁启动谁终止) are missing",
                "缺少由谁终止响应（谁启动谁终止）的条款号 “clause” 和原文 “words”");
        }

        Termination? termination = null;
        if (d.TerminatedBy is { Clause: not null, Words: not null } t && (t.Principle is not null || t.Conditions is not null || t.Afterwards is not null))
        {
            // The checklist is what the text says, so each condition and the principle must be in the words.
            var ok = c.Require(t.Principle, "response.terminatedBy.principle");
            if (t.Conditions is not { Count: > 0 })
            {
                c.Problem("response.terminatedBy.conditions", "no conditions: list the text's conditions for ending the response",
                    "“conditions” 为空：请列出原文中终止响应的条件");
                ok = false;
            }

            foreach (var part in (t.Conditions ?? []).Append(t.Principle).Append(t.Afterwards).OfType<string>())
            {
                if (!t.Words.Contains(part, StringComparison.Ordinal))
                {
                    c.Problem("response.terminatedBy", $"'{part}' is not in the clause's words", $"'{part}' 不在该条款的原文 “words” 中");
                    ok = false;
                }
            }

            termination = ok ? new Termination(t.Clause, t.Words, t.Principle!, t.Conditions!.ToArray(), t.Afterwards) { Proposal = ReadTerminationProposal(t.Proposal, c), ByTheLevelsAuthority = t.ByTheLevelsAuthority == true } : null;
        }

        if (termination is null && d.TerminatedBy?.Proposal is not null)
        {
            c.Problem("response.terminatedBy.proposal", "a termination proposal needs the termination's principle and conditions",
                "终止建议须与终止原则 “principle” 和条件 “conditions” 一并列出");
        }

        var organs = ReadOrgans(d.Organs, levels, c);

        ResponseProposal? proposal = null;
        if (d.Proposal is { } pd)
        {
            var ok = true;
            var proposalLevels = new Dictionary<ResponseLevel, ClauseWords>();
            foreach (var (ld, i) in (pd.Levels ?? []).Select((x, i) => (x, i)))
            {
                var name = $"response.proposal.levels[{i}]";
                if (!Names.TryParseLevel(ld.Level, out var pl) || !levels.Exists(l => l.Level == pl) || proposalLevels.ContainsKey(pl))
                {
                    c.Problem(name, $"level '{ld.Level}' is not a level of this plan, or is listed twice", $"'{ld.Level}' 不是本预案的响应级别，或重复列出");
                    ok = false;
                    continue;
                }

                if (c.Require(ld.Clause, name + ".clause") & c.Require(ld.Words, name + ".words"))
                {
                    proposalLevels[pl] = new ClauseWords(ld.Clause!, ld.Words!);
                }
                else
                {
                    ok = false;
                }
            }

            if (proposalLevels.Count == 0 && ok)
            {
                c.Problem("response.proposal.levels", "names no level", "“levels” 未列出任何级别");
                ok = false;
            }

            if (pd.By is not { Count: > 0 })
            {
                c.Problem("response.proposal.by", "names no role", "“by” 未列出任何角色");
                ok = false;
            }

            foreach (var role in (pd.By ?? []).Where(r => !RoleCatalogue.IsKnown(r)))
            {
                c.Problem("response.proposal.by", $"unknown role '{role}' (roles: {string.Join(", ", RoleCatalogue.Ids)})",
                    $"未知的角色 '{role}'（可用：{string.Join("、", RoleCatalogue.Ids)}）");
                ok = false;
            }

            proposal = ok ? new ResponseProposal([.. pd.By!], proposalLevels) : null;
        }

        if (d.Adjustment?.By is { } adjustedBy && adjustedBy != "activating-body")
        {
            c.Problem("response.adjustment.by", $"'{adjustedBy}' is not activating-body (the only adjusting body a plan names: road 5.7 由启动响应的主体)",
                $"'{adjustedBy}' 不是 activating-body（预案写明的调整主体只有“由启动响应的主体”，见道路交通预案 5.7）");
        }

        var measures = new List<Measure>();
        foreach (var (md, i) in (d.Measures ?? []).Select((m, i) => (m, i)))
        {
            var name = $"response.measures[{i}]";
            if (!Names.TryParseLevel(md.Level, out var level) || !levels.Exists(l => l.Level == level))
            {
                c.Problem(name, $"level '{md.Level}' is not a level of this plan", $"'{md.Level}' 不是本预案的响应级别");
                continue;
            }

            name = $"measure {md.Clause} ({md.Level})";
            var ok = c.Require(md.Clause, name + ".clause") & c.Require(md.Words, name + ".words");
            if (md.Lead is not { Count: > 0 } || md.Lead.Exists(string.IsNullOrWhiteSpace))
            {
                c.Problem(name, "lead is empty: which unit leads this measure?", "“lead” 为空：应写明哪个单位牵头这项措施");
                ok = false;
            }

            // A lead or partner is named by the measure's words (or, where they name none, by the quoted leadWords),
            // so a unit cannot be attached from elsewhere.
            foreach (var unit in (md.Lead ?? []).Concat(md.With ?? []).Where(u => !string.IsNullOrWhiteSpace(u)
                         && md.Words?.Contains(u, StringComparison.Ordinal) == false && md.LeadWords?.Contains(u, StringComparison.Ordinal) != true))
            {
                c.Problem(name, $"unit '{unit}' is named neither in the measure's words nor in its leadWords",
                    $"单位 '{unit}' 既不在这项措施的原文 “words” 中，也不在 “leadWords” 中");
                ok = false;
            }

            if (ok)
            {
                measures.Add(new Measure(level, md.Clause!, md.Lead!.ToArray(), (md.With ?? []).ToArray(), md.Words!, md.LeadWords));
            }
        }

        // A level whose list says it builds on another's (C 4.3.3(3) 在 II 级响应措施的基础上采取以下措施) takes that level's own list;
        // one step only, so what a level takes is read off the two lists the words name.
        var includes = new List<MeasureInclude>();
        foreach (var (id, i) in (d.MeasuresInclude ?? []).Select((m, i) => (m, i)))
        {
            var name = $"response.measuresInclude[{i}]";
            if (!(c.Require(id.Clause, name + ".clause") & c.Require(id.Words, name + ".words")))
            {
                continue;
            }

            if (!Names.TryParseLevel(id.Level, out var level) || !levels.Exists(l => l.Level == level)
                || !Names.TryParseLevel(id.Includes, out var included) || !levels.Exists(l => l.Level == included))
            {
                c.Problem(name, $"'{id.Level}' or '{id.Includes}' is not a level of this plan", $"'{id.Level}' 或 '{id.Includes}' 不是本预案的响应级别");
            }
            else if (level == included || includes.Exists(x => x.Level == level))
            {
                c.Problem(name, $"level {id.Level} includes itself or is listed twice", $"响应级别 {id.Level} 包含自身或重复列出");
            }
            else if (!measures.Exists(m => m.Level == included))
            {
                c.Problem(name, $"level {id.Includes} lists no measures to include", $"响应级别 {id.Includes} 没有列出可包含的措施");
            }
            else
            {
                includes.Add(new MeasureInclude(level, included, id.Clause!, id.Words!));
            }
        }

        foreach (var chained in includes.Where(x => includes.Exists(y => y.Level == x.Includes)))
        {
            c.Problem($"response.measuresInclude ({Names.Of(chained.Level)})",
                $"level {Names.Of(chained.Includes)} itself includes another level's measures; say what {Names.Of(chained.Level)} takes in one step",
                $"响应级别 {Names.Of(chained.Includes)} 本身又包含其他级别的措施；请直接写明 {Names.Of(chained.Level)} 包含哪一级");
        }

        var rules = new List<Rule>();
        foreach (var (rd, i) in (d.Rules ?? []).Select((r, i) => (r, i)))
        {
            var name = rd.Id ?? $"response.rules[{i}]";
            if (!Names.TryParseLevel(rd.Level, out var level))
            {
                c.Problem(name, $"level '{rd.Level}' is not one of I, II, III, IV", $"“level” 的值 '{rd.Level}' 不是 I、II、III、IV 之一");
                continue;
            }

            if (!levels.Exists(l => l.Level == level))
            {
                c.Problem(name, $"level {rd.Level} is not defined in response.levels", $"响应级别 {rd.Level} 没有在 “response.levels” 中定义");
                continue;
            }

            if (rd.Grade is not null)
            {
                c.Problem(name, "a response rule reaches a level, not a grade; use gradeAtLeast to test the grade",
                    "响应规则判定的是响应级别，不是等级，不能写 “grade”；要以等级为条件，请用 “gradeAtLeast”");
            }

            var rule = ReadRule(rd, name, (int)level, hasGrade: true, c);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        foreach (var level in levels.Where(l => !rules.Exists(r => r.Outcome == (int)l.Level)))
        {
            c.Problem($"level {Names.Of(level.Level)}", "no rule reaches this level", "没有规则判定为这一响应级别");
        }

        CheckSeries(rules, "response", c);
        PairSharesWithHeadCounts(rules, c);

        // A plan whose lowest level is not reached by every report must say what happens then, so a
        // "no response" result still cites the plan.
        var everyReportReachesALevel = rules.Exists(r => r.Test.Kind == RuleKind.GradeAtLeast && r.Test.MinGrade == Grade.Ordinary)
                                       || rules.Exists(r => r.Test.Kind == RuleKind.Quantity && r.Test.AtLeast == 0 && r.Test.When is null);
        if (!everyReportReachesALevel && (d.NoResponse?.Clause is null || d.NoResponse.Words is null))
        {
            c.Problem("response.noResponse", "clause and words for a report that reaches no level are missing",
                "缺少达不到任何响应级别时所依据的条款号 “clause” 和原文 “words”");
        }

        var suggestions = new List<RaiseSuggestion>();
        foreach (var (s, i) in (d.RaiseSuggestions ?? []).Select((s, i) => (s, i)))
        {
            var name = $"response.raiseSuggestions[{i}]";
            if (c.Require(s.Id, name + ".id") & c.Require(s.Clause, name + ".clause") & c.Require(s.Words, name + ".words"))
            {
                if (FigureNames.TryParse(s.Judgement, out Judgement judgement))
                {
                    suggestions.Add(new RaiseSuggestion(s.Id!, judgement, s.Clause!, s.Words!, s.Direct ?? false));
                }
                else
                {
                    c.Problem(name, $"unknown judgement '{s.Judgement}'", $"未知的研判情形 '{s.Judgement}'");
                }
            }
        }

        return new ResponseTable(
            levels.OrderByDescending(l => l.Level).ToArray(),
            new ClauseWords(d.TerminatedBy?.Clause ?? "", d.TerminatedBy?.Words ?? ""),
            d.Adjustment is null ? null : new ClauseWords(d.Adjustment.Clause ?? "", d.Adjustment.Words ?? ""),
            d.NoResponse is null ? null : new ClauseWords(d.NoResponse.Clause ?? "", d.NoResponse.Words ?? ""),
            rules.ToArray())
        {
            RaiseSuggestions = suggestions,
            Termination = termination,
            Organs = organs,
            Proposal = proposal,
            AdjustedBy = d.Adjustment?.By,
            Measures = measures.ToArray(),
            MeasureIncludes = includes.ToArray(),
            MeasuresNote = d.MeasuresNote,
        };
    }

    /// <summary>
    /// The organs of <c>response.organs</c>: each deciding role (every <c>activatedBy</c>) in exactly one, ranks highest first. 谁启动、谁终止
    /// is applied per organ (decision 0003), so a role without an organ, or in two, would leave it unsaid who may end its level.
    /// </summary>
    /// <summary>
    /// <c>response.terminatedBy.proposal</c>: who proposes ending a response (N 2.2(2) 提出……终止建议); null when absent or incomplete (a problem is
    /// recorded for the latter).
    /// </summary>
    private static TerminationProposal? ReadTerminationProposal(TerminationProposalDocument? d, Context c)
    {
        if (d is null)
        {
            return null;
        }

        var ok = c.Require(d.Clause, "response.terminatedBy.proposal.clause") & c.Require(d.Words, "response.terminatedBy.proposal.words");
        if (d.By is not { Count: > 0 })
        {
            c.Problem("response.terminatedBy.proposal.by", "names no role", "“by” 未列出任何角色");
            ok = false;
        }

        ok &= c.RequireKnownRoles(d.By ?? [], "response.terminatedBy.proposal.by");
        return ok ? new TerminationProposal([.. d.By!], d.Clause!, d.Words!) : null;
    }

    private static CommandOrgan[] ReadOrgans(List<OrganDocument>? documents, List<LevelDefinition> levels, Context c)
    {
        if (documents is not { Count: > 0 })
        {
            c.Problem("response.organs", "no organs: say which organ each deciding role belongs to, highest rank first (谁启动、谁终止 is applied per organ)",
                "缺少 “organs”：应写明每个有权启动响应的角色属于哪个机构及其位次（“谁启动、谁终止”按机构适用）");
            return [];
        }

        var organs = new List<CommandOrgan>();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (od, i) in documents.Select((o, i) => (o, i)))
        {
            var name = $"response.organs[{i}]";
            var ok = c.Require(od.Id, name + ".id") & c.Require(od.Name, name + ".name") & c.Require(od.Clause, name + ".clause") & c.Require(od.Words, name + ".words");
            if (od.Id is not null && organs.Exists(o => o.Id == od.Id))
            {
                c.Problem(name, $"organ '{od.Id}' is listed twice", $"机构 '{od.Id}' 重复列出");
                ok = false;
            }

            if (od.Ranks is not { Count: > 0 })
            {
                c.Problem(name + ".ranks", "names no role", "“ranks” 未列出任何角色");
                ok = false;
            }

            ok &= c.RequireKnownRoles(od.Ranks ?? [], name);
            foreach (var role in od.Ranks ?? [])
            {
                if (owner.TryGetValue(role, out var other))
                {
                    c.Problem(name + ".ranks", $"role '{role}' is already in organ '{other}': a role belongs to one organ",
                        $"角色 '{role}' 已属于机构 '{other}'：一个角色只能属于一个机构");
                    ok = false;
                }
                else
                {
                    owner[role] = od.Id ?? name;
                }
            }

            if (ok)
            {
                organs.Add(new CommandOrgan(od.Id!, od.Name!, [.. od.Ranks!], od.Clause!, od.Words!, od.Reading));
            }
        }

        foreach (var role in levels.SelectMany(l => l.ActivatedBy).Distinct(StringComparer.Ordinal).Where(r => !owner.ContainsKey(r)))
        {
            c.Problem("response.organs", $"role '{role}' may activate a level but is in no organ, so nobody could say who ends its level",
                $"角色 '{role}' 有权启动响应，但未列入任何机构，无从确定由谁终止其启动的响应");
        }

        return [.. organs];
    }

    private static Rule? ReadRule(RuleDocument d, string name, int outcome, bool hasGrade, Context c)
    {
        var ok = c.Require(d.Id, name + ".id") & c.Require(d.Clause, name + ".clause") & c.Require(d.Words, name + ".words");
        var kinds = (d.Quantity is not null ? 1 : 0) + (d.GradeAtLeast is not null ? 1 : 0) + (d.Judgement is not null ? 1 : 0)
                    + (d.Decision is not null ? 1 : 0) + (d.Counties is not null ? 1 : 0) + (d.Pollution is not null ? 1 : 0);
        if (kinds != 1)
        {
            c.Problem(name, $"a rule needs exactly one test (quantity, gradeAtLeast, judgement, decision, counties or pollution); found {kinds}",
                $"一条规则须有且只有一个判定条件（quantity、gradeAtLeast、judgement、decision、counties、pollution 之一），实际有 {kinds} 个");
            return null;
        }

        Fact? when = null;
        if (d.When is not null)
        {
            if (FigureNames.TryParse(d.When, out Fact fact))
            {
                when = fact;
            }
            else
            {
                c.Problem(name, $"unknown fact '{d.When}' in when", $"“when” 中的 '{d.When}' 不是已知的事实项");
                ok = false;
            }
        }

        RuleTest? test = null;
        if (d.Quantity is not null)
        {
            var figures = ReadFigures(d.Quantity, name, c);
            if (figures is null)
            {
                return null;
            }

            if (d.AtLeast is not { } atLeast || atLeast < 0)
            {
                c.Problem(name, "atLeast (以上, included) is missing or negative", "“atLeast”（以上，含本数）缺失或为负数");
                return null;
            }

            if (d.Below is { } below && below <= atLeast)
            {
                c.Problem(name, $"below ({below}) must be greater than atLeast ({atLeast})", $"“below”（{below}）必须大于 “atLeast”（{atLeast}）");
                ok = false;
            }

            if (d.ShareOf is not null)
            {
                if (d.ShareOf != "agriculturalPopulation")
                {
                    c.Problem(name, $"unknown city figure '{d.ShareOf}' in shareOf (known: agriculturalPopulation)",
                        $"“shareOf” 中的 '{d.ShareOf}' 不是已知的城市数据（可用：agriculturalPopulation）");
                    return null;
                }

                if (atLeast > 1 || d.Below > 1)
                {
                    c.Problem(name, "a share is written as a fraction between 0 and 1 (25% is 0.25)", "比例应写成 0 到 1 之间的小数（25% 写作 0.25）");
                    ok = false;
                }

                if (figures.Contains(Figure.DirectLossWan))
                {
                    c.Problem(name, "a share is taken of people, not of an amount of money", "比例只能按人数计算，不能按金额计算");
                    ok = false;
                }

                // Head counts are whole: "at least 25% of 800,001" is at least ceil(200,000.25) people.
                var people = decimal.Ceiling(atLeast * c.City.AgriculturalPopulation.Value);
                test = new RuleTest
                {
                    Kind = RuleKind.Share, Quantity = figures, AtLeast = atLeast, Below = d.Below, When = when, ShareOf = d.ShareOf,
                    Threshold = people, Mask = MaskOf(figures), ScaledThreshold = Scale(people),
                };
            }
            else
            {
                if (decimal.Round(atLeast, 2) != atLeast || (d.Below is { } b2 && decimal.Round(b2, 2) != b2))
                {
                    c.Problem(name, "thresholds may have at most two decimal places (万元 to the hundredth)", "阈值最多两位小数（万元精确到百分位）");
                    ok = false;
                }

                test = new RuleTest
                {
                    Kind = RuleKind.Quantity, Quantity = figures, AtLeast = atLeast, Below = d.Below, When = when, Threshold = atLeast,
                    Mask = MaskOf(figures), ScaledThreshold = Scale(atLeast),
                };
            }
        }
        else if (d.AtLeast is not null || d.Below is not null || d.ShareOf is not null)
        {
            c.Problem(name, "atLeast/below/shareOf only go with a quantity", "“atLeast”、“below”、“shareOf” 只能与 “quantity” 一起使用");
            ok = false;
        }

        if (d.GradeAtLeast is not null)
        {
            if (!hasGrade)
            {
                c.Problem(name, "gradeAtLeast is only meaningful in a response rule", "“gradeAtLeast” 只能用于响应规则");
                ok = false;
            }

            if (!Names.TryParseGrade(d.GradeAtLeast, out var grade))
            {
                c.Problem(name, $"gradeAtLeast '{d.GradeAtLeast}' is not a grade",
                    $"“gradeAtLeast” 的值 '{d.GradeAtLeast}' 不是等级（ordinary、relatively-serious、serious、especially-serious）");
                return null;
            }

            test = new RuleTest { Kind = RuleKind.GradeAtLeast, MinGrade = grade, When = when };
        }

        if (d.Judgement is not null)
        {
            if (!FigureNames.TryParse(d.Judgement, out Judgement judgement))
            {
                c.Problem(name, $"unknown judgement '{d.Judgement}'", $"未知的研判情形 '{d.Judgement}'");
                return null;
            }

            test = new RuleTest { Kind = RuleKind.Judgement, Judgement = judgement, When = when };
        }

        if (d.Decision is not null)
        {
            if (d.Decision != true)
            {
                c.Problem(name, "decision must be true (指挥部认为应当启动本级响应的其他情形)", "“decision” 只能为 true（指挥部认为应当启动本级响应的其他情形）");
                return null;
            }

            test = new RuleTest { Kind = RuleKind.Decision, When = when };
        }

        if (d.Counties is not null)
        {
            if (d.Counties.AtLeast is not >= 1)
            {
                c.Problem(name, "counties.atLeast must be 1 or more", "“counties.atLeast” 必须大于或等于 1");
                return null;
            }

            if (d.Counties.Adjacent == true && d.Counties.AtLeast != 2)
            {
                c.Problem(name, "counties.adjacent is defined for exactly 2 counties",
                    "“counties.adjacent” 只适用于正好 2 个县（市、区），“counties.atLeast” 应为 2");
                ok = false;
            }

            test = new RuleTest { Kind = RuleKind.Counties, CountiesAtLeast = d.Counties.AtLeast.Value, CountiesAdjacent = d.Counties.Adjacent ?? false, When = when };
        }

        if (d.Pollution is not null)
        {
            if (!Names.TryParsePollution(d.Pollution, out var pollution) || pollution == Pollution.None)
            {
                c.Problem(name, $"pollution '{d.Pollution}' must be 'some' or 'major'", $"“pollution” 的值 '{d.Pollution}' 应为 some 或 major");
                return null;
            }

            test = new RuleTest { Kind = RuleKind.Pollution, MinPollution = pollution, When = when };
        }

        return ok && test is not null ? new Rule(d.Id!, d.Clause!, d.Words!, outcome, test) : null;
    }

    private static uint MaskOf(Figure[] figures) => figures.Aggregate(0u, (mask, f) => mask | (1u << (int)f));

    private static long Scale(decimal value) =>
        value * 100m >= Assessment.IncidentInput.MaxScaledValue ? Assessment.IncidentInput.MaxScaledValue : (long)decimal.Ceiling(value * 100m);

    private static Figure[]? ReadFigures(List<string> names, string rule, Context c)
    {
        if (names.Count == 0)
        {
            c.Problem(rule, "quantity names no figure", "“quantity” 没有列出任何数据项");
            return null;
        }

        var figures = new Figure[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!FigureNames.TryParse(names[i], out figures[i]))
            {
                c.Problem(rule, $"unknown figure '{names[i]}' (known: {string.Join(", ", FigureNames.AllFigures)})",
                    $"未知的数据项 '{names[i]}'（可用：{string.Join("、", FigureNames.AllFigures)}）");
                return null;
            }
        }

        if (figures.Distinct().Count() != figures.Length)
        {
            c.Problem(rule, "a figure is named twice in one quantity", "同一个 “quantity” 中有重复的数据项");
            return null;
        }

        return figures;
    }

    /// <summary>
    /// Pairs each share of the city's population with the head count of the same level and clause whose band it equals on the city file's figure
    /// (N 5.1.1(4) "需政府救助人数占本市农业人口25%以上,或20万人以上": 25% of the derived 80万 is 20万): one threshold, said once (ADR 0003 #88). A
    /// population the city states otherwise leaves them apart, two thresholds as the plan's 或 has them.
    /// </summary>
    private static void PairSharesWithHeadCounts(List<Rule> rules, Context c)
    {
        foreach (var share in rules.Where(r => r.Test.Kind == RuleKind.Share))
        {
            var below = share.Test.Below is { } b ? decimal.Ceiling(b * c.City.AgriculturalPopulation.Value) : (decimal?)null;
            var twin = rules.FirstOrDefault(r => r.Test.Kind == RuleKind.Quantity && r.Outcome == share.Outcome && r.Clause == share.Clause
                                                 && r.Test.Mask == share.Test.Mask && r.Test.When == share.Test.When
                                                 && r.Test.Threshold == share.Test.Threshold && r.Test.Below == below && r.ShareTwin is null);
            if (twin is not null)
            {
                share.HeadCountTwin = twin;
                twin.ShareTwin = share;
            }
        }
    }

    /// <summary>
    /// Rules over the same quantity (and precondition) form a series of bands. Going up in severity the
    /// thresholds must rise, and where a band states its upper bound (以下) it must meet the next band's
    /// lower bound (以上), so that every value falls in exactly one band.
    /// </summary>
    private static void CheckSeries(List<Rule> rules, string table, Context c)
    {
        var series = rules
            .Where(r => r.Test.Kind is RuleKind.Quantity or RuleKind.Share)
            .GroupBy(r => string.Join('+', r.Test.Quantity.Order()) + "|" + r.Test.When + "|" + r.Test.ShareOf, StringComparer.Ordinal)
            .ToArray();
        var seriesIndex = 0;
        foreach (var group in series)
        {
            var bands = group.OrderBy(r => r.Outcome).ToArray();
            foreach (var rule in bands)
            {
                rule.Series = seriesIndex;
            }

            seriesIndex++;
            for (var i = 1; i < bands.Length; i++)
            {
                var lower = bands[i - 1];
                var higher = bands[i];
                if (higher.Outcome == lower.Outcome)
                {
                    c.Problem(higher.Id, $"{table}: two bands of the same series reach the same outcome as {lower.Id}",
                        $"“{table}” 中同一组分档的规则与 {lower.Id} 判定为同一结果");
                }
                else if (higher.Test.AtLeast <= lower.Test.AtLeast)
                {
                    c.Problem(higher.Id, $"{table}: thresholds are not monotone: atLeast {higher.Test.AtLeast} for a more severe outcome is not above {lower.Test.AtLeast} of {lower.Id}",
                        $"“{table}” 中阈值没有随严重程度递增：更严重一档的 “atLeast” {higher.Test.AtLeast} 不大于 {lower.Id} 的 {lower.Test.AtLeast}");
                }
                else if (lower.Test.Below is { } below && below != higher.Test.AtLeast)
                {
                    c.Problem(lower.Id, $"{table}: band ends below {below} but the next band ({higher.Id}) starts at {higher.Test.AtLeast}: bands must meet",
                        $"“{table}” 中本档止于 “below” {below}，下一档（{higher.Id}）却从 {higher.Test.AtLeast} 开始：相邻两档必须首尾相接");
                }
            }

            var top = bands[^1];
            if (top.Test.Below is not null)
            {
                c.Problem(top.Id, $"{table}: the most severe band of a series cannot have an upper bound (below)",
                    $"“{table}” 中一组分档里最严重的一档不能设上限 “below”");
            }
        }
    }

    /// <summary>
    /// Rules that share a code are one duty (<see cref="Incidents.RepeatingDuties"/>): an incident keeps one chain of periods per code, the
    /// most demanding assessed rule reschedules it (续报 daily at 较大, every 4 hours at 重大), and a new level's rule continues a chain
    /// that runs (每日向市安委办报告 at Ⅱ, then at Ⅰ). So either every rule of a code repeats or none does, and rules a level starts
    /// repeat at one cadence: a level's rule cannot change how often the chain it continues falls due.
    /// </summary>
    private static void CheckSharedCodes(IEnumerable<ObligationRule?> obligations, Context c)
    {
        foreach (var code in obligations.OfType<ObligationRule>().GroupBy(o => o.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            if (code.Any(o => o.Every is null) && code.Any(o => o.Every is not null))
            {
                c.Problem($"obligation {code.Key}", "rules that share a code are one duty: either all of them repeat (every) or none does",
                    "同一 “code” 的各条规则是同一项职责：要么都写 “every”（重复），要么都不写");
            }
            else if (code.Any(o => o.Start == DutyStart.Activation && o.Every is not null)
                     && code.Select(o => (o.Every, o.SpecialEvery)).Distinct().Count() > 1)
            {
                c.Problem($"obligation {code.Key}",
                    "repeating rules a level starts that share a code continue one chain, so they must repeat at the same every and specialEvery",
                    "同一 “code” 的重复职责由响应启动时，各级别延续同一组周期，“every” 和 “specialEvery” 必须相同");
            }
        }
    }

    /// <summary>
    /// A duty's code names one party: the entries that share a code (a duty raised at several levels) agree on <c>outsideCommand</c>, so
    /// whether a drill counts a duty against its participants does not depend on which level raised it.
    /// </summary>
    private static void CheckOutsideCommand(IReadOnlyList<ObligationRule?> obligations, Context c)
    {
        foreach (var code in obligations.OfType<ObligationRule>().GroupBy(o => o.Code, StringComparer.Ordinal)
                     .Where(g => g.Select(o => o.OutsideCommand).Distinct().Count() > 1).Select(g => g.Key))
        {
            c.Problem($"obligation {code}", "the duties that share this code disagree on outsideCommand",
                "同一 “code” 的各项职责 “outsideCommand” 须一致（同一职责由同一主体承担）");
        }
    }

    private static ObligationRule? ReadObligation(ObligationDocument d, int index, bool hasGradeTable, Context c)
    {
        var name = d.Code is null ? $"obligations[{index}]" : $"obligation {d.Code}";
        var ok = c.Require(d.Code, name + ".code") & c.Require(d.Reporter, name + ".reporter") & c.Require(d.Start, name + ".start")
                 & c.Require(d.Clause, name + ".clause") & c.Require(d.Words, name + ".words");
        var start = DutyStart.Occurrence;
        if (d.Start is not null && !DutyNames.TryParse(d.Start, out start))
        {
            c.Problem(name, $"start '{d.Start}' is not one of {string.Join(", ", DutyNames.StartNames)}",
                $"“start” 的值 '{d.Start}' 不是 {string.Join("、", DutyNames.StartNames)} 之一");
            ok = false;
        }

        // A duty of work its reporter does itself (C 5.2 总结……评估, said by its act) may name no reader, as the text names none.
        if (start != DutyStart.Calendar && d.To is null && !(d.Act is { } work && DutyWords.NamesWork(work)))
        {
            c.Problem(name, "to (whom the report goes to) is required", "缺少 “to”（向谁报告）");
            ok = false;
        }

        if ((start == DutyStart.PreviousReport) != (d.After is not null))
        {
            c.Problem(name, "after (the duty whose report starts this one) goes with start previous-report, and only with it",
                "“after”（以哪一项职责的报告起算）只与 start previous-report 搭配：start 为 previous-report 时必须写，否则不能写");
            ok = false;
        }

        if ((start == DutyStart.Calendar) != (d.Calendar is not null))
        {
            c.Problem(name, "calendar (the schedule) goes with start calendar, and only with it",
                "“calendar”（日程）只与 start calendar 搭配：start 为 calendar 时必须写，否则不能写");
            ok = false;
        }

        var due = ParseDuration(d.Due, name + ".due", c, ref ok);
        var every = ParseDuration(d.Every, name + ".every", c, ref ok);
        var specialEvery = ParseDuration(d.SpecialEvery, name + ".specialEvery", c, ref ok);
        var timing = d.Timing switch
        {
            null or "fixed" => ObligationTiming.Fixed,
            "immediately" => ObligationTiming.Immediately,
            "promptly" => ObligationTiming.Promptly,
            "on-completion" => ObligationTiming.OnCompletion,
            _ => Problem(ObligationTiming.Fixed, ref ok, c, name, $"timing '{d.Timing}' is not one of fixed, immediately, promptly, on-completion",
                $"“timing” 的值 '{d.Timing}' 不是 fixed、immediately、promptly、on-completion 之一"),
        };

        if (start != DutyStart.Calendar && (timing == ObligationTiming.Fixed) != (due is not null))
        {
            c.Problem(name, "a fixed duty needs due (an ISO 8601 duration such as PT30M); immediately, promptly and on-completion take none",
                "有固定时限的职责（fixed）须写 “due”（ISO 8601 时长，如 PT30M）；immediately、promptly、on-completion 不写 “due”");
            ok = false;
        }

        var until = ReadUntil(d.Until, name, c, ref ok);

        if (every is null && (until is not null || specialEvery is not null))
        {
            c.Problem(name, "until and specialEvery belong to a repeating duty (every)", "“until” 和 “specialEvery” 只用于重复的职责（写了 “every” 的）");
            ok = false;
        }

        if (d.RunsFromReport is not null && every is null)
        {
            c.Problem(name, "runsFromReport belongs to a repeating duty (every)", "“runsFromReport” 只用于重复的职责（写了 “every” 的）");
            ok = false;
        }

        if (specialEvery is { } special && every is { } period && special >= period)
        {
            c.Problem(name, "specialEvery must be more frequent than every", "“specialEvery” 的间隔必须短于 “every”");
            ok = false;
        }

        var metBy = DutyMetBy.Recording;
        if (d.MetBy is not null && !DutyNames.TryParse(d.MetBy, out metBy))
        {
            c.Problem(name, $"metBy '{d.MetBy}' is not one of {string.Join(", ", DutyNames.MetByNames)}",
                $"“metBy” 的值 '{d.MetBy}' 不是 {string.Join("、", DutyNames.MetByNames)} 之一");
            ok = false;
        }

        if (d.OrderedBy is not null && (start != DutyStart.DispatchOrder || d.OrderedBy is not ("county" or "city")))
        {
            c.Problem(name, "orderedBy (county or city) goes with start dispatch-order only",
                "“orderedBy” 只能是 county 或 city，且只用于 start 为 dispatch-order 的职责");
            ok = false;
        }

        WarningColour? warningColour = null;
        if ((start == DutyStart.WarningIssued) != (d.WarningColour is not null))
        {
            c.Problem(name, "warningColour (the colour whose issue starts it) goes with start warning-issued, and only with it",
                "“warningColour”（哪一颜色预警的发布起算）只与 start warning-issued 搭配：start 为 warning-issued 时必须写，否则不能写");
            ok = false;
        }
        else if (d.WarningColour is not null)
        {
            if (Names.TryParseColour(d.WarningColour, out var colour))
            {
                warningColour = colour;
            }
            else
            {
                c.Problem(name, $"warningColour '{d.WarningColour}' is not one of blue, yellow, orange, red",
                    $"“warningColour” 的值 '{d.WarningColour}' 不是 blue、yellow、orange、red 之一");
                ok = false;
            }
        }

        ResponseLevel? proposedLevel = null;
        if ((start == DutyStart.Proposal) != (d.ProposedLevel is not null))
        {
            c.Problem(name, "proposedLevel (the level whose proposal starts it) goes with start proposal, and only with it",
                "“proposedLevel”（哪一级响应的启动建议起算）只与 start proposal 搭配：start 为 proposal 时必须写，否则不能写");
            ok = false;
        }
        else if (d.ProposedLevel is not null)
        {
            if (Names.TryParseLevel(d.ProposedLevel, out var level))
            {
                proposedLevel = level;
            }
            else
            {
                c.Problem(name, $"proposedLevel '{d.ProposedLevel}' is not one of I, II, III, IV", $"“proposedLevel” 的值 '{d.ProposedLevel}' 不是 I、II、III、IV 之一");
                ok = false;
            }
        }

        if (start == DutyStart.Proposal && (d.When is not null || every is not null))
        {
            // The proposal is recorded by a command that judges no figures, once: its level is the duty's condition (N 5.2.2 提出启动II级响应的建议,
            // 副主任报主任决定), and the decision on it comes once.
            c.Problem(name, "a duty a proposal starts is conditioned on the level proposed (proposedLevel), not on when, and does not repeat",
                "自提出启动建议起算的职责以所建议的级别（“proposedLevel”）为条件，不写 “when”，也不能重复");
            ok = false;
        }

        if ((metBy == DutyMetBy.ResponseDecision) && start != DutyStart.Proposal)
        {
            c.Problem(name, "metBy response-decision (met by the decision on the proposal) goes with start proposal only",
                "“metBy” 为 response-decision（由对启动建议的决定履行）只用于 start 为 proposal 的职责");
            ok = false;
        }

        if (start == DutyStart.WarningIssued && d.When is not null)
        {
            // The warning is issued by a command that judges no figures: its colour is the duty's condition (4.4.1 二级(橙色)预警……同时上报).
            c.Problem(name, "a duty a warning's issue starts is conditioned on its colour (warningColour), not on when",
                "自发布预警起算的职责以预警颜色（“warningColour”）为条件，不写 “when”");
            ok = false;
        }

        ok &= CheckAct(d, start, name, c);

        var validFrom = ParseDate(d.ValidFrom, name + ".validFrom", c, ref ok);
        var validUntil = ParseDate(d.ValidUntil, name + ".validUntil", c, ref ok);
        if ((validFrom is not null || validUntil is not null) && d.Source is null)
        {
            c.Problem(name, "a duty with its own period of validity needs source (the document it comes from)", "有单独有效期的职责须写 “source”（出自哪份文件）");
            ok = false;
        }

        var calendar = d.Calendar is null ? null : ReadCalendar(d.Calendar, name, c, ref ok);
        var condition = d.When is null ? null : ReadCondition(d.When, name, hasGradeTable, c, ref ok);
        if (d.OnlyWhenActivatedBy is { Count: > 0 } activators)
        {
            if (start != DutyStart.Activation)
            {
                c.Problem(name + ".onlyWhenActivatedBy", "only a duty that starts at activation can depend on who activated", "只有自启动响应起算的职责才能按启动主体区分");
                ok = false;
            }

            foreach (var role in activators.Where(r => !RoleCatalogue.IsKnown(r)))
            {
                c.Problem(name + ".onlyWhenActivatedBy", $"unknown role '{role}'", $"未知的角色 '{role}'");
                ok = false;
            }
        }

        if (d.EachCounty is not null)
        {
            // N 5.6: a duty owed by each county, or for each county, once per county of the list (ADR 0003 #83). The lists are the figures the
            // incident knows how to count (its own county among them); a repeating duty or a calendar one would need periods per county.
            if (!CountyLists.IsKnown(d.EachCounty))
            {
                c.Problem(name + ".eachCounty", $"eachCounty '{d.EachCounty}' is not one of {string.Join(", ", CountyLists.Names)}",
                    $"“eachCounty” 的值 '{d.EachCounty}' 不是 {string.Join("、", CountyLists.Names)} 之一");
                ok = false;
            }
            else if (every is not null || d.Calendar is not null || start is not (DutyStart.Activation or DutyStart.Receipt))
            {
                c.Problem(name + ".eachCounty", "a duty owed per county starts at activation or on receipt, and does not repeat",
                    "按县（市、区）分别承担的职责只能自启动响应或接报起算，且不能重复");
                ok = false;
            }
        }

        return ok
            ? new ObligationRule(d.Code!, d.Reporter!, d.To, d.Clause!, d.Words!, condition, start, d.After, due, every, until, specialEvery, timing, metBy,
                d.OrderedBy, validFrom, validUntil, d.Source, calendar, d.Act, d.SupersededBy?.ToArray())
            {
                OnlyWhenActivatedBy = d.OnlyWhenActivatedBy?.ToArray() ?? [],
                OutsideCommand = d.OutsideCommand ?? false,
                EachCounty = d.EachCounty,
                WarningColour = warningColour,
                ProposedLevel = proposedLevel,
                RunsFromReport = d.RunsFromReport ?? false,
            }
            : null;
    }

    /// <summary>
    /// A duty is said <c>向{to}报告</c> unless its <c>act</c> says what is done (ADR 0003, <see cref="DutyWords"/>). The act is a phrase in the
    /// plan's words, so it names a verb of the plan's (通知, 通报, 上报, 报告…) and only verbs its words use; a delivery is said 调拨物资运抵…
    /// whatever the file says, so it takes none. Without an act, words that do a duty by 通知, 通报, 抄送, 抄报, 备案 or 批准, or a
    /// <c>to</c> that joins a second action (“上级部门，同时同级党委和政府”), would be said as a report to the wrong reader: refused.
    /// </summary>
    private static bool CheckAct(ObligationDocument d, DutyStart start, string name, Context c)
    {
        if (d.Act is { } act)
        {
            if (string.IsNullOrWhiteSpace(act) || act.Trim() != act)
            {
                c.Problem(name, "act (what is done and to whom) must be a phrase without surrounding spaces; leave it out for 向{to}报告",
                    "“act”（做什么、对谁）须为不含首尾空白的短语；向{to}报告的职责不写 “act”");
                return false;
            }

            if (DutyWords.IsDelivery(start))
            {
                c.Problem(name, "a delivery (start dispatch-order) takes no act: it is said 调拨物资运抵{to}",
                    "调拨物资的职责（start 为 dispatch-order）不写 “act”：统一表述为“调拨物资运抵{to}”");
                return false;
            }

            var verbs = DutyWords.VerbsIn(act).ToArray();
            if (verbs.Length == 0)
            {
                c.Problem(name, $"act '{act}' names no verb of what is done ({string.Join(", ", DutyWords.Verbs)})",
                    $"“act” '{act}' 没有写明做什么（{string.Join("、", DutyWords.Verbs)}）");
                return false;
            }

            if (d.Words is { } words && verbs.Where(v => !words.Contains(v, StringComparison.Ordinal)).ToArray() is { Length: > 0 } foreign)
            {
                c.Problem(name, $"act '{act}' says {string.Join(", ", foreign)}, which the plan's words do not",
                    $"“act” '{act}' 中的“{string.Join("”“", foreign)}”不见于预案原文 “words”");
                return false;
            }

            return true;
        }

        if (DutyWords.IsDelivery(start) || string.IsNullOrEmpty(d.To))
        {
            return true;
        }

        if (d.Words is { } text && DutyWords.OtherVerbsIn(text).ToArray() is { Length: > 0 } other)
        {
            c.Problem(name, $"the words say {string.Join(", ", other)}: write act (what is done and to whom, e.g. 通知…) — without it the duty reads 向{d.To}报告",
                $"预案原文有“{string.Join("”“", other)}”：须写 “act”（做什么、对谁，如“通知……”），否则该职责会表述为“向{d.To}报告”");
            return false;
        }

        if (JoinsASecondAction(d.To))
        {
            c.Problem(name, $"to '{d.To}' joins a second action: write act (e.g. 向…报告，同时报告…) — without it the duty reads 向{d.To}报告",
                $"“to” '{d.To}' 含有第二个动作：须写 “act”（如“向……报告，同时报告……”），否则该职责会表述为“向{d.To}报告”");
            return false;
        }

        return true;

        // A comma outside the reading notes in brackets (（原文未写明对象，读作到场者）) starts another clause: “上级部门，同时同级党委和政府”.
        static bool JoinsASecondAction(string to)
        {
            var depth = 0;
            foreach (var ch in to)
            {
                switch (ch)
                {
                    case '（' or '(':
                        depth++;
                        break;
                    case '）' or ')':
                        depth = Math.Max(0, depth - 1);
                        break;
                    case '，' or ',' when depth == 0:
                        return true;
                }
            }

            return false;
        }
    }

    private static T Problem<T>(T fallback, ref bool ok, Context c, string name, string problem, string chinese)
    {
        c.Problem(name, problem, chinese);
        ok = false;
        return fallback;
    }

    private static DateOnly? ParseDate(string? text, string name, Context c, ref bool ok)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        c.Problem(name, $"'{text}' is not a date (yyyy-MM-dd)", $"'{text}' 不是日期（格式为 yyyy-MM-dd）");
        ok = false;
        return null;
    }

    private static CalendarRule? ReadCalendar(CalendarDocument d, string name, Context c, ref bool ok)
    {
        TimeSpan? every = null;
        int? years = null;
        if (d.Every is not null)
        {
            // Years and months are calendar periods, not fixed durations: P3Y is read as 3 × 365 days for ordering only.
            var m = System.Text.RegularExpressions.Regex.Match(d.Every, "^P(\\d+)Y$");
            years = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            every = years is { } y ? TimeSpan.FromDays(365 * y) : ParseDuration(d.Every, name + ".calendar.every", c, ref ok);
        }

        var from = ParseMonthDay(d.From, name + ".calendar.from", c, ref ok);
        var by = ParseMonthDay(d.By, name + ".calendar.by", c, ref ok);
        return new CalendarRule(every, from, by, d.Every, years);
    }

    private static (int Month, int Day)? ParseMonthDay(string? text, string name, Context c, ref bool ok)
    {
        if (text is null)
        {
            return null;
        }

        // XML Schema gMonthDay: --MM-DD.
        if (text.Length == 7 && text.StartsWith("--", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month))
        {
            return (month, day);
        }

        c.Problem(name, $"'{text}' is not a day of the year (--MM-DD)", $"'{text}' 不是一年中的日期（格式为 --MM-DD）");
        ok = false;
        return null;
    }

    private static TimeSpan? ParseDuration(string? text, string name, Context c, ref bool ok)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var span = XmlConvert.ToTimeSpan(text);
            if (span <= TimeSpan.Zero)
            {
                c.Problem(name, "duration must be positive", "时长必须大于零");
                ok = false;
            }

            return span;
        }
        catch (FormatException)
        {
            c.Problem(name, $"'{text}' is not an ISO 8601 duration (PT30M, PT1H, P1D)", $"'{text}' 不是 ISO 8601 时长（如 PT30M、PT1H、P1D）");
            ok = false;
            return null;
        }
    }

    private static ObligationCondition? ReadCondition(ConditionDocument d, string name, bool hasGradeTable, Context c, ref bool ok)
    {
        var kinds = (d.ReportingGrade is not null ? 1 : 0) + (d.Grade is not null ? 1 : 0) + (d.DeclaredGrade is not null ? 1 : 0)
                    + (d.Level is not null ? 1 : 0) + (d.ActivatedLevel is not null ? 1 : 0) + (d.Fact is not null ? 1 : 0)
                    + (d.Judgement is not null ? 1 : 0) + (d.Quantity is not null ? 1 : 0) + (d.AnyCounty is not null ? 1 : 0) + (d.Any is not null ? 1 : 0)
                    + (d.All is not null ? 1 : 0);
        if (kinds != 1)
        {
            c.Problem(name, $"when needs exactly one of reportingGrade, grade, declaredGrade, level, activatedLevel, fact, judgement, quantity, anyCounty, any, all; found {kinds}",
                $"“when” 须有且只有 reportingGrade、grade、declaredGrade、level、activatedLevel、fact、judgement、quantity、anyCounty、any、all 中的一项，实际有 {kinds} 项");
            ok = false;
            return null;
        }

        if ((d.ReportingGrade ?? d.Grade) is { } gradeRange)
        {
            if (!hasGradeTable)
            {
                c.Problem(name, "tests the grade but this plan has no grade table (use declaredGrade)",
                    "条件按等级判断，但本预案没有等级规则 “grade”：请改用 “declaredGrade”");
                ok = false;
            }

            return ReadGradeRange(gradeRange, d.ReportingGrade is not null ? ConditionKind.ReportingGrade : ConditionKind.Grade, name, c, ref ok);
        }

        if (d.DeclaredGrade is not null)
        {
            return ReadGradeRange(d.DeclaredGrade, ConditionKind.DeclaredGrade, name, c, ref ok);
        }

        if ((d.Level ?? d.ActivatedLevel) is { } levelRange)
        {
            var kind = d.Level is not null ? ConditionKind.Level : ConditionKind.ActivatedLevel;
            if (!Names.TryParseLevel(levelRange.AtLeast, out var level))
            {
                c.Problem(name, $"level '{levelRange.AtLeast}' in atLeast is not a level",
                    $"“atLeast” 中的 '{levelRange.AtLeast}' 不是响应级别（I、II、III、IV）");
                ok = false;
                return null;
            }

            var below = int.MaxValue;
            if (levelRange.Below is not null)
            {
                if (!Names.TryParseLevel(levelRange.Below, out var b) || b <= level)
                {
                    c.Problem(name, $"level '{levelRange.Below}' in below is not a level above atLeast (Ⅳ < Ⅲ < Ⅱ < Ⅰ)",
                        $"“below” 中的 '{levelRange.Below}' 不是高于 “atLeast” 的响应级别（Ⅳ < Ⅲ < Ⅱ < Ⅰ）");
                    ok = false;
                    return null;
                }

                below = (int)b;
            }

            return new ObligationCondition { Kind = kind, AtLeast = (int)level, Below = below };
        }

        if (d.Fact is not null)
        {
            if (!FigureNames.TryParse(d.Fact, out Fact fact))
            {
                c.Problem(name, $"unknown fact '{d.Fact}'", $"未知的事实项 '{d.Fact}'");
                ok = false;
                return null;
            }

            return new ObligationCondition { Kind = ConditionKind.Fact, Fact = fact };
        }

        if (d.Judgement is not null)
        {
            if (!FigureNames.TryParse(d.Judgement, out Judgement judgement))
            {
                c.Problem(name, $"unknown judgement '{d.Judgement}'", $"未知的研判情形 '{d.Judgement}'");
                ok = false;
                return null;
            }

            return new ObligationCondition { Kind = ConditionKind.Judgement, Judgement = judgement };
        }

        if (d.Quantity is not null)
        {
            var figures = ReadFigures(d.Quantity, name, c);
            if (figures is null || d.AtLeast is not > 0)
            {
                c.Problem(name, "a quantity test needs known figures and a positive atLeast", "数量条件须列出已知的数据项，并给出大于 0 的 “atLeast”");
                ok = false;
                return null;
            }

            return new ObligationCondition { Kind = ConditionKind.Quantity, Quantity = figures, QuantityAtLeast = d.AtLeast.Value };
        }

        if (d.AnyCounty is not null)
        {
            if (!CountyLists.IsKnown(d.AnyCounty))
            {
                c.Problem(name, $"anyCounty '{d.AnyCounty}' is not one of {string.Join(", ", CountyLists.Names)}",
                    $"“anyCounty” 的值 '{d.AnyCounty}' 不是 {string.Join("、", CountyLists.Names)} 之一");
                ok = false;
                return null;
            }

            return new ObligationCondition { Kind = ConditionKind.AnyCounty, Counties = d.AnyCounty };
        }

        var parts = new List<ObligationCondition>();
        foreach (var part in (d.Any ?? d.All)!)
        {
            if (ReadCondition(part, name, hasGradeTable, c, ref ok) is { } read)
            {
                parts.Add(read);
            }
        }

        if (parts.Count == 0)
        {
            c.Problem(name, (d.Any is not null ? "any" : "all") + " is empty", $"“{(d.Any is not null ? "any" : "all")}” 为空");
            ok = false;
        }

        return new ObligationCondition { Kind = d.Any is not null ? ConditionKind.Any : ConditionKind.All, Parts = [.. parts] };
    }

    private static ObligationCondition? ReadGradeRange(RangeDocument range, ConditionKind kind, string name, Context c, ref bool ok)
    {
        if (!Names.TryParseGrade(range.AtLeast, out var atLeast))
        {
            c.Problem(name, $"grade '{range.AtLeast}' in atLeast is not a grade",
                $"“atLeast” 中的 '{range.AtLeast}' 不是等级（ordinary、relatively-serious、serious、especially-serious）");
            ok = false;
            return null;
        }

        var below = int.MaxValue;
        if (range.Below is not null)
        {
            if (!Names.TryParseGrade(range.Below, out var b) || b <= atLeast)
            {
                c.Problem(name, $"grade '{range.Below}' in below is not a grade above atLeast", $"“below” 中的 '{range.Below}' 不是高于 “atLeast” 的等级");
                ok = false;
                return null;
            }

            below = (int)b + 1;
        }

        return new ObligationCondition { Kind = kind, AtLeast = (int)atLeast + 1, Below = below };
    }

    private static WorkGroup? ReadWorkGroup(WorkGroupDocument d, int index, ResponseTable? response, Context c)
    {
        var name = d.Name is null ? $"workGroups[{index}]" : $"work group {d.Name}";
        var ok = c.Require(d.Name, name + ".name") & c.Require(d.Clause, name + ".clause");
        var levels = ReadLevels(d.Levels, name + ".levels", response, c, ref ok);
        var mandatory = ReadLevels(d.MandatoryLevels, name + ".mandatoryLevels", response, c, ref ok);
        if (levels.Length == 0)
        {
            c.Problem(name, "levels is empty: at which levels is it set up?", "“levels” 为空：应写明在哪些响应级别下成立这个工作组");
            ok = false;
        }

        if (mandatory.Except(levels).Any())
        {
            c.Problem(name, "mandatoryLevels must be a subset of levels", "“mandatoryLevels” 中的级别都必须在 “levels” 中");
            ok = false;
        }

        return ok
            ? new WorkGroup(d.Name!, (d.Aliases ?? []).ToArray(), d.Clause!, (d.Lead ?? []).ToArray(), (d.Members ?? []).ToArray(), d.Duties, levels, mandatory)
            : null;
    }

    private static ResponseLevel[] ReadLevels(List<string>? names, string where, ResponseTable? response, Context c, ref bool ok)
    {
        var levels = new List<ResponseLevel>();
        foreach (var text in names ?? [])
        {
            if (!Names.TryParseLevel(text, out var level) || (response is not null && response.Find(level) is null))
            {
                c.Problem(where, $"level '{text}' is not a level of this plan", $"'{text}' 不是本预案的响应级别");
                ok = false;
                continue;
            }

            levels.Add(level);
        }

        return levels.ToArray();
    }

    private static WarningTable? ReadWarnings(WarningsDocument d, Context c)
    {
        var colours = new List<WarningColourRule>();
        foreach (var (cd, i) in (d.Colours ?? []).Select((x, i) => (x, i)))
        {
            var name = $"warnings.colours[{i}]";
            if (!Names.TryParseColour(cd.Colour, out var colour) || colour == WarningColour.Blue)
            {
                c.Problem(name, $"colour '{cd.Colour}' is not red, orange or yellow", $"“colour” 的值 '{cd.Colour}' 不是 red、orange、yellow 之一");
                continue;
            }

            name = "warning " + cd.Colour;
            if (colours.Exists(x => x.Colour == colour))
            {
                c.Problem(name, "colour defined twice", "该预警颜色重复定义");
                continue;
            }

            var ok = c.Require(cd.Clause, name + ".clause") & c.Require(cd.ApprovedBy, name + ".approvedBy")
                     & c.Require(cd.IssuedBy, name + ".issuedBy") & c.Require(cd.IssuerRole, name + ".issuerRole")
                     & c.Require(cd.ApprovalClause, name + ".approvalClause") & c.Require(cd.ApprovalWords, name + ".approvalWords");
            var approvers = cd.ApproverRoles ?? [];
            if (approvers.Count == 0)
            {
                c.Problem(name, "approverRoles is empty: whose approval does this colour need?", "“approverRoles” 为空：应写明发布这一颜色的预警须经谁批准");
                ok = false;
            }

            if (approvers.Count > 1 && string.IsNullOrWhiteSpace(cd.ApproverReading))
            {
                // The first approver is the text's; any other is a reading, and a reading must say so.
                c.Problem(name, $"approverRoles adds {string.Join(", ", approvers.Skip(1))} to the text's approver {approvers[0]} without an approverReading citing why",
                    $"“approverRoles” 在原文的批准人 {approvers[0]} 之外增加了 {string.Join("、", approvers.Skip(1))}，但没有用 “approverReading” 说明依据");
                ok = false;
            }

            if (approvers.Count != approvers.Distinct(StringComparer.Ordinal).Count())
            {
                c.Problem(name, "approverRoles lists a role twice", "“approverRoles” 中有重复的角色");
                ok = false;
            }

            ok &= c.RequireKnownRoles(approvers.Append(cd.IssuerRole).OfType<string>(), name);
            var rules = new List<WarningRule>();
            foreach (var (rd, j) in (cd.Rules ?? []).Select((x, j) => (x, j)))
            {
                var rule = ReadWarningRule(rd, rd.Id ?? $"{name}.rules[{j}]", c);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }

            if (rules.Count == 0)
            {
                c.Problem(name, "no rules", "没有任何规则（“rules”）");
                ok = false;
            }

            if (ok)
            {
                colours.Add(new WarningColourRule(colour, cd.Clause!, cd.ApprovedBy!, approvers.ToArray(), cd.ApproverReading, cd.IssuedBy!,
                    cd.IssuerRole!, cd.ApprovalClause!, cd.ApprovalWords!, (cd.AlsoRequired ?? []).ToArray(), rules.ToArray()));
            }
        }

        if (d.LiftedBy?.Clause is null || d.LiftedBy.Words is null)
        {
            c.Problem("warnings.liftedBy", "clause and words for who lifts a warning (谁发布谁解除) are missing",
                "缺少由谁解除预警（谁发布谁解除）的条款号 “clause” 和原文 “words”");
        }

        var ungraded = d.Ungraded is null ? null : ReadUngradedWarning(d.Ungraded, c);
        if ((d.Colours is { Count: > 0 }) == (d.Ungraded is not null))
        {
            c.Problem("warnings", "give either colours (with their thresholds) or ungraded (a plan that sets no colours), exactly one of them",
                "“colours”（各颜色及其阈值）与 “ungraded”（不分颜色的预警）必须写一项，且只能写一项");
        }

        if (d.Ungraded is not null && string.IsNullOrWhiteSpace(d.LevelsNote))
        {
            c.Problem("warnings.levelsNote", "is missing: say why this plan's warnings have no colours or thresholds", "缺失：请说明本预案的预警为何不分颜色、不设阈值");
        }

        return new WarningTable(colours.OrderByDescending(x => x.Colour).ToArray(), new ClauseWords(d.LiftedBy?.Clause ?? "", d.LiftedBy?.Words ?? ""), d.Input)
        {
            Ungraded = ungraded,
            LevelsNote = d.LevelsNote,
            Content = ClauseWordsOf(d.Content, "warnings.content", c),
            UpdatedBy = ClauseWordsOf(d.UpdatedBy, "warnings.updatedBy", c),
            ReportUp = ClauseWordsOf(d.ReportUp, "warnings.reportUp", c),
            ReportedTo = ClauseWordsOf(d.ReportedTo, "warnings.reportedTo", c),
        };
    }

    private static UngradedWarningRule? ReadUngradedWarning(UngradedWarningDocument d, Context c)
    {
        const string name = "warnings.ungraded";
        var ok = c.Require(d.ProposedBy, name + ".proposedBy") & c.Require(d.ApprovedBy, name + ".approvedBy")
                 & c.Require(d.IssuedBy, name + ".issuedBy") & c.Require(d.IssuerRole, name + ".issuerRole")
                 & c.Require(d.ApprovalClause, name + ".approvalClause") & c.Require(d.ApprovalWords, name + ".approvalWords");
        var proposal = ClauseWordsOf(d.Proposal, name + ".proposal", c);
        if (proposal is null)
        {
            c.Problem(name + ".proposal", "is missing: clause and words of who proposes a warning", "缺失：应写明由谁提出预警的条款号 “clause” 和原文 “words”");
            ok = false;
        }

        var approvers = d.ApproverRoles ?? [];
        if (approvers.Count == 0)
        {
            c.Problem(name, "approverRoles is empty: whose judgement does a warning need?", "“approverRoles” 为空：应写明发布预警须经谁研判决定");
            ok = false;
        }

        if (approvers.Count > 1 && string.IsNullOrWhiteSpace(d.ApproverReading))
        {
            c.Problem(name, $"approverRoles adds {string.Join(", ", approvers.Skip(1))} to the text's approver {approvers[0]} without an approverReading citing why",
                $"“approverRoles” 在原文的批准人 {approvers[0]} 之外增加了 {string.Join("、", approvers.Skip(1))}，但没有用 “approverReading” 说明依据");
            ok = false;
        }

        ok &= c.RequireKnownRoles(approvers.Append(d.IssuerRole).OfType<string>(), name);
        foreach (var body in new[] { d.ProposedBy, d.IssuedBy }.OfType<string>())
        {
            if (proposal is not null && d.ApprovalWords is not null && !proposal.Words.Contains(body, StringComparison.Ordinal) && !d.ApprovalWords.Contains(body, StringComparison.Ordinal))
            {
                c.Problem(name, $"'{body}' is named by neither the proposal's nor the approval's words",
                    $"'{body}' 既不在 “proposal” 的原文中，也不在 “approvalWords” 中");
                ok = false;
            }
        }

        return ok
            ? new UngradedWarningRule(d.ProposedBy!, proposal!, d.ApprovedBy!, approvers.ToArray(), d.ApproverReading, d.IssuedBy!, d.IssuerRole!, d.ApprovalClause!, d.ApprovalWords!)
            : null;
    }

    private static ClauseWords? ClauseWordsOf(ClauseWordsDocument? d, string name, Context c)
    {
        if (d is null)
        {
            return null;
        }

        return c.Require(d.Clause, name + ".clause") & c.Require(d.Words, name + ".words") ? new ClauseWords(d.Clause!, d.Words!) : null;
    }

    private static WarningRule? ReadWarningRule(WarningRuleDocument d, string name, Context c)
    {
        var ok = c.Require(d.Id, name + ".id") & c.Require(d.Clause, name + ".clause") & c.Require(d.Words, name + ".words");
        var primaries = (d.WeatherWarning is not null ? 1 : 0) + (d.VisibilityAtMost is not null ? 1 : 0) + (d.WindForceAtLeast is not null ? 1 : 0)
                        + (d.RepairHoursAtLeast is not null ? 1 : 0) + (d.Fact is not null ? 1 : 0) + (d.Judgement is not null ? 1 : 0);
        if (primaries != 1)
        {
            c.Problem(name, $"a warning rule needs exactly one test (weatherWarning, visibilityAtMost, windForceAtLeast, repairHoursAtLeast, fact, judgement); found {primaries}",
                $"一条预警规则须有且只有一个判定条件（weatherWarning、visibilityAtMost、windForceAtLeast、repairHoursAtLeast、fact、judgement 之一），实际有 {primaries} 个");
            return null;
        }

        WarningColour? weather = null;
        if (d.WeatherWarning is not null)
        {
            if (!Names.TryParseColour(d.WeatherWarning, out var w))
            {
                c.Problem(name, $"weatherWarning '{d.WeatherWarning}' is not a colour",
                    $"“weatherWarning” 的值 '{d.WeatherWarning}' 不是预警颜色（blue、yellow、orange、red）");
                return null;
            }

            weather = w;
        }

        // R 4.3.1(1)/4.3.2(1) "浓雾", 4.3.3(1) "特强沙尘暴或者大雾": a visibility rule says what may lower the visibility, and only a
        // visibility rule does (docs/decisions/0003, #39). Without it a sandstorm of 10 米 met the 浓雾 rule of red.
        List<VisibilityCause>? causes = null;
        if (d.VisibilityAtMost is not null && d.VisibilityCauses is null)
        {
            c.Problem(name, "visibilityAtMost needs visibilityCauses: what may lower the visibility for the rule to hold (fog, sandstorm)",
                "“visibilityAtMost” 须有 “visibilityCauses”：写明何种天气造成的能见度降低适用本条（fog 浓雾、大雾，sandstorm 沙尘暴）");
            return null;
        }

        if (d.VisibilityCauses is not null)
        {
            if (d.VisibilityAtMost is null)
            {
                c.Problem(name, "visibilityCauses goes with visibilityAtMost only", "“visibilityCauses” 只能与 “visibilityAtMost” 一起使用");
                return null;
            }

            causes = [];
            foreach (var text in d.VisibilityCauses)
            {
                if (!Names.TryParseVisibilityCause(text, out var cause))
                {
                    c.Problem(name, $"visibilityCauses: '{text}' is not a cause of low visibility (fog, sandstorm)",
                        $"“visibilityCauses” 的值 '{text}' 不是能见度降低的原因（fog 浓雾、大雾，sandstorm 沙尘暴）");
                    return null;
                }

                if (causes.Contains(cause))
                {
                    c.Problem(name, $"visibilityCauses lists '{text}' twice", $"“visibilityCauses” 中 '{text}' 出现了两次");
                    return null;
                }

                causes.Add(cause);
            }

            if (causes.Count == 0)
            {
                c.Problem(name, "visibilityCauses is empty: which cause of low visibility does the rule read?", "“visibilityCauses” 为空：应写明本条适用于何种天气造成的能见度降低");
                return null;
            }
        }

        Fact? fact = null;
        if (d.Fact is not null)
        {
            if (!FigureNames.TryParse(d.Fact, out Fact f))
            {
                c.Problem(name, $"unknown fact '{d.Fact}'", $"未知的事实项 '{d.Fact}'");
                return null;
            }

            fact = f;
        }

        Judgement? judgement = null;
        if (d.Judgement is not null)
        {
            if (!FigureNames.TryParse(d.Judgement, out Judgement j))
            {
                c.Problem(name, $"unknown judgement '{d.Judgement}'", $"未知的研判情形 '{d.Judgement}'");
                return null;
            }

            judgement = j;
        }

        return ok
            ? new WarningRule(d.Id!, d.Clause!, d.Words!, weather, d.VisibilityAtMost, d.WindForceAtLeast, d.TownshipsAtLeast, d.RepairHoursAtLeast, fact, judgement, causes)
            : null;
    }

    private static void Require(string? value, string file, string what, List<PlanProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new PlanProblem(file, what, "is missing", Missing(what)));
        }
    }

    /// <summary>
    /// The Chinese for a required field left out. <paramref name="what"/> is the rule as a path ending in the field
    /// (<c>level I.authority</c>, <c>obligation call-122.clause</c>); the field's name picks the words.
    /// </summary>
    private static string Missing(string what)
    {
        var field = what[(what.LastIndexOf('.') + 1)..];
        return field switch
        {
            "clause" => "缺少条款号 “clause”",
            "words" => "缺少预案原文 “words”",
            "reporter" => "缺少报告主体 “reporter”",
            _ => $"缺少 “{field}”",
        };
    }

    private sealed class Context(string file, List<PlanProblem> problems, City city)
    {
        public string File { get; } = file;
        public City City { get; } = city;

        public void Problem(string rule, string problem, string chinese) => problems.Add(new PlanProblem(File, rule, problem, chinese));

        /// <summary>Every role a plan file names must be one of <see cref="RoleCatalogue"/>; false when one is not.</summary>
        public bool RequireKnownRoles(IEnumerable<string> roles, string rule)
        {
            var ok = true;
            foreach (var role in roles.Where(r => !RoleCatalogue.IsKnown(r)))
            {
                Problem(rule, $"unknown role '{role}' (known: {string.Join(", ", RoleCatalogue.Ids)})",
                    $"未知角色 '{role}'（可用：{string.Join("、", RoleCatalogue.Ids)}）");
                ok = false;
            }

            return ok;
        }

        public bool Require(string? value, string what)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return true;
            }

            problems.Add(new PlanProblem(File, what, "is missing", Missing(what)));
            return false;
        }
    }
}
