using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// Who may activate each level, as the real plan files in plans/ give it (<see cref="Plan.ActivationAuthority"/>).
/// The expectations are written from the plan texts, clause by clause, not from the files, so a file that
/// drifts from its text fails here.
/// </summary>
public class PlanActivationAuthorityTests
{
    private const string Office = RoleCatalogue.OfficeDirector;
    private const string Deputy = RoleCatalogue.DeputyCommander;
    private const string Commander = RoleCatalogue.Commander;
    private const string Government = RoleCatalogue.PartyCommitteeGovernment;

    private static Plan PlanFor(string planId) => Repository.Latest(planId);

    /// <summary>plan, role, delegated by the commander, level, clause, the clause's words.</summary>
    public static TheoryData<string, string, bool, ResponseLevel, string, string> NamedByTheText() => new()
    {
        { "road-traffic", Commander, false, ResponseLevel.I, "5.3.1", "由市指挥部指挥长决定启动Ⅰ级响应" },
        { "road-traffic", Commander, false, ResponseLevel.II, "5.3.2", "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应" },
        { "road-traffic", Deputy, false, ResponseLevel.II, "5.3.2", "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应" },
        { "road-traffic", Office, false, ResponseLevel.III, "5.3.3", "由市指挥部办公室主任启动Ⅲ级应急响应" },
        { "construction", Commander, false, ResponseLevel.I, "4.3.3(2)", "由市指挥部指挥长立即启动" },
        { "construction", Commander, false, ResponseLevel.II, "4.3.2(2)", "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应" },
        { "construction", Deputy, true, ResponseLevel.II, "4.3.2(2)", "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应" },
        { "construction", Office, false, ResponseLevel.III, "4.3.1(2)", "由市指挥部办公室主任宣布启动Ⅲ级响应" },
        { "natural-disaster", Government, false, ResponseLevel.I, "5.1.2", "并报市委、市政府决定" },
        { "natural-disaster", Commander, false, ResponseLevel.II, "5.2.2", "报主任决定" },
        { "natural-disaster", Deputy, false, ResponseLevel.III, "5.3.2", "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应" },
        { "natural-disaster", Office, false, ResponseLevel.IV, "5.4.2", "由市安委办主任决定启动Ⅳ级响应" },
    };

    [Theory]
    [MemberData(nameof(NamedByTheText))]
    public void Text_BodyTheClauseNames_MayActivateCitingTheClause(string planId, string role, bool delegated, ResponseLevel level, string clause, string words)
    {
        var authority = PlanFor(planId).ActivationAuthority;

        authority.MayActivate(Actors.ByRole(role, delegated), level).Should().BeTrue();
        authority.GrantsFor(level).Single(g => g.RoleId == role).Basis.Should().Contain(clause).And.Contain(words);
    }

    /// <summary>plan, role, level: a body of a higher level, by decision 0003 ("a higher body may activate a lower level").</summary>
    public static TheoryData<string, string, ResponseLevel> ByTheHigherBodyReading() => new()
    {
        // Road 5.3.2 gives Ⅱ to the commander or a deputy; 5.3.3 gives Ⅲ to the office director, who reports to them.
        { "road-traffic", Deputy, ResponseLevel.III },
        { "road-traffic", Commander, ResponseLevel.III },

        // Construction 4.3.1(2) gives Ⅲ to the office director; the commander, who starts Ⅱ and Ⅰ, may start it. The deputy only when
        // delegated, as at Ⅱ (4.3.2(2) 委托副指挥长): below, in DelegatedDeputy_ConstructionIII_TheConditionComesDown.
        { "construction", Commander, ResponseLevel.III },

        // Natural 5.1.2 市委、市政府 decide Ⅰ; 5.2.2 the deputy "报主任决定, 并向市委、市政府报告".
        { "natural-disaster", Government, ResponseLevel.II },
        { "natural-disaster", Government, ResponseLevel.III },
        { "natural-disaster", Commander, ResponseLevel.III },
        { "natural-disaster", Government, ResponseLevel.IV },
        { "natural-disaster", Commander, ResponseLevel.IV },
        { "natural-disaster", Deputy, ResponseLevel.IV },
    };

    [Fact]
    public void DelegatedDeputy_ConstructionIII_TheConditionComesDown()
    {
        var authority = Repository.Construction.ActivationAuthority;

        authority.MayActivate(Actors.ByRole(Deputy, true), ResponseLevel.III).Should().BeTrue();
        authority.MayActivate(Actors.ByRole(Deputy), ResponseLevel.III).Should().BeFalse();
        var grant = authority.GrantsFor(ResponseLevel.III).Single(g => g.RoleId == Deputy);
        grant.RequiresCommanderDelegation.Should().BeTrue();
        grant.Basis.Should().StartWith("按本系统对预案的解读：有权启动Ⅱ级响应者");
    }

