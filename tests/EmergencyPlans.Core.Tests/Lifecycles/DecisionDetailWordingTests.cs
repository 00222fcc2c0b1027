using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// A response decision's detail is for people and says the level as the plans print it (N 5.3.2 "决定启动Ⅲ级响应", 5.2.2 "启动II级响应"):
/// Ⅲ级, Ⅲ级→Ⅱ级. It said III, III→II, the contract's letters, in Chinese text (a natural-disaster duty officer's review, N8). A projection
/// stored with those letters is read back in the plans' numerals, its level facts unchanged.
/// </summary>
public sealed class DecisionDetailWordingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void NaturalIIIRaisedToIIThenEnded_TheDetailsSayTheLevelsInThePlansNumerals()
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);

        response.Propose(ResponseLevel.III, OfficeDirector, T0.AddMinutes(10), "死亡12人");
        response.Activate(ResponseLevel.III, DeputyCommander, T0.AddMinutes(20), "5.3.1(1)");
        response.Adjust(ResponseLevel.II, Commander, T0.AddHours(2), "死亡22人，5.2.1(1)");
        response.Terminate(Commander, T0.AddHours(30), "救灾应急工作结束");

        response.Decisions.Select(d => d.Detail).Should().Equal("Ⅲ级", "Ⅲ级", "Ⅲ级→Ⅱ级", "Ⅱ级");
        response.Decisions.Select(d => (d.Level, d.FromLevel)).Should().Equal(("III", null), ("III", null), ("II", "III"), ("II", null));
    }

    [Fact]
    public void AProjectionStoredWithTheLettersInItsDetails_IsReadBackInThePlansNumerals()
    {
        // Stored before the decisions carried their levels (session 35), and since then until the details were reworded.
        ResponseSnapshot stored = new(ResponseState.Active, null, ResponseLevel.II, Commander,
        [
            new("Propose", OfficeDirector, T0, "x", "III"),
            new("Activate", DeputyCommander, T0.AddMinutes(1), "x", "III", Level: "III"),
            new("Adjust", Commander, T0.AddMinutes(2), "x", "III→II", Level: "II", FromLevel: "III"),
            new("Adjust", Commander, T0.AddMinutes(3), "x", "II→I"),
            new("Adjust", Commander, T0.AddMinutes(4), "x", "Ⅰ级→Ⅱ级", Level: "II", FromLevel: "I"),
        ]);

        var read = ResponseLifecycle.WithLevels(stored);

        read.Decisions.Select(d => (d.Detail, d.Level, d.FromLevel)).Should().Equal(
            ("Ⅲ级", "III", null), ("Ⅲ级", "III", null), ("Ⅲ级→Ⅱ级", "II", "III"), ("Ⅱ级→Ⅰ级", "I", "II"), ("Ⅰ级→Ⅱ级", "II", "I"));
        ResponseLifecycle.WithLevels(read).Should().BeSameAs(read, "a snapshot as recorded now is taken as it is");
    }
}
