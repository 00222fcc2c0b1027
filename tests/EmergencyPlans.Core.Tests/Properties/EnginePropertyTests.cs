using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Properties;

/// <summary>
/// Properties that must hold for every report, checked over thousands of generated reports per plan.
/// Generators are hand-rolled and seeded, so a failure names its seed and case and reproduces exactly.
/// Values are drawn across many magnitudes (0–15, 0–120, 0–12 000, 0–300 000), not from the plan tables.
/// </summary>
public class EnginePropertyTests
{
    private const int Cases = 3000;

    public static TheoryData<string, int> Plans => new()
    {
        { "construction", 11 },
        { "road-traffic", 22 },
        { "natural-disaster", 33 },
    };

    private static readonly string[] Counties = ["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县"];

    [Theory]
    [MemberData(nameof(Plans))]
    public void RaisingAnyCount_NeverLowersGradeOrLevel(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var before = Generate(random, plan);
            var figure = (Figure)random.Next(FigureCount);
            var after = Raise(before, figure, Magnitude(random) + 1);

            var a = Repository.Engine.Classify(before);
            var b = Repository.Engine.Classify(after);

            var because = $"seed {seed} case {i}: raising {figure} in {Describe(before)}";
            Rank(b.Level).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            Rank(b.LevelUpTo).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            if (a.HasGrade)
            {
                ((int)b.Grade).Should().BeGreaterThanOrEqualTo((int)a.Grade, because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void FillingInAnUnknown_NeverContradictsTheEarlierBounds(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var before = Generate(random, plan);
            var unknown = Enumerable.Range(0, FigureCount).Select(f => (Figure)f).Where(f => !before.TryGet(f, out _)).ToArray();
            if (unknown.Length == 0)
            {
                continue;
            }

            var figure = unknown[random.Next(unknown.Length)];
            var after = Raise(before, figure, Magnitude(random));

            var a = Repository.Engine.Classify(before);
            var b = Repository.Engine.Classify(after);

            // The new result lies inside the old [lower, upper] interval: knowing more only narrows it.
            var because = $"seed {seed} case {i}: filling {figure} in {Describe(before)}";
            Rank(b.Level).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            Rank(b.LevelUpTo).Should().BeLessThanOrEqualTo(Rank(a.LevelUpTo), because);
            if (a.HasGrade)
            {
                ((int)b.Grade).Should().BeGreaterThanOrEqualTo((int)a.Grade, because);
                ((int)b.GradeUpTo).Should().BeLessThanOrEqualTo((int)a.GradeUpTo, because);
            }
        }
    }

    /// <summary>
    /// The engine settles duties that read only the grade and the level when the plan is loaded. Whatever it settles
    /// ahead, the duties of an assessment must be exactly those a plain reading of every rule gives: in force on the
    /// day, condition holding, and of several rules with one code the one due soonest.
    /// </summary>
    [Theory]
    [MemberData(nameof(Plans))]
    public void AssessedDuties_AreExactlyTheRulesWhoseConditionHolds(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = WithAnyFactsAndJudgements(random, Generate(random, plan));
            var assessment = Repository.Engine.Assess(input);

            var expected = new List<ObligationRule>();
            foreach (var rule in assessment.Plan.Obligations)
            {
                if (rule.Start is not (DutyStart.Occurrence or DutyStart.Receipt)
                    || !rule.InForceAt(input.OccurredAt) || !rule.AppliesTo(assessment, activated: null))
                {
                    continue;
                }

                var same = expected.FindIndex(r => r.Code == rule.Code);
                if (same < 0)
                {
                    expected.Add(rule);
                }
                else if ((rule.Due ?? TimeSpan.MaxValue) < (expected[same].Due ?? TimeSpan.MaxValue))
                {
                    expected[same] = rule;
                }
            }

            // A duty another owed one stands for is not owed beside it (supersededBy): C 4.1(二), a 一般 accident judged 较大涉险 owes the
            // 30-minute phone and 1-hour written reports to 市委、市政府, the written one being its 1-hour report.
            var owed = expected.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
            expected = [.. expected.Where(r => !r.SupersededBy.Any(owed.Contains))];

            assessment.Obligations.Select(o => o.Rule).Should().Equal(expected, $"seed {seed} case {i}: {Describe(input)}");
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryResult_CitesAtLeastOneClause_AndEveryCitedRuleHolds(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan);
            var assessment = Repository.Engine.Assess(input);
            var because = $"seed {seed} case {i}: {Describe(input)}";

            var cited = assessment.Response.Because.Select(r => r.Clause)
                .Concat(assessment.Grade?.Because.Select(r => r.Clause) ?? [])
                .Concat(assessment.Response.NoResponse is { } none ? [none.Clause] : []);
            cited.Should().Contain(c => !string.IsNullOrWhiteSpace(c), because);

            if (assessment.Grade is { Declared: false } grade)
            {
                // A grade rests on a reported figure, or it is 暂时无法判明 (R 5.1.1, C 4.1(二)): no figure the table reads is known,
                // and no band is cited as met on figures nobody reported.
                var gradeFigures = Repository.Latest(plan).Grade!.Rules.SelectMany(r => r.Figures);
                if (gradeFigures.Any(f => input.TryGet(f, out _)))
                {
                    grade.Because.Should().NotBeEmpty(because);
                }
                else
                {
                    grade.Because.Should().BeEmpty(because);
                    grade.Unjudged.Should().BeTrue(because);
                }
            }

            if (assessment.Response.Level is not null)
            {
                assessment.Response.Because.Should().NotBeEmpty(because);
                assessment.Response.Because.Should().OnlyContain(r => r.LevelOutcome == assessment.Response.Level, because);
            }

            // A cited threshold is reached by the known figures alone (unknown ones count as at least zero).
            foreach (var rule in assessment.Response.Because.Concat(assessment.Grade?.Because ?? []))
            {
                if (rule.AtLeast is { } atLeast && rule.Figures.Count > 0 && rule.Id.Contains("drought-share", StringComparison.Ordinal) is false)
                {
                    rule.Figures.Sum(f => input.TryGet(f, out var v) ? v : 0m).Should().BeGreaterThanOrEqualTo(atLeast, because + " cites " + rule.Id);
                }
            }

            foreach (var obligation in assessment.Obligations)
            {
                obligation.Rule.Clause.Should().NotBeNullOrWhiteSpace(because);
                if (obligation.Rule.Due is { } due)
                {
                    obligation.DueAt.Should().Be(input.OccurredAt + due, because);
                    obligation.DueAt!.Value.Offset.Should().Be(input.OccurredAt.Offset, because);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void AllFiguresKnown_IsAlwaysDetermined(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan, unknownShare: 0, withPollution: true);
            var result = Repository.Engine.Classify(input);

            result.LevelDetermined.Should().BeTrue($"seed {seed} case {i}: {Describe(input)}");
            if (input.TryGet(Figure.Missing, out var missing) && missing == 0)
            {
                // DOMAIN R3: missing people may be dead, so only with none missing does knowing every figure settle the grade.
                result.GradeDetermined.Should().BeTrue($"seed {seed} case {i}: {Describe(input)}");
            }
        }
    }

    /// <summary>
    /// The engine evaluates the rules once, on the compiled tables (series of thresholds in hundredths, bits, lookups).
    /// This holds that single evaluation against each rule read by its definition (ADR 0002: "quantity ≥ 以上" in
    /// three values, on the decimal figures) — rule by rule through the trace, and through what the public results
    /// derive from it: the bounds, the cited rules and the unknowns that could raise. Classify and Assess are two
    /// views of the same evaluation, so they must also agree.
    /// </summary>
    [Theory]
    [MemberData(nameof(Plans))]
    public void SingleEvaluation_AgreesRuleByRuleWithTheRulesDefinitions(string plan, int seed)
    {
        var random = new Random(seed);
        var gradeTrace = new Truth[128];
        var levelTrace = new Truth[128];
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan);
            var resolved = Repository.Engine.Resolve(input.PlanId, input.OccurredAt);
            var because = $"seed {seed} case {i}: {Describe(input)}";

            // Filled with a value no evaluation writes, so that a rule the reset or the evaluation misses shows up.
            Array.Fill(gradeTrace, (Truth)0xFF);
            Array.Fill(levelTrace, (Truth)0xFF);
            var gradeRecord = new RuleTrace(gradeTrace);
            var levelRecord = new RuleTrace(levelTrace);
            gradeRecord.Reset(resolved.Grade?.RulesArray.Length ?? 0);
            levelRecord.Reset(resolved.Response.RulesArray.Length);
            var (grade, level) = DecisionEngine.Evaluate(resolved, input, gradeRecord, levelRecord);

            // Each rule, by its definition.
            (int Lower, int Upper) expectedGrade = resolved.Grade is { } gradeTable
                ? Check(gradeTable.RulesArray, gradeTrace, input, resolved.City, default, "grade", because, gradeTable.UnknownFate)
                : input.DeclaredGrade is { } declared ? ((int)declared + 1, (int)declared + 1) : (0, 0);
            var expectedLevel = Check(resolved.Response.RulesArray, levelTrace, input, resolved.City, expectedGrade, "response", because);
            (grade.Lower, grade.Upper).Should().Be(expectedGrade, because);
            (level.Lower, level.Upper).Should().Be(expectedLevel, because);

            // What the assessment says is read from that evaluation.
            var assessment = Repository.Engine.Assess(input);
            Rank(assessment.Response.Level).Should().Be(expectedLevel.Lower, because);
            Rank(assessment.Response.UpTo).Should().Be(expectedLevel.Upper, because);
            // The grade rests on what was reported when a grade rule is cited for it, or it is declared, or the plan grades no figures.
            var gradeGrounded = resolved.Grade is null
                || Cited(resolved.Grade.RulesArray, input, resolved.City, default, expectedGrade.Lower, groundedOnly: true).Length > 0;
            // The same rules; those of a stated case (a when: R 5.3.x(2) hazmat, 5.3.x(3) weather) first, each part in the plan's order (ADR 0003 #67).
            var cited = Cited(resolved.Response.RulesArray, input, resolved.City, expectedGrade, expectedLevel.Lower, gradeGrounded: gradeGrounded);
            assessment.Response.Because.Should().Equal([.. cited.Where(r => r.Test.When is not null), .. cited.Where(r => r.Test.When is null)], because);
            if (assessment.Grade is { Declared: false } gradeResult)
            {
                ((int)gradeResult.Value + 1).Should().Be(expectedGrade.Lower, because);
                ((int)gradeResult.UpTo + 1).Should().Be(expectedGrade.Upper, because);
                gradeResult.Because.Should().Equal(Cited(resolved.Grade!.RulesArray, input, resolved.City, default, expectedGrade.Lower, groundedOnly: true), because);
            }

            var raising = CouldRaise(resolved.Grade?.RulesArray ?? [], input, resolved.City, default, expectedGrade.Lower, resolved.Grade?.UnknownFate)
                          | CouldRaise(resolved.Response.RulesArray, input, resolved.City, expectedGrade, expectedLevel.Lower);
            assessment.UnknownsThatCouldRaise.Should().Be(raising, because);

            var classification = Repository.Engine.Classify(input);
            classification.Level.Should().Be(assessment.Response.Level, because);
            classification.LevelUpTo.Should().Be(assessment.Response.UpTo, because);
            classification.LevelDetermined.Should().Be(assessment.Response.Determined, because);
            if (assessment.Grade is { Declared: false } graded)
            {
                classification.Grade.Should().Be(graded.Value, because);
                classification.GradeUpTo.Should().Be(graded.UpTo, because);
            }
        }
    }

    /// <summary>Checks the trace of one table rule by rule and returns the bounds the definitions give.</summary>
    private static (int Lower, int Upper) Check(Rule[] rules, Truth[] trace, IncidentInput input, City city, (int Lower, int Upper) grade, string table, string because,
        UnknownFate? fate = null)
    {
        var lower = 0;
        var upper = 0;
        for (var r = 0; r < rules.Length; r++)
        {
            var expected = ByDefinition(rules[r], input, city, grade, fate);
            trace[r].Should().Be(expected, $"{because}: {table} rule {rules[r].Id}");
            if (expected == Truth.True)
            {
                lower = Math.Max(lower, rules[r].Outcome);
            }

            if (expected != Truth.False)
            {
                upper = Math.Max(upper, rules[r].Outcome);
            }
        }

        return (lower, upper);
    }

    /// <summary>R5: the true rules at the bound, those reading a reported figure (or none) first; the bands over unreported figures alone only without them.</summary>
    // groundedOnly, for the grade: a band whose figures are all unknown is never cited as met (暂时无法判明, R 5.1.1, C 4.1(二)).
    private static Rule[] Cited(Rule[] rules, IncidentInput input, City city, (int Lower, int Upper) grade, int lower, bool groundedOnly = false,
        bool gradeGrounded = true)
    {
        // A share of 本市农业人口 that is, on the city's population, the same band as its clause's head count is cited by the head count alone (N
        // 5.x.1(4) "占本市农业人口…%以上,或…万人以上"; ADR 0003 #88).
        var holding = rules.Where(r => r.Outcome == lower && lower > 0 && ByDefinition(r, input, city, grade) == Truth.True && !SameAsAHeadCount(r, rules, city)).ToArray();
        // Met by the report: a figure reported (for a band with an upper bound, "3人以下…", one above zero, or all of them), no figure at all, or
        // the grade while the grade rests on something reported.
        var reported = holding.Where(r => r.Test.Kind switch
        {
            RuleKind.Quantity or RuleKind.Share when r.Test.Below is not null =>
                r.Figures.All(f => input.TryGet(f, out _)) || r.Figures.Any(f => input.TryGet(f, out var v) && v > 0),
            RuleKind.Quantity or RuleKind.Share => r.Figures.Any(f => input.TryGet(f, out _)),
            RuleKind.GradeAtLeast => gradeGrounded,
            _ => true,
        }).ToArray();
        return reported.Length > 0 || groundedOnly ? reported : holding;
    }

    private static bool SameAsAHeadCount(Rule share, Rule[] rules, City city)
    {
        if (share.Test.Kind != RuleKind.Share)
        {
            return false;
        }

        var population = city.AgriculturalPopulation.Value;
        decimal? Band(decimal? fraction) => fraction is { } f ? decimal.Ceiling(f * population) : null;
        return rules.Any(q => q.Test.Kind == RuleKind.Quantity && q.Outcome == share.Outcome && q.Clause == share.Clause && q.Figures.SequenceEqual(share.Figures)
                              && q.Test.AtLeast == Band(share.Test.AtLeast) && q.Test.Below == Band(share.Test.Below));
    }

    private static InputField CouldRaise(Rule[] rules, IncidentInput input, City city, (int Lower, int Upper) grade, int lower, UnknownFate? fate = null)
    {
        var fields = InputField.None;
        foreach (var rule in rules.Where(r => r.Outcome > lower && ByDefinition(r, input, city, grade, fate) == Truth.Unknown))
        {
            fields |= rule.Test.Kind == RuleKind.Pollution && input.Pollution is null ? InputField.Pollution : InputField.None;
            fields |= rule.Test.Kind == RuleKind.Counties && input.Figures.DisruptedCounties is null ? InputField.DisruptedCounties : InputField.None;
            fields |= rule.Test.When is { } when && input.Figures[when] is null ? FigureNames.Field(when) : InputField.None;
            foreach (var figure in rule.Figures.Where(f => !input.TryGet(f, out _)))
            {
                fields |= (InputField)(1u << (int)figure);
            }

            // The people of unknown fate are named while there may be some (their number unknown, or above zero).
            if (fate is not null && CountsIn(rule, fate) && (!input.TryGet(fate.Figure, out var some) || some > 0))
            {
                fields |= (InputField)(1u << (int)fate.Figure);
            }
        }

        return fields;
    }

    /// <summary>A grade band over the figure people of unknown fate may turn out to be, alone (死亡: 1.5's deaths bands).</summary>
    private static bool CountsIn(Rule rule, UnknownFate fate) =>
        rule.Test.Kind == RuleKind.Quantity && rule.Figures.Count == 1 && rule.Figures[0] == fate.CountsAs;

    /// <summary>At least the rule's number of counties named, two of them adjacent where the rule says so.</summary>
    private static bool CountiesMet(RuleTest test, IncidentInput input, City city)
    {
        var named = input.DisruptedCounties.Where(city.IsCounty).Distinct(StringComparer.Ordinal).ToArray();
        var adjacent = named.Any(a => named.Any(b => a != b && city.AreAdjacent(a, b)));
        return named.Length >= test.CountiesAtLeast && (!test.CountiesAdjacent || adjacent);
    }

    /// <summary>
    /// A rule read as ADR 0002 defines it, written independently of the engine: decimal figures (not hundredths), the
    /// share's threshold as share × population (not rounded), counties by name; unknown figures count as at least zero.
    /// </summary>
    /// <remarks>
    /// DOMAIN R3 (<paramref name="fate"/>): a band over deaths alone that the deaths do not reach is still possible, so unknown, while the
    /// number of missing is unknown or the deaths and the missing together reach it.
    /// </remarks>
    private static Truth ByDefinition(Rule rule, IncidentInput input, City city, (int Lower, int Upper) grade, UnknownFate? fate = null)
    {
        var test = rule.Test;
        if (test.When is { } when && !input.Has(when))
        {
            // A precondition stated false (not a hazmat vehicle's release, not weather) is not met. Left unstated it may hold: the
            // rule is possible wherever its own test is met or possible (road 5.3.1(2) with five dead and the vehicle's load unknown).
            if (input.Figures[when] is not null)
            {
                return Truth.False;
            }

            return Own(rule, input, city, grade, fate) == Truth.False ? Truth.False : Truth.Unknown;
        }

        return Own(rule, input, city, grade, fate);
    }

    /// <summary>The rule's own test, its precondition aside.</summary>
    private static Truth Own(Rule rule, IncidentInput input, City city, (int Lower, int Upper) grade, UnknownFate? fate)
    {
        var test = rule.Test;
        switch (test.Kind)
        {
            case RuleKind.Quantity:
            case RuleKind.Share:
                var sum = 0m;
                var missing = false;
                foreach (var figure in test.Quantity)
                {
                    if (input.TryGet(figure, out var value))
                    {
                        sum += value;
                    }
                    else
                    {
                        missing = true;
                    }
                }

                if (sum >= test.Threshold)
                {
                    return Truth.True;
                }

                if (fate is not null && CountsIn(rule, fate))
                {
                    if (!input.TryGet(fate.Figure, out var unknownFate) || sum + unknownFate >= test.Threshold)
                    {
                        return Truth.Unknown;
                    }
                }

                return missing ? Truth.Unknown : Truth.False;
            case RuleKind.GradeAtLeast:
                var min = (int)test.MinGrade + 1;
                return grade.Lower >= min ? Truth.True : grade.Upper >= min ? Truth.Unknown : Truth.False;
            case RuleKind.Judgement:
                return input.Judgements.Has(test.Judgement) ? Truth.True : Truth.False;
            case RuleKind.Decision:
                return input.Judgements.HeadquartersLevel is { } decided && (int)decided == rule.Outcome ? Truth.True : Truth.False;
            case RuleKind.Counties:
                // Not reported is not none: any number may be disrupted.
                return input.Figures.DisruptedCounties is null ? Truth.Unknown : CountiesMet(test, input, city) ? Truth.True : Truth.False;
            case RuleKind.Pollution:
                return input.Pollution is not { } pollution ? Truth.Unknown : pollution >= test.MinPollution ? Truth.True : Truth.False;
            default:
                throw new InvalidOperationException($"no definition for {test.Kind}");
        }
    }

    private const int FigureCount = 11;

    private static int Rank(ResponseLevel? level) => level is null ? 0 : (int)level;

    private static long Magnitude(Random random) => random.Next(5) switch
    {
        0 => random.Next(0, 16),
        1 => random.Next(0, 121),
        2 => random.Next(0, 12_001),
        3 => random.Next(0, 300_001),
        _ => random.Next(0, 4),
    };

    private static long? Maybe(Random random, double unknownShare) =>
        random.NextDouble() < unknownShare ? null : Magnitude(random);

    private static IncidentInput Generate(Random random, string plan, double unknownShare = 0.3, bool withPollution = false)
    {
        // Road facts true, false or not stated; the disrupted counties named (maybe none) or not reported.
        bool? hazmat = plan != "road-traffic" ? false : random.NextDouble() < unknownShare ? null : random.Next(3) == 0;
        return new IncidentInput
        {
            PlanId = plan,
            OccurredAt = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddMinutes(random.Next(0, 500_000)),
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = Maybe(random, unknownShare),
                [Figure.Missing] = Maybe(random, unknownShare),
                [Figure.Trapped] = Maybe(random, unknownShare),
                [Figure.Endangered] = Maybe(random, unknownShare),
                [Figure.SeriousInjuries] = Maybe(random, unknownShare),
                [Figure.Injured] = Maybe(random, unknownShare),
                [Figure.DirectLossWan] = Maybe(random, unknownShare) is { } loss ? loss + (random.Next(100) / 100m) : null,
                [Figure.Relocated] = Maybe(random, unknownShare),
                [Figure.CollapsedRooms] = Maybe(random, unknownShare),
                [Figure.CollapsedHouseholds] = Maybe(random, unknownShare),
                [Figure.DroughtAidPeople] = Maybe(random, unknownShare),
                [Fact.HazmatRelease] = hazmat,
                Pollution = hazmat != false && (withPollution || random.Next(2) == 0) ? (Pollution)random.Next(3) : null,
                DisruptedCounties = random.NextDouble() < unknownShare ? null : Counties.OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToArray(),
                DeclaredGrade = plan == "natural-disaster" && random.Next(2) == 0 ? (Grade)random.Next(4) : null,
                [Fact.ForeignCasualties] = random.Next(10) == 0,
                [Fact.WeatherOrNaturalDisaster] = plan != "road-traffic" || random.NextDouble() < unknownShare ? null : random.Next(2) == 0,
            },
            Judgements = new JudgementInput
            {
                ExceedsCountyCapacity = random.Next(10) == 0,
                ExceedsCityCapacity = random.Next(20) == 0,
                CountyCanHandle = random.Next(10) == 0,
                LargeSocialImpact = random.Next(10) == 0,
                HeadquartersLevel = random.Next(10) == 0 ? (ResponseLevel)random.Next(1, 5) : null,
            },
        };
    }