    [Theory]
    [MemberData(nameof(ByTheHigherBodyReading))]
    public void Reading_BodyOfAHigherLevel_MayActivateCitingTheReading(string planId, string role, ResponseLevel level)
    {
        var authority = PlanFor(planId).ActivationAuthority;

        authority.MayActivate(Actors.ByRole(role), level).Should().BeTrue();
        var grant = authority.GrantsFor(level).Single(g => g.RoleId == role);
        grant.Basis.Should().StartWith("按本系统对预案的解读：有权启动").And.NotContainAny("reading", "activate");
        grant.RequiresCommanderDelegation.Should().BeFalse();
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    [InlineData("natural-disaster")]
    public void GrantBasis_EveryOne_IsSaidInChinese(string planId)
    {
        // A refused activation cites every grant's basis (the drill report's 越权 finding, in Chinese): the plan by its document
        // number, its words or the reading, and nothing in English.
        var authority = PlanFor(planId).ActivationAuthority;
        var bases = authority.Levels.SelectMany(authority.GrantsFor).Select(g => g.Basis).ToList();

        bases.Should().NotBeEmpty().And.AllSatisfy(b => b.Should().NotMatchRegex("[A-Za-z]{3,}").And.Contain(PlanFor(planId).Metadata.DocumentNumber));
    }

    /// <summary>plan, role, delegated, level, why not.</summary>
    public static TheoryData<string, string, bool, ResponseLevel, string> Refused() => new()
    {
        { "road-traffic", Deputy, false, ResponseLevel.I, "5.3.1 names the commander alone" },
        { "road-traffic", Deputy, true, ResponseLevel.I, "5.3.1 names the commander alone; delegation is not in the road text" },
        { "road-traffic", Office, false, ResponseLevel.I, "5.3.1" },
        { "road-traffic", Office, false, ResponseLevel.II, "5.3.2 names the commander or a deputy" },
        { "road-traffic", Government, false, ResponseLevel.III, "市委、市政府 are no body of the road headquarters" },
        { "road-traffic", RoleCatalogue.DutyOfficer, false, ResponseLevel.III, "5.3.3 names the office director, not the duty officer" },
        { "road-traffic", Commander, false, ResponseLevel.IV, "the road plan has no Ⅳ (5.3)" },
        { "construction", Deputy, false, ResponseLevel.II, "4.3.2(2) 委托副指挥长: only a delegated deputy" },
        { "construction", Deputy, false, ResponseLevel.III, "4.3.1(2) names the office director; the deputy has Ⅱ only when delegated, so Ⅲ too (D1)" },
        { "construction", Deputy, true, ResponseLevel.I, "4.3.3(2) names the commander alone" },
        { "construction", Office, false, ResponseLevel.II, "4.3.2(2)" },
        { "construction", Office, false, ResponseLevel.I, "4.3.3(2)" },
        { "construction", Government, false, ResponseLevel.I, "市委、市政府 are no body of the construction headquarters" },
        { "natural-disaster", Commander, false, ResponseLevel.I, "5.1.2 报市委、市政府决定" },
        { "natural-disaster", Deputy, false, ResponseLevel.II, "5.2.2 the deputy proposes and the director (commander) decides" },
        { "natural-disaster", Office, false, ResponseLevel.III, "5.3.2 names the deputy director" },
        { "natural-disaster", RoleCatalogue.Province, false, ResponseLevel.IV, "the province activates no city response" },
        { "natural-disaster", RoleCatalogue.Observer, false, ResponseLevel.IV, "an observer only reads" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_BodyNeitherTheTextNorTheReadingNames_MayNotActivate(string planId, string role, bool delegated, ResponseLevel level, string because)
    {
        var authority = PlanFor(planId).ActivationAuthority;

        authority.MayActivate(Actors.ByRole(role, delegated), level).Should().BeFalse(because);
    }

    /// <summary>Every grant of every level, so a body added to a plan file, or a reading that reaches up, fails here.</summary>
    public static TheoryData<string, ResponseLevel, string[]> AllGrants() => new()
    {
        { "road-traffic", ResponseLevel.I, [Commander] },
        { "road-traffic", ResponseLevel.II, [Commander, Deputy] },
        { "road-traffic", ResponseLevel.III, [Office, Commander, Deputy] },
        { "construction", ResponseLevel.I, [Commander] },
        { "construction", ResponseLevel.II, [Commander, "deputy-commander (delegated by commander)"] },
        { "construction", ResponseLevel.III, [Office, Commander, "deputy-commander (delegated by commander)"] },
        { "natural-disaster", ResponseLevel.I, [Government] },
        { "natural-disaster", ResponseLevel.II, [Commander, Government] },
        { "natural-disaster", ResponseLevel.III, [Deputy, Commander, Government] },
        { "natural-disaster", ResponseLevel.IV, [Office, Deputy, Commander, Government] },
    };

    [Theory]
    [MemberData(nameof(AllGrants))]
    public void GrantsFor_EachLevel_AreTheTextsBodiesAndThoseOfHigherLevelsOnly(string planId, ResponseLevel level, string[] expected) =>
        PlanFor(planId).ActivationAuthority.GrantsFor(level).Select(g => g.ToString()).Should().BeEquivalentTo(expected);

    [Fact]
    public void Levels_PerPlan_AreThreeForRoadAndConstructionAndFourForNaturalDisaster()
    {
        Repository.Road.ActivationAuthority.Levels.Should().Equal(ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
        Repository.Construction.ActivationAuthority.Levels.Should().Equal(ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
        Repository.NaturalDisaster.ActivationAuthority.Levels.Should().Equal(ResponseLevel.IV, ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
    }

    [Fact]
    public void ActivationAuthority_OfALoadedPlan_IsBuiltOnceAndShared() =>
        Repository.Road.ActivationAuthority.Should().BeSameAs(Repository.Road.ActivationAuthority);

    [Fact]
    public void GrantsFor_ALevelThePlanDoesNotHave_IsEmpty() =>
        Repository.Road.ActivationAuthority.GrantsFor(ResponseLevel.IV).Should().BeEmpty();

    [Fact]
    public void FromLevels_DelegationOnAHigherLevel_ComesDownWithIt()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应", 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应": the deputy is 有权启动Ⅱ级响应者 only
        // when delegated, so the reading (a body that may start a higher level may start a lower one) gives him Ⅲ only when delegated too.
        var authority = PlanActivationAuthority.FromLevels("test",
        [
            new LevelDefinition(ResponseLevel.II, [Commander, Deputy], [Deputy], "指挥长或委托副指挥长", "2", "test Ⅱ"),
            new LevelDefinition(ResponseLevel.III, [Office], [], "办公室主任", "3", "test Ⅲ"),
        ]);

        authority.MayActivate(Actors.ByRole(Deputy), ResponseLevel.II).Should().BeFalse();
        authority.MayActivate(Actors.ByRole(Deputy), ResponseLevel.III).Should().BeFalse();
        authority.MayActivate(Actors.ByRole(Deputy, true), ResponseLevel.III).Should().BeTrue();
        authority.MayActivate(Actors.ByRole(Office), ResponseLevel.III).Should().BeTrue();
        authority.MayActivate(Actors.ByRole(Office), ResponseLevel.II).Should().BeFalse();
    }

    [Fact]
    public void Constructor_LevelWithNoBody_IsRejected()
    {
        var act = () => new PlanActivationAuthority("test", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
        {
            [ResponseLevel.I] = [],
        });

        act.Should().Throw<ArgumentException>().WithMessage("*level I has no body*");
    }

    [Fact]
    public void Constructor_CustomTable_IsUsedByTheResponseLifecycle()
    {
        var onlyOffice = new PlanActivationAuthority("drill", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
        {
            [ResponseLevel.III] = [new ActivationGrant(Office, false, "drill table")],
        });
        var response = new ResponseLifecycle(onlyOffice);

        response.CanActivate(ResponseLevel.III, Actors.ByRole(Commander)).Should().BeFalse();
        response.CanActivate(ResponseLevel.III, Actors.ByRole(Office)).Should().BeTrue();
    }

    [Fact]
    public void Grant_ToString_NamesTheDelegationCondition() =>
        new ActivationGrant(Deputy, true, "construction 4.3.2(2)").ToString().Should().Be("deputy-commander (delegated by commander)");

    [Fact]
    public void AdjustmentBasis_NaturalDisaster_IsSaidAsOurReading_NotQuotedUnder57()
    {
        // N 5.7 says only "依据“谁启动、谁终止”的原则……终止响应"; "由启动响应的主体……调整响应级别" is road 5.7's sentence (ADR 0003 #29).
        var basis = Repository.Latest("natural-disaster").ActivationAuthority.AdjustmentBasis;

        basis.Should().StartWith(PlanActivationAuthority.Reading).And.Contain("本预案未规定调整主体").And.Contain("5.7“谁启动、谁终止”");
        Repository.Latest("road-traffic").ActivationAuthority.AdjustmentBasis.Should().Contain("5.7").And.Contain("由启动响应的主体按照需要调整响应级别");
    }
}
