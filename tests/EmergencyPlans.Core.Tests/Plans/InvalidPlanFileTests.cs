using System.Text.Json.Nodes;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>Each kind of broken plan file is refused, and the message names the file, the rule and the problem.</summary>
public class InvalidPlanFileTests
{
    private const string RoadFile = "road-traffic.2025-18.json";
    private const string CityFile = "city.jincheng.json";

    private static JsonNode Road() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, RoadFile)),
        documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;

    private static string CityText() => File.ReadAllText(Path.Combine(Repository.PlansDirectory, CityFile));

    private static PlanValidationException Refuse(JsonNode plan, string? city = null, string fileName = RoadFile) =>
        Refuse([(fileName, plan.ToJsonString())], city);

    private static PlanValidationException Refuse(IReadOnlyList<(string, string)> plans, string? city = null)
    {
        var load = () => PlanLoader.Load(plans, (CityFile, city ?? CityText()));
        return load.Should().Throw<PlanValidationException>().Which;
    }

    private static JsonObject ResponseRule(JsonNode plan, string id) =>
        plan["response"]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == id)!.AsObject();

    private static JsonObject Colour(JsonNode plan, string colour) =>
        plan["warnings"]!["colours"]!.AsArray().Single(c => (string?)c!["colour"] == colour)!.AsObject();

    private static JsonObject GradeRule(JsonNode plan, string id) =>
        plan["grade"]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == id)!.AsObject();

    [Fact]
    public void UnmodifiedRoadPlan_Loads()
    {
        var load = () => PlanLoader.Load([(RoadFile, Road().ToJsonString())], (CityFile, CityText()));

        load.Should().NotThrow();
    }

    [Fact]
    public void ReviewPeriod_NullWithoutTheClauseThatSaysWhen_IsRefused()
    {
        // No number of years is honest only with the words that say when instead (N 8.3 "适时…开展复盘、评估").
        var plan = Road();
        plan["reviewEveryYears"] = null;
        plan.AsObject().Remove("review");

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "reviewEveryYears" && p.Problem.Contains("review"));
    }

    [Fact]
    public void ReviewPeriod_NullWithTheClause_Loads()
    {
        var plan = Road();
        plan["reviewEveryYears"] = null;

        var load = () => PlanLoader.Load([(RoadFile, plan.ToJsonString())], (CityFile, CityText()));

        load.Should().NotThrow();
    }

    [Theory]
    [InlineData("response.rules", 0)]
    [InlineData("publications", 0)]
    [InlineData("obligations", 2)]
    public void NullListEntry_IsRefusedNamingWhereItIs_NotACrash(string list, int index)
    {
        // A plan editor's stray null (a deleted entry's leftover) crashed the loader with a NullReferenceException (exit 70 in plans check).
        var plan = Road();
        var parent = list.Split('.').Aggregate(plan, (node, key) => node[key]!);
        parent.AsArray()[index] = null;

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == $"$.{list}[{index}]" && p.Problem.Contains("null"));
    }

    [Fact]
    public void ATextHoldingAnEscapeCharacter_IsRefusedNamingWhereAndTheCharacter()
    {
        // A plan's words reach every report, alert and terminal; an escape (U+001B) in them ran as a command in the terminal of
        // whoever printed a drill report or a plans check.
        var plan = Road();
        plan["title"] = "晋城市道路交通安全应急预案\u001b[2J";

        var problem = Refuse(plan).Problems.Should().ContainSingle().Subject;

        problem.File.Should().Be(RoadFile);
        problem.Rule.Should().Be("$.title");
        problem.Problem.Should().Contain("$.title must not contain the control character U+001B");
        problem.Chinese.Should().Contain("“$.title”").And.Contain("控制字符 U+001B");
    }

    [Fact]
    public void ATextWithTabsAndLineBreaks_Loads()
    {
        var plan = Road();
        plan["title"] = "晋城市道路交通\t安全应急预案\r\n（2025）";

        var load = () => PlanLoader.Load([(RoadFile, plan.ToJsonString())], (CityFile, CityText()));

        load.Should().NotThrow();
    }

    [Fact]
    public void UnknownFigureName_IsRefusedNamingFileRuleAndFigure()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.2(1)-dead-missing")["quantity"] = new JsonArray("deaths", "missng");

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "response-5.3.2(1)-dead-missing" && p.Problem.Contains("unknown figure 'missng'"));
        error.Message.Should().Contain(RoadFile).And.Contain("response-5.3.2(1)-dead-missing").And.Contain("missng");
    }

    [Theory]
    [InlineData("countsAs", "injured", "no grade rule counts 'injured' alone")]
    [InlineData("figure", "missng", "figure and countsAs must be figures")]
    [InlineData("figure", "deaths", "figure and countsAs must differ")]
    public void UnknownFate_ThatCannotBeRead_IsRefusedNamingIt(string field, string value, string problem)
    {
        var plan = Road();
        plan["grade"]!["unknownFate"]![field] = value;

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "grade.unknownFate" && p.Problem.Contains(problem));
    }

    [Theory]
    [InlineData("written-report-to-citi")]
    [InlineData("report-to-city")]
    public void SupersededBy_ANameThatIsNoOtherDuty_IsRefusedNamingIt(string code)
    {
        var plan = Road();
        var duty = plan["obligations"]!.AsArray().Single(o => (string?)o!["code"] == "report-to-city")!;
        duty["supersededBy"] = new JsonArray(code);

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "obligation report-to-city" && p.Problem.Contains($"supersededBy '{code}'"));
    }

    [Theory]
    [InlineData("deaths")]
    [InlineData("onExpresway")]
    public void LeadPlans_AWhenThatIsNoFact_IsRefusedNamingIt(string when)
    {
        // R 1.4's leading plans are chosen by a fact the report states (onExpressway, oilGasCbmTransport), never by a count.
        var plan = Road();
        plan["leadPlans"]![0]!["when"] = when;

        Refuse(plan).Problems.Should().Contain(p => p.File == RoadFile && (p.Rule.Contains("leadPlans[0]") || p.Problem.Contains("leadPlans")));
    }

    [Fact]
    public void Command_ALevelThePlanDoesNotHave_IsRefusedNamingIt()
    {
        var plan = Road();
        plan["command"]!.AsArray().Single(c => (string?)c!["scope"] == "on-site-headquarters")!["levels"] = new JsonArray("I", "V");

        Refuse(plan).Problems.Should().Contain(p => p.File == RoadFile && (p.Problem.Contains("'V'") || p.Problem.Contains("levels")));
    }

    [Fact]
    public void LeadPlans_TheSameFactTwice_IsRefused()
    {
        var plan = Road();
        plan["leadPlans"]![2]!["when"] = "onExpressway";

        Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "leadPlans[2]" && p.Problem.Contains("given twice"));
    }

    [Theory]
    [InlineData("deaths")]
    [InlineData("forceMajeureDisaster")]
    public void LeadPlans_AnAskedWhenThatIsNoOtherFact_IsRefusedNamingIt(string askedWhen)
    {
        // The earthquake case of R 1.4 is asked only where weather or a disaster affects the traffic: a fact, and not its own.
        var plan = Road();
        plan["leadPlans"]![0]!["askedWhen"] = askedWhen;

        Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "leadPlans[0].askedWhen");
    }

    [Fact]
    public void MissingLevel_IsRefused()
    {
        var plan = Road();
        var levels = plan["response"]!["levels"]!.AsArray();
        levels.Remove(levels.Single(l => (string?)l!["level"] == "II"));
        var rules = plan["response"]!["rules"]!.AsArray();
        foreach (var rule in rules.Where(r => (string?)r!["level"] == "II").ToList())
        {
            rules.Remove(rule);
        }

        Refuse(plan).Problems.Should().Contain(p => p.File == RoadFile && p.Problem.Contains("level II is missing"));
    }

    [Fact]
    public void DuplicatedLevel_IsRefused()
    {
        var plan = Road();
        var levels = plan["response"]!["levels"]!.AsArray();
        levels.Add(levels[0]!.DeepClone());

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "level I" && p.Problem.Contains("duplicated level"));
    }

    [Fact]
    public void RuleForAnUndefinedLevel_IsRefused()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.1(4)-city-capacity")["level"] = "IV";

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response-5.3.1(4)-city-capacity" && p.Problem.Contains("level IV is not defined"));
    }

    [Fact]
    public void ThresholdsNotMonotone_AreRefused()
    {
        // 较大 would start at 40 deaths, above 重大's 10: the bands no longer rise with severity.
        var plan = Road();
        GradeRule(plan, "grade-1.5(3)-deaths")["atLeast"] = 40;
        GradeRule(plan, "grade-1.5(3)-deaths")["below"] = 50;

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "grade-1.5(2)-deaths" && p.Problem.Contains("not monotone"));
    }

    [Fact]
    public void BandsThatDoNotMeet_AreRefused()
    {
        // "3人以上9人以下" would leave 9 deaths in no band.
        var plan = Road();
        GradeRule(plan, "grade-1.5(3)-deaths")["below"] = 9;

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "grade-1.5(3)-deaths" && p.Problem.Contains("bands must meet"));
    }

    [Fact]
    public void MissingClauseReference_IsRefused()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.3(3)-county").Remove("clause");

        Refuse(plan).Problems.Should().Contain(p => p.Rule.Contains("response-5.3.3(3)-county") && p.Rule.Contains("clause") && p.Problem == "is missing");
    }

    [Fact]
    public void MissingWords_IsRefused()
    {
        var plan = Road();
        GradeRule(plan, "grade-1.5(1)-loss")["words"] = "";

        Refuse(plan).Problems.Should().Contain(p => p.Rule.Contains("grade-1.5(1)-loss") && p.Problem == "is missing");
    }

    [Fact]
    public void MissingGrade_IsRefused()
    {
        var plan = Road();
        var rules = plan["grade"]!["rules"]!.AsArray();
        foreach (var rule in rules.Where(r => (string?)r!["grade"] == "especially-serious").ToList())
        {
            rules.Remove(rule);
        }

        // The 重大 bands now end "below" a band that no longer exists, and nothing reaches 特别重大.
        Refuse(plan).Problems.Should().Contain(p => p.Problem.Contains("no rule reaches grade 'especially-serious'"));
    }

    [Fact]
    public void RuleWithTwoTests_IsRefused()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.1(4)-city-capacity")["decision"] = true;

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response-5.3.1(4)-city-capacity" && p.Problem.Contains("exactly one test"));
    }

    [Fact]
    public void DuplicatedRuleId_IsRefused()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.1(4)-city-capacity")["id"] = "response-5.3.1(5)-decision";

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response-5.3.1(5)-decision" && p.Problem.Contains("used twice"));
    }

    [Fact]
    public void UnknownRole_IsRefused()
    {
        var plan = Road();
        plan["response"]!["levels"]![0]!["activatedBy"] = new JsonArray("mayor");

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "level I" && p.Problem.Contains("unknown role 'mayor'"));
        error.Message.Should().Contain(RoadFile).And.Contain("level I").And.Contain("mayor");
    }

    [Fact]
    public void UnknownRoleInDelegationRequired_IsRefusedNamingFileAndLevel()
    {
        var plan = Road();
        plan["response"]!["levels"]![1]!["delegationRequired"] = new JsonArray("vice-mayor");

        var problems = Refuse(plan).Problems;

        problems.Should().Contain(p => p.File == RoadFile && p.Rule == "level II" && p.Problem.Contains("unknown role 'vice-mayor'"));
        problems.Should().Contain(p => p.Rule == "level II" && p.Problem.Contains("not in activatedBy"));
    }

    [Fact]
    public void DelegationRequiredForABodyTheLevelDoesNotName_IsRefused()
    {
        var plan = Road();
        plan["response"]!["levels"]![1]!["delegationRequired"] = new JsonArray("office-director");

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "level II" && p.Problem.Contains("'office-director', who is not in activatedBy"));
    }

    private static JsonObject WarningRule(JsonNode plan, string colour, string id) =>
        Colour(plan, colour)["rules"]!.AsArray().Single(r => (string?)r!["id"] == id)!.AsObject();

    // R 4.3.1(1) "能见度 ≤ 10 米的浓雾", 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾": a visibility rule says which cause it reads (ADR 0003 #39).
    [Theory]
    [InlineData("red", "warning-4.3.1(1)-fog", "remove", "visibilityAtMost needs visibilityCauses")]
    [InlineData("red", "warning-4.3.1(1)-fog", "[\"smog\"]", "'smog' is not a cause of low visibility")]
    [InlineData("red", "warning-4.3.1(1)-fog", "[\"fog\", \"fog\"]", "lists 'fog' twice")]
    [InlineData("red", "warning-4.3.1(1)-fog", "[]", "visibilityCauses is empty")]
    [InlineData("orange", "warning-4.3.2(2)-blockage", "[\"fog\"]", "visibilityCauses goes with visibilityAtMost only")]
    public void WarningRule_VisibilityCauses_AreChecked(string colour, string id, string causes, string problem)
    {
        var plan = Road();
        var rule = WarningRule(plan, colour, id);
        if (causes == "remove")
        {
            rule.Remove("visibilityCauses").Should().BeTrue("the plan file names the causes its visibility rules read");
        }
        else
        {
            rule["visibilityCauses"] = JsonNode.Parse(causes);
        }

        Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == id && p.Problem.Contains(problem));
    }

    [Fact]
    public void UnknownWarningApproverRole_IsRefusedNamingFileAndColour()
    {
        var plan = Road();
        Colour(plan, "orange")["approverRoles"] = new JsonArray("mayor");

        var error = Refuse(plan);

        error.Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "warning orange" && p.Problem.Contains("unknown role 'mayor'"));
        error.Message.Should().Contain(RoadFile).And.Contain("warning orange").And.Contain("mayor");
    }

    [Fact]
    public void UnknownWarningIssuerRole_IsRefusedNamingFileAndColour()
    {
        var plan = Road();
        Colour(plan, "red")["issuerRole"] = "city-office";

        Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile && p.Rule == "warning red" && p.Problem.Contains("unknown role 'city-office'"));
    }

    [Fact]
    public void MissingWarningIssuerRole_IsRefused()
    {
        var plan = Road();
        Colour(plan, "yellow").Remove("issuerRole");

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "warning yellow.issuerRole" && p.Problem.Contains("missing"));
    }

    [Fact]
    public void EmptyWarningApproverRoles_IsRefused()
    {
        var plan = Road();
        Colour(plan, "orange")["approverRoles"] = new JsonArray();

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "warning orange" && p.Problem.Contains("approverRoles is empty"));
    }

    [Fact]
    public void ExtraWarningApproverWithoutAReading_IsRefused()
    {
        var plan = Road();
        Colour(plan, "orange")["approverRoles"] = new JsonArray("commander", "deputy-commander");

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "warning orange" && p.Problem.Contains("without an approverReading"));
    }

    [Fact]
    public void BadObligationDuration_IsRefused()
    {
        var plan = Road();
        plan["obligations"]!.AsArray().Single(o => (string?)o!["code"] == "report-to-city")!["due"] = "30 minutes";

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "obligation report-to-city.due" && p.Problem.Contains("not an ISO 8601 duration"));
    }

    [Fact]
    public void RulesSharingACode_OneRepeatingAndOneNot_AreRefused()
    {
        // R 5.1.2 gives 续报 twice under one code: 每日至少续报1次 and 每4小时续报1次. Both repeat: they are one duty, one chain of periods.
        var plan = Road();
        var daily = plan["obligations"]!.AsArray().First(o => (string?)o!["code"] == "continuation-report")!.AsObject();
        daily.Remove("every");
        daily.Remove("until");
        daily.Remove("runsFromReport");

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "obligation continuation-report" && p.Problem.Contains("either all of them repeat"));
    }

    [Fact]
    public void RulesALevelStartsSharingACode_AtDifferentCadences_AreRefused()
    {
        // N 5.2.3(3) and 5.1.3(3): 每日向市安委办报告 at Ⅱ and at Ⅰ, one chain continued across the levels, so one cadence.
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, "natural-disaster.2026-3.json")))!;
        plan["obligations"]!.AsArray().First(o => (string?)o!["code"] == "member-units-daily-report")!["every"] = "PT12H";

        Refuse(plan, fileName: "natural-disaster.2026-3.json").Problems.Should().ContainSingle(p =>
            p.Rule == "obligation member-units-daily-report" && p.Problem.Contains("must repeat at the same every"));
    }

    /// <summary>The last duty of the road plan with <paramref name="code"/> (for continuation-report: the 4 h entry with specialEvery).</summary>
    private static JsonObject Duty(JsonNode plan, string code) =>
        plan["obligations"]!.AsArray().Last(o => (string?)o!["code"] == code)!.AsObject();

    [Theory]
    // A start the model does not know (the texts' starts are a closed list).
    [InlineData("verify-on-request", "start", "\"city-call\"", "start 'city-call' is not one of")]
    // 随即书面报告 needs the duty whose report starts it.
    [InlineData("direct-written-details", "after", null, "after (the duty whose report starts this one) goes with start previous-report")]
    // The old road code (R 5.1.1 names no province): a follower pointing at it points at nothing.
    [InlineData("direct-written-details", "after", "\"direct-report-to-province\"", "after 'direct-report-to-province' names no duty of this plan")]
    // A drill (R 8.1.3 每3年) without its schedule.
    [InlineData("drill", "calendar", null, "calendar (the schedule) goes with start calendar")]
    // "1小时内" without the hour.
    [InlineData("report-to-city", "due", null, "a fixed duty needs due")]
    // An end for a duty that does not repeat.
    [InlineData("final-report", "until", "\"final-report\"", "until and specialEvery belong to a repeating duty")]
    // 特殊情况每2小时 must be more frequent than 每4小时.
    [InlineData("continuation-report", "specialEvery", "\"PT4H\"", "specialEvery must be more frequent than every")]
    [InlineData("continuation-on-casualty-change", "metBy", "\"continuation\"", "metBy 'continuation' is not one of")]
    // Only a dispatch order (调拨指令) says whose order it is.
    [InlineData("verify-on-request", "orderedBy", "\"city\"", "orderedBy (county or city) goes with start dispatch-order only")]
    // R 4.4.1: only the issue of a warning of a colour starts 同时上报上级主管部门; the colour goes with that start, and only with it.
    [InlineData("verify-on-request", "warningColour", "\"orange\"", "warningColour (the colour whose issue starts it) goes with start warning-issued")]
    [InlineData("orange-warning-report-up", "warningColour", null, "warningColour (the colour whose issue starts it) goes with start warning-issued")]
    [InlineData("orange-warning-report-up", "warningColour", "\"blue\"", "warningColour 'blue' is not a warning colour of this plan")]
    [InlineData("orange-warning-report-up", "when", "{\"grade\": {\"atLeast\": \"serious\"}}", "conditioned on its colour (warningColour), not on when")]
    // A duty from another document (the 2026 notice) must say which one.
    [InlineData("report-to-city", "validFrom", "\"2026-02-13\"", "needs source")]
    [InlineData("notify-rescue-fund", "when", "{\"fact\": \"rescueFundNeeded\"}", "unknown fact 'rescueFundNeeded'")]
    [InlineData("level-iii-report-to-hq", "when", "{\"judgement\": \"bigImpact\"}", "unknown judgement 'bigImpact'")]
    // Ⅲ only is {atLeast Ⅲ, below Ⅱ}; below Ⅳ is below Ⅲ, an empty range.
    [InlineData("level-iii-report-to-hq", "when", "{\"activatedLevel\": {\"atLeast\": \"III\", \"below\": \"IV\"}}", "in below is not a level above atLeast")]
    public void BrokenDutyField_IsRefusedNamingTheDuty(string code, string field, string? json, string problem)
    {
        var plan = Road();
        var duty = Duty(plan, code);
        if (json is null)
        {
            duty.Remove(field).Should().BeTrue($"the road plan's {code} has {field}");
        }
        else
        {
            duty[field] = JsonNode.Parse(json);
        }

        var error = Refuse(plan);

        error.Problems.Should().Contain(p => p.File == RoadFile && p.Rule == $"obligation {code}" && p.Problem.Contains(problem),
            $"the problem names the duty; got {string.Join(" | ", error.Problems)}");
        error.Message.Should().Contain(code);
    }

    [Theory]
    // The act says what is done; a blank one says nothing, and the duty would read as nothing at all.
    [InlineData(RoadFile, "notify-rescue-fund", "\"\"", "act (what is done and to whom) must be a phrase")]
    [InlineData(RoadFile, "notify-rescue-fund", "\"   \"", "act (what is done and to whom) must be a phrase")]
    [InlineData(RoadFile, "notify-rescue-fund", "\" 通知相关救助基金管理保险机构\"", "act (what is done and to whom) must be a phrase")]
    // 2026 notice (十九) "首批救灾物资……运抵灾区": a delivery is said 调拨物资运抵灾区 whatever the file says.
    [InlineData(NaturalFile, "relief-supplies-county", "\"调拨物资运抵灾区\"", "a delivery (start dispatch-order) takes no act")]
    // R 6.2.2 ¶1 "应通知相关救助基金管理保险机构": an act saying 报告 is not in the plan's words.
    [InlineData(RoadFile, "notify-rescue-fund", "\"向相关救助基金管理保险机构报告\"", "says 报告, which the plan's words do not")]
    // R 5.1.1 "30分钟内向市委、市政府电话报告": the duty is a report, not a notice.
    [InlineData(RoadFile, "phone-report-to-city", "\"通知市委、市政府\"", "says 通知, which the plan's words do not")]
    [InlineData(RoadFile, "call-122", "\"拨打报警电话(122)\"", "names no verb of what is done")]
    // Left out where the plan's verb is not 报告: C 4.1(三) "通知市政府有关涉外部门", N 6.3 "报市级应急管理部门备案".
    [InlineData(ConstructionFile, "notify-foreign-affairs", null, "the words say 通知: write act")]
    [InlineData(NaturalFile, "county-winter-spring-filing", null, "the words say 备案")]
    // C 4.1(一) "向上级部门报告…应同时报告同级党委和政府": without the act the two addressees ran together (向上级部门，同时同级党委和政府报告).
    [InlineData(ConstructionFile, "housing-dept-report-up", null, "joins a second action")]
    public void BrokenAct_IsRefusedNamingTheDuty(string file, string code, string? act, string problem)
    {
        var plan = Load(file);
        var duty = Duty(plan, code);
        if (act is null)
        {
            duty.Remove("act").Should().BeTrue($"{file}'s {code} has an act");
        }
        else
        {
            duty["act"] = JsonNode.Parse(act);
        }

        var error = Refuse(plan, fileName: file);

        error.Problems.Should().Contain(p => p.File == file && p.Rule == $"obligation {code}" && p.Problem.Contains(problem),
            $"the problem names the duty; got {string.Join(" | ", error.Problems)}");
    }

    [Theory]
    // C 4.3.1(2) "报告市指挥部有关领导" and C 5.1 "并报市、县人民政府": a duty that reports names whom it reports to; without it the
    // duty would read as a report to nobody. Only work its reporter does itself may name none: C 5.2 "市指挥部负责对事故应急救援情况进行
    // 总结……评估事故应急响应情况" names no reader (rescue-summary-evaluation, whose act says 总结, 分析, 评估).
    [InlineData("level-iii-report-to-hq-leaders", null)]
    [InlineData("aftermath-opinion", null)]
    public void ReportWithoutTo_IsRefused_UnlessItsActIsWorkDone(string code, string? act)
    {
        var plan = Load(ConstructionFile);
        var duty = Duty(plan, code);
        duty["to"] = null;
        if (act is not null)
        {
            duty["act"] = JsonNode.Parse(act);
        }

        var error = Refuse(plan, fileName: ConstructionFile);

        error.Problems.Should().Contain(p => p.File == ConstructionFile && p.Rule == $"obligation {code}" && p.Problem.Contains("to (whom the report goes to) is required"),
            $"the problem names the duty; got {string.Join(" | ", error.Problems)}");
    }

    [Fact]
    public void WorkDoneWithoutTo_C5_2_Loads()
    {
        var plan = Load(ConstructionFile);
        Duty(plan, "rescue-summary-evaluation")["to"].Should().BeNull("C 5.2 names no reader");

        var load = () => PlanLoader.Load([(ConstructionFile, plan.ToJsonString())], (CityFile, CityText()));

        load.Should().NotThrow();
    }

    // ---- construction warnings (C 3.2), measures (N 5.x.3), termination and adjustment ----

    private const string ConstructionFile = "construction.2025-15.json";
    private const string NaturalFile = "natural-disaster.2026-3.json";

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, file)))!;

    [Fact]
    public void UnmodifiedConstructionAndNaturalPlans_Load()
    {
        var load = () => PlanLoader.Load([(ConstructionFile, Load(ConstructionFile).ToJsonString()), (NaturalFile, Load(NaturalFile).ToJsonString())], (CityFile, CityText()));

        load.Should().NotThrow();
    }

    [Fact]
    public void Warnings_BothColoursAndUngraded_AreRefused()
    {
        // Road sets colours (4.3); adding a colourless procedure would make a warning's approver ambiguous.
        var plan = Road();
        plan["warnings"]!["ungraded"] = Load(ConstructionFile)["warnings"]!["ungraded"]!.DeepClone();
        plan["warnings"]!["levelsNote"] = "test";

        Refuse(plan).Problems.Should().Contain(p => p.File == RoadFile && p.Rule == "warnings" && p.Problem.Contains("exactly one of them"));
    }

    [Theory]
    // C 3.2.2 names 市指挥部 as the judge: an empty approver list says nobody judges.
    [InlineData("approverRoles", "[]", "approverRoles is empty")]
    [InlineData("approverRoles", "[\"commander\", \"deputy-commander\"]", "without an approverReading")]
    [InlineData("issuerRole", "\"housing-bureau\"", "unknown role 'housing-bureau'")]
    // The proposer must be a body the quoted words name (市住房和城乡建设局 is, 市应急管理局 is not).
    [InlineData("proposedBy", "\"市应急管理局\"", "'市应急管理局' is named by neither")]
    [InlineData("approvalWords", null, "is missing")]
    public void Warnings_BrokenUngradedField_IsRefusedNamingIt(string field, string? json, string problem)
    {
        var plan = Load(ConstructionFile);
        var ungraded = plan["warnings"]!["ungraded"]!.AsObject();
        if (json is null)
        {
            ungraded.Remove(field).Should().BeTrue();
        }
        else
        {
            ungraded[field] = JsonNode.Parse(json);
        }

        var error = Refuse(plan, fileName: ConstructionFile);

        error.Problems.Should().Contain(p => p.File == ConstructionFile && p.Rule.StartsWith("warnings.ungraded", StringComparison.Ordinal) && p.Problem.Contains(problem),
            $"got {string.Join(" | ", error.Problems)}");
    }

    [Fact]
    public void Warnings_UngradedWithoutLevelsNote_IsRefused()
    {
        var plan = Load(ConstructionFile);
        plan["warnings"]!.AsObject().Remove("levelsNote");

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.Rule == "warnings.levelsNote");
    }

    [Theory]
    // N 5.2.2 "向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定": the step after a proposal names the level proposed,
    // goes with the start that a proposal is, is met by the decision on it only, and only for a level the plan has the office propose (5.4.2: Ⅳ is
    // decided without one).
    [InlineData("level-ii-proposal-to-director", "proposedLevel", null, "proposedLevel (the level whose proposal starts it) goes with start proposal")]
    [InlineData("level-ii-proposal-to-committee", "proposedLevel", "\"II\"", "proposedLevel (the level whose proposal starts it) goes with start proposal")]
    [InlineData("level-ii-proposal-to-director", "proposedLevel", "\"V\"", "proposedLevel 'V' is not one of I, II, III, IV")]
    [InlineData("level-ii-proposal-to-director", "proposedLevel", "\"IV\"", "proposedLevel 'IV' is not a level this plan has proposed")]
    [InlineData("level-ii-proposal-to-director", "when", "{\"level\": {\"atLeast\": \"II\"}}", "conditioned on the level proposed (proposedLevel), not on when")]
    [InlineData("level-ii-proposal-to-committee", "metBy", "\"response-decision\"", "metBy response-decision (met by the decision on the proposal) goes with start proposal only")]
    public void ProposalRelay_BrokenField_IsRefusedNamingTheDuty(string code, string field, string? json, string problem)
    {
        var plan = Load(NaturalFile);
        var duty = plan["obligations"]!.AsArray().First(o => (string?)o!["code"] == code)!.AsObject();
        if (json is null)
        {
            duty.Remove(field).Should().BeTrue();
        }
        else
        {
            duty[field] = JsonNode.Parse(json);
        }

        var error = Refuse(plan, fileName: NaturalFile);

        error.Problems.Should().Contain(p => p.File == NaturalFile && p.Rule == $"obligation {code}" && p.Problem.Contains(problem),
            $"got {string.Join(" | ", error.Problems)}");
    }

    [Theory]
    // 5.1.3(4) "市财政局会同市应急管理局…": a lead the words do not name is attached from elsewhere.
    [InlineData("lead", "[\"市民政局\"]", "unit '市民政局' is named neither")]
    [InlineData("lead", "[]", "lead is empty")]
    [InlineData("with", "[\"市公安局\"]", "unit '市公安局' is named neither")]
    [InlineData("level", "\"V\"", "level 'V' is not a level of this plan")]
    public void Measures_BrokenField_IsRefusedNamingTheMeasure(string field, string json, string problem)
    {
        var plan = Load(NaturalFile);
        var measure = plan["response"]!["measures"]!.AsArray().First(m => (string?)m!["clause"] == "5.1.3(4)")!.AsObject();
        measure[field] = JsonNode.Parse(json);

        var error = Refuse(plan, fileName: NaturalFile);

        error.Problems.Should().Contain(p => p.File == NaturalFile && p.Rule.Contains("measure", StringComparison.Ordinal) && p.Problem.Contains(problem),
            $"got {string.Join(" | ", error.Problems)}");
    }

    [Theory]
    // C 4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施": the levels are the plan's, and the level taken has a list to take.
    [InlineData("includes", "\"IV\"", "'I' or 'IV' is not a level of this plan")]
    [InlineData("includes", "\"I\"", "level I includes itself")]
    [InlineData("words", "\"\"", "missing")]
    public void MeasuresInclude_BrokenField_IsRefused(string field, string json, string problem)
    {
        var plan = Load(ConstructionFile);
        plan["response"]!["measuresInclude"]![0]![field] = JsonNode.Parse(json);

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.File == ConstructionFile
            && p.Rule.StartsWith("response.measuresInclude[0]", StringComparison.Ordinal) && p.Problem.Contains(problem));
    }

    [Fact]
    public void MeasuresInclude_OfALevelThatListsNone_IsRefused()
    {
        var plan = Load(ConstructionFile);
        var measures = plan["response"]!["measures"]!.AsArray();
        foreach (var second in measures.Where(m => (string?)m!["level"] == "II").ToArray())
        {
            measures.Remove(second);
        }

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.Rule == "response.measuresInclude[0]" && p.Problem.Contains("level II lists no measures to include"));
    }

    [Fact]
    public void MeasuresInclude_Chained_IsRefused()
    {
        // Ⅱ's list does not say it builds on Ⅲ's; were it to, Ⅰ's inclusion would have to say so itself.
        var plan = Load(ConstructionFile);
        plan["response"]!["measuresInclude"]!.AsArray().Add(JsonNode.Parse("""{"level": "II", "includes": "III", "clause": "4.3.2(3)", "words": "在Ⅲ级响应措施的基础上"}"""));

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.Rule == "response.measuresInclude (I)" && p.Problem.Contains("itself includes"));
    }

    [Theory]
    // R 5.7 ¶2: a condition the words do not contain is not the text's.
    [InlineData("conditions", "[\"现场危险基本消除\"]", "'现场危险基本消除' is not in the clause's words")]
    [InlineData("conditions", "[]", "no conditions")]
    [InlineData("principle", "\"谁批准、谁结束\"", "is not in the clause's words")]
    public void Termination_ConditionNotInTheWords_IsRefused(string field, string json, string problem)
    {
        var plan = Road();
        plan["response"]!["terminatedBy"]![field] = JsonNode.Parse(json);

        Refuse(plan).Problems.Should().Contain(p => p.File == RoadFile && p.Rule.StartsWith("response.terminatedBy", StringComparison.Ordinal) && p.Problem.Contains(problem));
    }

    [Theory]
    // C 4.5 "随后发布…": a follow-up names the publication it follows, which must exist.
    [InlineData("after", "\"publish-summary\"", "after 'publish-summary' names no publication of this plan")]
    [InlineData("timing", "\"PT1H\"", "timing 'PT1H' is not one of immediately, promptly")]
    [InlineData("start", "\"activation\"", "start 'activation' is not one of occurrence, receipt, previous-report, situation-stable, warning-issued")]
    public void Publications_BrokenField_IsRefusedNamingThePublication(string field, string json, string problem)
    {
        var plan = Load(ConstructionFile);
        plan["publications"]!.AsArray().Single(p => (string?)p!["code"] == "publish-verified")![field] = JsonNode.Parse(json);

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.Rule == "publication publish-verified" && p.Problem.Contains(problem));
    }

    [Theory]
    // N 3 "市安委办…视情采取以下一项或多项措施": the body is the one the words name, the condition a known judgement.
    [InlineData("judgement", "\"preparationNeeded\"", "unknown judgement 'preparationNeeded'")]
    [InlineData("by", "\"市应急管理局\"", "'市应急管理局' is not named in the words")]
    [InlineData("measures", "[]", "no measures")]
    public void Preparation_BrokenField_IsRefused(string field, string json, string problem)
    {
        var plan = Load(NaturalFile);
        plan["preparation"]![field] = JsonNode.Parse(json);

        Refuse(plan, fileName: NaturalFile).Problems.Should().Contain(p => p.File == NaturalFile && p.Rule == "preparation" && p.Problem.Contains(problem));
    }

    [Theory]
    // C 4.1(二) "建设工程事故或者较大涉险事故…": a prompt puts a known judgement that some duty reads, when something in the report points at it.
    [InlineData("judgement", "\"seriousNearMiss\"", "judgementPrompts[0]", "unknown judgement 'seriousNearMiss'")]
    [InlineData("judgement", "\"largeSocialImpact\"", "judgementPrompts[0]", "no duty of this plan is conditioned on 'largeSocialImpact'")]
    [InlineData("when", "null", "judgementPrompts[0]", "when is required")]
    [InlineData("when", "{\"quantity\": [\"trapped\"]}", "judgementPrompts[0].when", "a quantity test needs known figures and a positive atLeast")]
    public void JudgementPrompt_BrokenField_IsRefused(string field, string json, string rule, string problem)
    {
        var plan = Load(ConstructionFile);
        plan["judgementPrompts"]![0]![field] = JsonNode.Parse(json);

        Refuse(plan, fileName: ConstructionFile).Problems.Should().Contain(p => p.File == ConstructionFile && p.Rule == rule && p.Problem.Contains(problem));
    }

    [Fact]
    public void Adjustment_ByAnUnknownBody_IsRefused()
    {
        var plan = Road();
        plan["response"]!["adjustment"]!["by"] = "commander";

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response.adjustment.by" && p.Problem.Contains("activating-body"));
    }

    [Fact]
    public void MisspeltKey_IsRefusedAsInvalidJson()
    {
        var plan = Road();
        ResponseRule(plan, "response-5.3.1(4)-city-capacity")["judgment"] = "exceedsCityCapacity";

        var problem = Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile).Subject;
        problem.Problem.Should().StartWith("not valid plan JSON: The JSON property 'judgment' is not a key of the plan format here (misspelt?). (line ")
            .And.NotContain("EmergencyPlans.", "the plan editor knows the format, not the loader's .NET types");
    }

    [Fact]
    public void ValueOfTheWrongType_IsRefusedSayingWhatTheFormatWants()
    {
        var plan = Road();
        plan["validFrom"] = 20250601;

        var problem = Refuse(plan).Problems.Should().ContainSingle(p => p.File == RoadFile).Subject;
        problem.Problem.Should().StartWith("not valid plan JSON: $.validFrom must be an ISO 8601 date and time with its UTC offset, in a string (line 1, byte ").And.NotContain("System.");
    }

    [Fact]
    public void MalformedJson_IsRefused()
    {
        Refuse([(RoadFile, "{ \"id\": \"road-traffic\", ")]).Problems.Should().ContainSingle(p => p.File == RoadFile && p.Problem.Contains("not valid plan JSON"));
    }

    [Fact]
    public void MissingValidity_IsRefused()
    {
        var plan = Road();
        plan.AsObject().Remove("validFrom");

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "validFrom" && p.Problem.Contains("validity start is missing"));
    }

    [Fact]
    public void TwoVersionsInForceAtOnce_AreRefused()
    {
        var older = Road();
        var newer = Road();
        newer["documentNumber"] = "晋市政办〔2028〕1号";
        newer["validFrom"] = "2028-01-01T00:00:00+08:00";

        var error = Refuse([(RoadFile, older.ToJsonString()), ("road-traffic.2028-1.json", newer.ToJsonString())]);

        error.Problems.Should().Contain(p => p.File == "road-traffic.2028-1.json" && p.Problem.Contains("validity overlaps"));
    }

    [Fact]
    public void SuccessiveVersions_AreEachUsedInTheirOwnPeriod()
    {
        var older = Road();
        older["validUntil"] = "2028-01-01T00:00:00+08:00";
        var newer = Road();
        newer["documentNumber"] = "晋市政办〔2028〕1号";
        newer["validFrom"] = "2028-01-01T00:00:00+08:00";

        var catalog = PlanLoader.Load([(RoadFile, older.ToJsonString()), ("road-traffic.2028-1.json", newer.ToJsonString())], (CityFile, CityText()));

        catalog.Resolve("road-traffic", new DateTimeOffset(2027, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)))!.Metadata.DocumentNumber.Should().Be("晋市政办〔2025〕18号");
        catalog.Resolve("road-traffic", new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)))!.Metadata.DocumentNumber.Should().Be("晋市政办〔2028〕1号");
    }

    [Fact]
    public void CityWithOneWayAdjacency_IsRefused()
    {
        var city = JsonNode.Parse(CityText())!;
        city["counties"]![3]!["adjacent"] = new JsonArray("泽州县", "沁水县", "陵川县");

        Refuse(Road(), city.ToJsonString()).Problems.Should().Contain(p => p.File == CityFile && p.Rule == "阳城县" && p.Problem.Contains("not symmetric"));
    }

    [Fact]
    public void CityFigureWithoutSource_IsRefused()
    {
        var city = JsonNode.Parse(CityText())!;
        city["agriculturalPopulation"]!.AsObject().Remove("source");

        Refuse(Road(), city.ToJsonString()).Problems.Should().Contain(p => p.File == CityFile && p.Rule == "agriculturalPopulation" && p.Problem.Contains("source is missing"));
    }

    [Fact]
    public void LoadDirectory_MissingFolder_IsRefused()
    {
        var load = () => PlanLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), "no-such-plans-" + Guid.NewGuid()));

        load.Should().Throw<PlanValidationException>().WithMessage("*plans directory does not exist*");
    }

    // ---- every problem also in Chinese, for the plan-data editors (plans check) ----

    private static readonly System.Text.RegularExpressions.Regex Cjk = new(@"\p{IsCJKUnifiedIdeographs}");

    /// <summary>What every problem must carry for the editors: a Chinese sentence, not the English one and not the placeholder.</summary>
    private static void ShouldBeChinese(PlanProblem p)
    {
        p.Chinese.Should().NotBeNullOrWhiteSpace($"{p} needs a Chinese text");
        Cjk.IsMatch(p.Chinese).Should().BeTrue($"the Chinese for {p} is \"{p.Chinese}\"");
        p.Chinese.Should().NotBe(p.Problem).And.NotContain(p.Problem, $"the Chinese for {p} is not the English");
        p.Chinese.Should().NotBe(PlanProblem.Unexplained, $"the loader explains {p} itself");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("is missing")]
    [InlineData("missing: is missing")]
    [InlineData(PlanProblem.Unexplained)]
    public void ChineseCheck_RefusesAnEmptyEnglishOrPlaceholderText(string chinese)
    {
        var check = () => ShouldBeChinese(new PlanProblem(RoadFile, "id", "is missing", chinese));

        check.Should().Throw<Exception>();
    }

    [Fact]
    public void BrokenPlanAndCityFiles_EveryProblemIsAlsoInChinese()
    {
        // Road: metadata, obligations, grade bands, a response rule, a warning and the feed intake, all in one file.
        var road = Road();
        road.AsObject().Remove("validFrom");
        road["issued"] = "2025/04/30";
        Duty(road, "report-to-city")["due"] = "30 minutes";
        Duty(road, "verify-on-request")["start"] = "city-call";
        GradeRule(road, "grade-1.5(3)-deaths")["below"] = 9;
        ResponseRule(road, "response-5.3.3(3)-county").Remove("clause");
        Colour(road, "red")["issuerRole"] = "city-office";
        road["feedIntake"]!.AsObject().Remove("channel");
        road["feedIntake"]!["opensIncidentWhenAny"]!.AsArray().Add(new JsonObject { ["figure"] = "directLossWan", ["label"] = "损失" });

        // Publications and preparation are read only when the rest of the file holds: one fault per file.
        var construction = Load(ConstructionFile);
        construction["publications"]!.AsArray().Single(p => (string?)p!["code"] == "publish-verified")!["after"] = "publish-summary";
        var natural = Load(NaturalFile);
        natural["preparation"]!["by"] = "市应急管理局";

        // Malformed JSON: the comma after "title" is missing, so the reader stops at the next key (line 4, byte 3).
        const string malformed = "{\n  \"id\": \"road-traffic\",\n  \"title\": \"道路交通\"\n  \"owner\": \"市公安局\"\n}\n";

        var plans = Refuse([(RoadFile, road.ToJsonString()), (ConstructionFile, construction.ToJsonString()), (NaturalFile, natural.ToJsonString()),
            ("road-traffic.2028-1.json", malformed)]).Problems;

        // The city file is read first and alone: its problems stop the load before any plan is read.
        var city = JsonNode.Parse(CityText())!;
        city["counties"]![3]!["adjacent"] = new JsonArray("泽州县", "沁水县", "陵川县");
        city["agriculturalPopulation"]!.AsObject().Remove("source");
        var cityProblems = Refuse(Road(), city.ToJsonString()).Problems;

        var all = plans.Concat(cityProblems).ToList();
        string ChineseOf(string file, string rule) => all.Should().ContainSingle(p => p.File == file && p.Rule == rule, $"got {string.Join(" | ", all)}").Subject.Chinese;

        all.Should().HaveCountGreaterThanOrEqualTo(15).And.AllSatisfy(ShouldBeChinese);
        ChineseOf(RoadFile, "validFrom").Should().Be("缺少有效期起始时间 “validFrom”（事件按事发时有效的预案版本研判）");
        ChineseOf(RoadFile, "issued").Should().Be("'2025/04/30' 不是日期（格式为 yyyy-MM-dd）");
        ChineseOf(RoadFile, "obligation report-to-city.due").Should().Be("'30 minutes' 不是 ISO 8601 时长（如 PT30M、PT1H、P1D）");
        ChineseOf(RoadFile, "obligation verify-on-request").Should().StartWith("“start” 的值 'city-call' 不是 occurrence、receipt、").And.EndWith(" 之一");
        ChineseOf(RoadFile, "grade-1.5(3)-deaths").Should().Be("“grade” 中本档止于 “below” 9，下一档（grade-1.5(2)-deaths）却从 10 开始：相邻两档必须首尾相接");
        ChineseOf(RoadFile, "response-5.3.3(3)-county.clause").Should().Be("缺少条款号 “clause”");
        ChineseOf(RoadFile, "warning red").Should().StartWith("未知角色 'city-office'（可用：duty-officer、office-director、");
        ChineseOf(RoadFile, "feedIntake.channel").Should().Be("缺少 “channel”");
        ChineseOf(RoadFile, "feedIntake.opensIncidentWhenAny").Should().Be("数据项 'directLossWan'（直接经济损失（万元））不是计数、事实项或县（市、区）名单，无法判断“有没有”");
        ChineseOf(ConstructionFile, "publication publish-verified").Should().Be("“after” 的值 'publish-summary' 不是本预案的信息发布");
        ChineseOf(NaturalFile, "preparation").Should().Be("“by” 的值 '市应急管理局' 没有出现在原文 “words” 中");
        ChineseOf("road-traffic.2028-1.json", "$").Should().Be(
            "不是有效的预案 JSON：读到第 4 行第 3 个字节时出错。请检查该处的语法（括号、引号、逗号）、字段名的拼写（是否为该处应有的字段）和值的类型");
        ChineseOf(CityFile, "阳城县").Should().Be("相邻关系不对称：'陵川县' 的 “adjacent” 中没有 '阳城县'");
        ChineseOf(CityFile, "agriculturalPopulation").Should().Be("缺少 “source”：请注明该数字的来源");
    }

    // ---- figureLabels: a plan's own word for a figure (natural disaster 失踪), quoted from the plan ----

    private static JsonObject Labelled(string figure, string label, string clause, string words)
    {
        var plan = Road();
        plan.AsObject()["figureLabels"] = new JsonArray(new JsonObject { ["figure"] = figure, ["label"] = label, ["clause"] = clause, ["words"] = words });
        return plan.AsObject();
    }

    [Fact]
    public void FigureLabel_QuotedFromThePlan_Loads()
    {
        var plan = Labelled("missing", "失联", "5.3.1(1)", "发生道路交通事故，造成10人以上失联、死亡");

        var catalog = PlanLoader.Load([(RoadFile, plan.ToJsonString())], (CityFile, CityText()));

        catalog.Plans.Single().FigureLabels.Of(EmergencyPlans.Core.Domain.Figure.Missing).Should().Be("失联");
    }

    [Fact]
    public void FigureLabel_ForAnUnknownFigure_IsRefusedNamingIt()
    {
        var error = Refuse(Labelled("missng", "失联", "5.3.1(1)", "造成10人以上失联、死亡"));

        error.Problems.Should().ContainSingle(p => p.Rule == "figureLabels[0]" && p.Problem.Contains("unknown figure 'missng'") && p.Chinese.Contains("未知的数据项 'missng'"));
    }

    [Fact]
    public void FigureLabel_WhoseWordsDoNotContainIt_IsRefused_TheLabelMustBeThePlansWord()
    {
        // 失踪 is not in the road plan's 5.3.1(1): a label that is ours, not the plan's, is refused.
        var error = Refuse(Labelled("missing", "失踪", "5.3.1(1)", "发生道路交通事故，造成10人以上失联、死亡"));

        error.Problems.Should().ContainSingle(p => p.Rule == "figureLabels.missing" && p.Problem.Contains("do not contain the label '失踪'")
            && p.Chinese == "“words” 中没有 “失踪”：请引用预案中使用该词的原文");
    }

    [Theory]
    [InlineData("label")]
    [InlineData("clause")]
    [InlineData("words")]
    public void FigureLabel_WithoutLabelClauseOrWords_IsRefused(string field)
    {
        var plan = Labelled("missing", "失联", "5.3.1(1)", "造成10人以上失联、死亡");
        plan["figureLabels"]![0]!.AsObject()[field] = " ";

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == $"figureLabels.missing.{field}" && p.Problem == "is missing");
    }

    [Fact]
    public void FigureLabel_GivenTwiceForOneFigure_IsRefused()
    {
        var plan = Labelled("missing", "失联", "5.3.1(1)", "造成10人以上失联、死亡");
        plan["figureLabels"]!.AsArray().Add(plan["figureLabels"]![0]!.DeepClone());

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "figureLabels.missing" && p.Problem.Contains("labelled twice"));
    }

    [Fact]
    public void FigureLabel_MisspeltKey_IsRefused()
    {
        var plan = Labelled("missing", "失联", "5.3.1(1)", "造成10人以上失联、死亡");
        plan["figureLabels"]![0]!.AsObject()["lable"] = "失联";

        Refuse(plan).Problems.Should().Contain(p => p.Rule.Contains("lable"));
    }

    // ---- roleNames: what a plan calls the post a shared role stands for (road 市指挥部办公室主任, natural disaster 市安委办主任) ----

    private static JsonObject Named(string role, string name, string clause, string words, string? reading = null)
    {
        var plan = Road();
        var entry = new JsonObject { ["role"] = role, ["name"] = name, ["clause"] = clause, ["words"] = words };
        if (reading is not null)
        {
            entry["reading"] = reading;
        }

        plan.AsObject()["roleNames"] = new JsonArray(entry);
        return plan.AsObject();
    }

    [Fact]
    public void RoleName_QuotedFromThePlan_Loads_AndAnUnnamedRoleKeepsTheCataloguesLabel()
    {
        var plan = Named("office-director", "市指挥部办公室主任", "5.3.3", "由市指挥部办公室主任启动Ⅲ级应急响应，同时报告市指挥部");

        var loaded = PlanLoader.Load([(RoadFile, plan.ToJsonString())], (CityFile, CityText())).Plans.Single();

        loaded.RoleNames.Of(EmergencyPlans.Core.Domain.RoleCatalogue.OfficeDirector).Should().Be("市指挥部办公室主任");
        loaded.RoleNames.Of(EmergencyPlans.Core.Domain.RoleCatalogue.DutyOfficer).Should().Be("值班员");
    }

    [Fact]
    public void RoleName_ForAnUnknownRole_IsRefusedNamingIt()
    {
        var error = Refuse(Named("office-directr", "市指挥部办公室主任", "5.3.3", "由市指挥部办公室主任启动Ⅲ级应急响应"));

        error.Problems.Should().ContainSingle(p => p.Rule == "roleNames[0]" && p.Problem.Contains("unknown role 'office-directr'") && p.Chinese.Contains("未知的角色 'office-directr'"));
    }

    [Fact]
    public void RoleName_WhoseWordsDoNotContainIt_IsRefused_UnlessAReadingSaysWhy()
    {
        // 市安委办主任 is the natural-disaster plan's post (5.4.2), not in the road plan's 5.3.3.
        var error = Refuse(Named("office-director", "市安委办主任", "5.3.3", "由市指挥部办公室主任启动Ⅲ级应急响应"));
        error.Problems.Should().ContainSingle(p => p.Rule == "roleNames.office-director" && p.Problem.Contains("do not contain the name '市安委办主任'")
            && p.Chinese.StartsWith("“words” 中没有 “市安委办主任”", StringComparison.Ordinal));

        var read = Named("deputy-commander", "市指挥部副指挥长", "5.3.2", "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应", reading: "named as the plan names the commander");
        PlanLoader.Load([(RoadFile, read.ToJsonString())], (CityFile, CityText())).Plans.Single()
            .RoleNames.Of(EmergencyPlans.Core.Domain.RoleCatalogue.DeputyCommander).Should().Be("市指挥部副指挥长");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("clause")]
    [InlineData("words")]
    public void RoleName_WithoutNameClauseOrWords_IsRefused(string field)
    {
        var plan = Named("commander", "市指挥部指挥长", "5.3.1", "由市指挥部指挥长决定启动Ⅰ级响应");
        plan["roleNames"]![0]!.AsObject()[field] = " ";

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == $"roleNames.commander.{field}" && p.Problem == "is missing");
    }

    [Fact]
    public void RoleName_GivenTwiceForOneRole_IsRefused()
    {
        var plan = Named("commander", "市指挥部指挥长", "5.3.1", "由市指挥部指挥长决定启动Ⅰ级响应");
        plan["roleNames"]!.AsArray().Add(plan["roleNames"]![0]!.DeepClone());

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "roleNames.commander" && p.Problem.Contains("named twice"));
    }

    // ---- gradeTerm: the plan's word for the grade (road 突发事件等级) ----

    [Fact]
    public void GradeTerm_QuotedFromThePlan_Loads_AndWordsWithoutItAreRefusedUnlessAReadingSaysWhy()
    {
        var plan = Road();
        plan.AsObject()["gradeTerm"] = new JsonObject { ["term"] = "突发事件等级", ["clause"] = "5.1.1", ["words"] = "初步判定突发事件等级、性质" };
        PlanLoader.Load([(RoadFile, plan.ToJsonString())], (CityFile, CityText())).Plans.Single().GradeTerm.Should().Be("突发事件等级");

        plan.AsObject()["gradeTerm"] = new JsonObject { ["term"] = "事故等级", ["clause"] = "5.1.1", ["words"] = "初步判定突发事件等级、性质" };
        Refuse(plan.AsObject()).Problems.Should().ContainSingle(p => p.Rule == "gradeTerm" && p.Problem.Contains("do not contain the term '事故等级'"));
    }

    [Theory]
    // R 5.1.1 "初步判定突发事件等级"; C 1.5 事故分级 "事故分为……四个等级"; N has no grade table: a disaster's, not an accident's.
    [InlineData("road-traffic", "突发事件等级")]
    [InlineData("construction", "事故等级")]
    [InlineData("natural-disaster", "灾害等级")]
    public void GradeTerm_EachShippedPlan_NamesTheGradeAsItsTextDoes(string planId, string term) =>
        EmergencyPlans.Core.Tests.Support.Repository.Latest(planId).GradeTerm.Should().Be(term);

    // ---- response.proposal: who proposes a level, and where the plan says so ----

    [Theory]
    [InlineData("mayor", "II", "response.proposal.by", "unknown role 'mayor'")]
    [InlineData("office-director", "IV", "response.proposal.levels[0]", "'IV' is not a level of this plan")]
    public void Proposal_AnUnknownRoleOrALevelThePlanLacks_IsRefused(string role, string level, string rule, string problem)
    {
        var plan = Road();
        plan["response"]!.AsObject()["proposal"] = new JsonObject
        {
            ["by"] = new JsonArray(role),
            ["levels"] = new JsonArray(new JsonObject { ["level"] = level, ["clause"] = "5.3.2", ["words"] = "向市指挥部提出启动Ⅱ级应急响应的建议" }),
        };

        Refuse(plan.AsObject()).Problems.Should().Contain(p => p.Rule == rule && p.Problem.Contains(problem));
    }

    // ---- response.organs: 谁启动、谁终止 is applied per organ, so each deciding role must be in exactly one ----

    [Fact]
    public void Organs_Missing_IsRefused()
    {
        // R 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": without the organs nobody could say whether the commander ends his deputy's Ⅱ.
        var plan = Road();
        plan["response"]!.AsObject().Remove("organs");

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response.organs" && p.Problem.Contains("no organs"));
    }

    [Fact]
    public void Organs_ADecidingRoleInNone_IsRefused()
    {
        // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应": the office director decides Ⅲ, so his organ must be said.
        var plan = Road();
        plan["response"]!["organs"]!.AsArray().RemoveAt(1);

        Refuse(plan).Problems.Should().ContainSingle(p => p.Rule == "response.organs" && p.Problem.Contains("role 'office-director' may activate a level but is in no organ"));
    }

    [Fact]
    public void Organs_ARoleInTwo_IsRefused()
    {
        // Were the office director also a rank of the 市指挥部, he would end the deputy's Ⅱ; R 2.1 puts the 指挥部 and its 办公室 apart.
        var plan = Road();
        plan["response"]!["organs"]![0]!["ranks"]!.AsArray().Add("office-director");

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response.organs[1].ranks" && p.Problem.Contains("already in organ 'city-hq'"));
    }

    [Fact]
    public void Organs_AnUnknownRole_IsRefused()
    {
        var plan = Road();
        plan["response"]!["organs"]![0]!["ranks"]!.AsArray().Add("mayor");

        Refuse(plan).Problems.Should().Contain(p => p.Rule == "response.organs[0]" && p.Problem.Contains("unknown role 'mayor'"));
    }
}