    /// <summary>A copy of <paramref name="input"/> where each fact and each judgement holds one time in six.</summary>
    private static IncidentInput WithAnyFactsAndJudgements(Random random, IncidentInput input)
    {
        var figures = input.Figures;
        foreach (var fact in Enum.GetValues<Fact>())
        {
            if (FigureCatalog.Of(fact) is { } definition && random.Next(6) == 0)
            {
                figures = figures.With(definition, true);
            }
        }

        return new IncidentInput
        {
            PlanId = input.PlanId,
            OccurredAt = input.OccurredAt,
            Figures = figures,
            Judgements = input.Judgements with
            {
                OtherSeriousRoadImpact = random.Next(6) == 0,
                RelativelySeriousNearMiss = random.Next(6) == 0,
                ImportantSituation = random.Next(6) == 0,
                ReliefPreparationNeeded = random.Next(6) == 0,
                EmergencySituation = random.Next(6) == 0,
                ImportantPlaceOrPeriod = random.Next(6) == 0,
            },
        };
    }

    /// <summary>A copy of <paramref name="input"/> with <paramref name="figure"/> raised by <paramref name="by"/> (an unknown starts from 0).</summary>
    private static IncidentInput Raise(IncidentInput input, Figure figure, long by) =>
        new()
        {
            PlanId = input.PlanId,
            OccurredAt = input.OccurredAt,
            Figures = input.Figures.With(FigureCatalog.Of(figure), (input.Figures[figure] ?? 0) + by),
            Judgements = input.Judgements,
        };

    private static string Describe(IncidentInput x) => $"{x.PlanId} {x.Figures}";
}
