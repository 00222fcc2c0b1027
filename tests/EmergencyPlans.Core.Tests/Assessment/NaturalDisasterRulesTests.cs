using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// 晋城市自然灾害救助应急预案 (晋市政办〔2026〕3号), written by hand from the plan text: response 5.1–5.4
/// (四级, Ⅰ最高), "以上(含本数，下同)" (5.1.1(1)), "以下"不含本数. Below Ⅳ there is no city-level relief response.
/// Drought shares are of 本市农业人口; the head counts (8万/12万/16万/20万) are what the tests use.
/// </summary>
public class NaturalDisasterRulesTests
{
    private const string Plan = "natural-disaster";
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Every figure the plan reads is known; defaults are zero.</summary>
    private static IncidentInput Known(
        long deaths = 0, long missing = 0, long relocated = 0, long rooms = 0, long households = 0, long droughtAid = 0,
        JudgementInput? judgements = null, Grade? declared = null) => new()
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.Missing] = missing,
                [Figure.Relocated] = relocated,
                [Figure.CollapsedRooms] = rooms,
                [Figure.CollapsedHouseholds] = households,
                [Figure.DroughtAidPeople] = droughtAid,
                DeclaredGrade = declared,
            },
            Judgements = judgements ?? JudgementInput.None,
        };

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    [Theory]
    // below 5.4.1(1): no city-level response
    [InlineData(4, 0, null)]
    [InlineData(2, 2, null)]
    // 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ
    [InlineData(5, 0, ResponseLevel.IV)]
    [InlineData(3, 2, ResponseLevel.IV)]
    [InlineData(9, 0, ResponseLevel.IV)]
    // 5.3.1(1) "死亡和失踪10人以上20人以下" → Ⅲ
    [InlineData(10, 0, ResponseLevel.III)]
    [InlineData(0, 10, ResponseLevel.III)]
    [InlineData(19, 0, ResponseLevel.III)]
    // 5.2.1(1) "死亡和失踪20人以上50人以下" → Ⅱ
    [InlineData(20, 0, ResponseLevel.II)]
    [InlineData(49, 0, ResponseLevel.II)]
    // 5.1.1(1) "死亡和失踪50人以上(含本数，下同)" → Ⅰ
    [InlineData(50, 0, ResponseLevel.I)]
    [InlineData(25, 25, ResponseLevel.I)]
    public void Response_DeadAndMissing_BothSidesOfEveryThreshold(long deaths, long missing, ResponseLevel? expected)
    {
        var a = Assess(Known(deaths: deaths, missing: missing));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.4.1(2) "紧急转移安置和需紧急生活救助3000人以上5000人以下" Ⅳ; 5.3.1(2) "5000人以上10万人以下" Ⅲ;
    // 5.2.1(2) "10万人以上20万人以下" Ⅱ; 5.1.1(2) "20万人以上" Ⅰ
    [InlineData(2999, null)]
    [InlineData(3000, ResponseLevel.IV)]
    [InlineData(4999, ResponseLevel.IV)]
    [InlineData(5000, ResponseLevel.III)]
    [InlineData(99999, ResponseLevel.III)]
    [InlineData(100000, ResponseLevel.II)]
    [InlineData(199999, ResponseLevel.II)]
    [InlineData(200000, ResponseLevel.I)]
    public void Response_Relocated_BothSidesOfEveryThreshold(long relocated, ResponseLevel? expected)
    {
        var a = Assess(Known(relocated: relocated));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.4.1(3) "倒塌和严重损坏房屋1000间或500户以上、3000间或1000户以下" Ⅳ; 5.3.1(3) "3000间或1000户以上、1万间或3000户以下" Ⅲ;
    // 5.2.1(3) "1万间或3000户以上、10万间或3万户以下" Ⅱ; 5.1.1(3) "10万间或3万户以上" Ⅰ — rooms (间) alone here
    [InlineData(999, null)]
    [InlineData(1000, ResponseLevel.IV)]
    [InlineData(2999, ResponseLevel.IV)]
    [InlineData(3000, ResponseLevel.III)]
    [InlineData(9999, ResponseLevel.III)]
    [InlineData(10000, ResponseLevel.II)]
    [InlineData(99999, ResponseLevel.II)]
    [InlineData(100000, ResponseLevel.I)]
    public void Response_CollapsedRooms_BothSidesOfEveryThreshold(long rooms, ResponseLevel? expected)
    {
        var a = Assess(Known(rooms: rooms));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // the same clauses, households (户) alone: 500 Ⅳ, 1000 Ⅲ, 3000 Ⅱ, 3万 Ⅰ
    [InlineData(499, null)]
    [InlineData(500, ResponseLevel.IV)]
    [InlineData(999, ResponseLevel.IV)]
    [InlineData(1000, ResponseLevel.III)]
    [InlineData(2999, ResponseLevel.III)]
    [InlineData(3000, ResponseLevel.II)]
    [InlineData(29999, ResponseLevel.II)]
    [InlineData(30000, ResponseLevel.I)]
    public void Response_CollapsedHouseholds_BothSidesOfEveryThreshold(long households, ResponseLevel? expected)
    {
        var a = Assess(Known(households: households));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Trap_RoomsOrHouseholds_EitherCriterionCounts_2000RoomsWith1500HouseholdsIsLevelIII()
    {
        // 5.3.1(3) "倒塌和严重损坏房屋3000间或1000户以上": 2000 rooms is only Ⅳ (5.4.1(3) "1000间…以上"),
        // but 1500 households reaches "1000户以上" → Ⅲ. "或": either measure counts (R2).
        var a = Assess(Known(rooms: 2000, households: 1500));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeTrue();
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("5.3.1(3)") && r.Words.Contains("1000户"));
    }

    [Fact]
    public void Trap_RoomsOrHouseholds_RoomsHigherThanHouseholds_RoomsWin()
    {
        // 5.2.1(3) "1万间或3000户以上": 12000 rooms reaches Ⅱ although 600 households is only Ⅳ.
        var a = Assess(Known(rooms: 12000, households: 600));

        a.Response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Trap_RoomsOrHouseholds_HouseholdsUnknown_RoomsGiveLowerBoundOnly()
    {
        // 2000 rooms → Ⅳ (5.4.1(3)); households unknown could still reach "3万户以上" (5.1.1(3)).
        var a = Assess(new IncidentInput
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0,
                [Figure.Missing] = 0,
                [Figure.Relocated] = 0,
                [Figure.DroughtAidPeople] = 0,
                [Figure.CollapsedRooms] = 2000,
                [Figure.CollapsedHouseholds] = null,
            },
        });

        a.Response.Level.Should().Be(ResponseLevel.IV);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.CollapsedHouseholds);
    }

    [Fact]
    public void Hints_DroughtShareAndHeadCount_OneThreshold_OneLineThatSaysBoth()
    {
        // 5.4.1(4) "需政府救助人数占本市农业人口10%以上15%以下,或8万人以上12万人以下" → Ⅳ: with 本市农业人口 derived as 80万 the two halves are one
        // threshold, and the card printed it twice (review s61, ND-12). One line, the plan's head count, saying the share it equals.
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Assess(Known(droughtAid: 50_000)));

        card.NearestThresholds.Where(t => t.Figures.SequenceEqual(["droughtAidPeople"])).Select(t => t.Text).Should().ContainSingle()
            .Which.Should().StartWith("因旱需政府救助人数再增加30000人（即占本市农业人口10%，本市农业人口按80万人计） → Ⅳ级响应（5.4.1(4)）");
    }

    [Theory]
    // 5.1.1(4) "因干旱灾害造成缺粮或缺水等生活困难,需政府救助人数占本市农业人口25%以上,或20万人以上" Ⅰ; 5.2.1(4) "…20%以上25%以下,或16万人以上20万人
    // 以下" Ⅱ; 5.3.1(4) "…15% 以上 20% 以下,或 12 万人以上 16 万人以下" Ⅲ; 5.4.1(4) "…10% 以上 15% 以下,或 8 万人以上 12 万人以下" Ⅳ.
    [InlineData(200_000, ResponseLevel.I, "5.1.1(4)", "20万人以上", "占本市农业人口25%以上")]
    [InlineData(160_000, ResponseLevel.II, "5.2.1(4)", "16万人以上20万人以下", "占本市农业人口的20%以上25%以下")]
    [InlineData(130_000, ResponseLevel.III, "5.3.1(4)", "12 万人以上 16 万人以下", "占该市农业人口 15% 以上 20% 以下")]
    [InlineData(80_000, ResponseLevel.IV, "5.4.1(4)", "8 万人以上 12 万人以下", "占本市农业人口 10% 以上 15% 以下")]
    public void Because_ADroughtLevel_CitesItsClauseOnce_ByTheHeadCount_WithTheShareInItsNote(long people, ResponseLevel level, string clause, string headCount, string share)
    {
        var a = Assess(Known(droughtAid: people));

        a.Response.Level.Should().Be(level);
        a.Response.Because.Should().ContainSingle().Which.Words.Should().EndWith(headCount);
        a.Response.Because[0].Clause.Should().Be(clause);
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a);
        card.Response.Because.Should().ContainSingle().Which.Note.Should().Contain(share).And.Contain("本市农业人口按80万人计，暂定");
    }

    [Fact]
    public void Hints_ARainstormWithNoDroughtAid_ListsNoDroughtThreshold()
    {
        // A flood stated droughtAidPeople 0: 5.x.1(4) "因干旱灾害造成缺粮或缺水等生活困难" is not its case, and "因旱需政府救助人数再增加200000人"
        // stood among its nearest thresholds, twice (review s61, ND-12). The other criteria are listed as before.
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Assess(Known(relocated: 2_500)));

        card.NearestThresholds.Should().NotContain(t => t.Figures.Contains("droughtAidPeople"));
        card.NearestThresholds.Should().Contain(t => t.Figures.Count == 1 && t.Figures[0] == "relocated" && t.Clause == "5.4.1(2)");
    }

    [Theory]
    // 5.4.1(4) "需政府救助人数占本市农业人口10%以上15%以下，或8万人以上12万人以下" Ⅳ;
    // 5.3.1(4) "15%以上20%以下，或12万人以上16万人以下" Ⅲ; 5.2.1(4) "20%以上25%以下，或16万人以上20万人以下" Ⅱ;
    // 5.1.1(4) "25%以上，或20万人以上" Ⅰ
    [InlineData(79999, null)]
    [InlineData(80000, ResponseLevel.IV)]
    [InlineData(119999, ResponseLevel.IV)]
    [InlineData(120000, ResponseLevel.III)]
    [InlineData(159999, ResponseLevel.III)]
    [InlineData(160000, ResponseLevel.II)]
    [InlineData(199999, ResponseLevel.II)]
    [InlineData(200000, ResponseLevel.I)]
    public void Response_DroughtAidPeople_BothSidesOfEveryThreshold(long people, ResponseLevel? expected)
    {
        var a = Assess(Known(droughtAid: people));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_CriteriaJoinedByOr_MostSevereWins()
    {
        // "出现下列情况之一的": 6 dead (Ⅳ), 6000 relocated (Ⅲ), 12000 rooms (Ⅱ) → Ⅱ.
        var a = Assess(Known(deaths: 6, relocated: 6000, rooms: 12000));

        a.Response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Response_BelowLevelIV_NoResponseAndTheClauseSaysSo()
    {
        // 5.4.1 is the lowest level; below it the city starts no relief response.
        var a = Assess(Known(deaths: 4, relocated: 2999, rooms: 999, households: 499, droughtAid: 79999));

        a.Response.Level.Should().BeNull();
        a.Response.Determined.Should().BeTrue();
        a.Response.Authority.Should().BeNull();
        a.Response.NoResponse.Should().NotBeNull();
        a.WorkGroups.Should().BeEmpty();
    }

    [Fact]
    public void Response_NothingKnown_TheNoResponseClauseIsCitedOnlyAsWhatTheKnownFiguresMeet()
    {
        // 5.4.1 "……出现下列情况之一的,启动Ⅳ级响应": with no figure known it is not known that none of its cases holds, so the card does not
        // say the city starts no response; the citation says the known figures meet none, and that it cannot be judged yet (a duty officer's
        // review, session 53: 山体滑坡 with nothing known read 不启动市级响应).
        var a = Assess(IncidentInput.From("natural-disaster", OccurredAt, ReportedFigures.None));
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a).Response;

        (a.Response.Level, a.Response.Determined, a.Response.UpTo).Should().Be(((ResponseLevel?)null, false, (ResponseLevel?)ResponseLevel.I));
        card.NoResponse!.Note.Should().Be("按已知数字未达到所列任一情形；数字不全，尚不能判断是否启动市级响应");

        var known = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(Assess(Known(deaths: 4, relocated: 2999, rooms: 999, households: 499, droughtAid: 79999)));
        known.Response.NoResponse!.Note.Should().BeNull("every figure known below 5.4.1: the city starts no response");
    }

    [Theory]
    // 5.1.1(5) "市委、市政府认为需要启动Ⅰ级响应的其他事项"; 5.2.1(5)/5.3.1(5)/5.4.1(5) "市安委会认为需要启动…的其他情形/事项"
    [InlineData(ResponseLevel.IV)]
    [InlineData(ResponseLevel.III)]
    [InlineData(ResponseLevel.II)]
    [InlineData(ResponseLevel.I)]
    public void Response_DecidedByTheCommittee_IsThatLevel(ResponseLevel decided)
    {
        var a = Assess(Known(judgements: new JudgementInput { HeadquartersLevel = decided, DecidedBy = "市安委会", Reason = "test" }));

        a.Response.Level.Should().Be(decided);
    }

    [Theory]
    // 5.1.1(5) gives the Ⅰ decision to "市委、市政府", not to 市安委会 (whose are 5.2.1(5)–5.4.1(5)): recorded as 市安委会's, the level stands
    // (who decided is the report's to say) and the ground says whose the clause is; the card showed Ⅰ 已确定 with no word of it.
    [InlineData(ResponseLevel.I, "市安委会", "本条由市委、市政府认定；记录的决定者为“市安委会”，请核实")]
    [InlineData(ResponseLevel.I, "市委、市政府", null)]
    [InlineData(ResponseLevel.II, "市安委会", null)]
    [InlineData(ResponseLevel.II, "市安委办", "本条由市安委会认定；记录的决定者为“市安委办”，请核实")]
    public void Response_DecidedByABodyTheClauseDoesNotName_TheGroundSaysWhoseItIs(ResponseLevel decided, string by, string? note)
    {
        var a = Assess(Known(judgements: new JudgementInput { HeadquartersLevel = decided, DecidedBy = by, Reason = "test" }));

        a.Response.Level.Should().Be(decided);
        var ground = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a).Response.Because.Single(b => b.Clause.EndsWith("(5)", StringComparison.Ordinal));
        ground.Note.Should().Be(note);
        ground.JudgedBy.Should().Be(by);
    }

    // ---- Who decides (启动程序) ----

    [Theory]
    // 5.1.2 "向市安委会提出启动Ⅰ级响应的建议，并报市委、市政府决定"
    [InlineData(50, ResponseLevel.I, "party-committee-government")]
    // 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定"
    [InlineData(20, ResponseLevel.II, "commander")]
    // 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应"
    [InlineData(10, ResponseLevel.III, "deputy-commander")]
    // 5.4.2 "由市安委办主任决定启动Ⅳ级响应"
    [InlineData(5, ResponseLevel.IV, "office-director")]
    public void Authority_WhoDecidesEachLevel(long deaths, ResponseLevel level, string role)
    {
        var a = Assess(Known(deaths: deaths));

        a.Response.Level.Should().Be(level);
        a.Response.Authority!.ActivatedBy.Should().BeEquivalentTo([role]);
    }

    // ---- Version in force (8.5 "本预案自印发之日起实施"; issued 2026年2月4日) ----

    [Fact]
    public void Plan_InForceFromItsIssueDate()
    {
        var plan = Repository.Engine.Resolve(Plan, new DateTimeOffset(2026, 2, 4, 0, 0, 0, TimeSpan.FromHours(8)));

        plan.Metadata.DocumentNumber.Should().Be("晋市政办〔2026〕3号");
        var before = () => Repository.Engine.Resolve(Plan, new DateTimeOffset(2026, 2, 3, 23, 59, 59, TimeSpan.FromHours(8)));
        before.Should().Throw<PlanNotInForceException>("the replaced 晋市政办〔2023〕32号 is not encoded");
    }

    // ---- Grade: the plan has no grade table; 重大及以上 / 重特大 is declared (DOMAIN.md §2) ----

    [Fact]
    public void Grade_NoneDeclared_IsNull()
    {
        Assess(Known(deaths: 60)).Grade.Should().BeNull();
    }

    [Fact]
    public void Grade_Declared_IsTakenAsDeclaredAndDetermined()
    {
        // 4.1.5 "重大及以上自然灾害" — the grade comes from the competent department, not from a table.
        var a = Assess(Known(deaths: 1, declared: Grade.Serious));

        a.Grade!.Value.Should().Be(Grade.Serious);
        a.Grade.Declared.Should().BeTrue();
        a.Grade.Determined.Should().BeTrue();
    }
}
