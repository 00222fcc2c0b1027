using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Tests.Domain;

/// <summary>
/// A report keeps only the figures reported, packed in catalogue order behind a mask: whatever order figures are given, taken away
/// or merged in, each reads back as given and no other one changes.
/// </summary>
public class ReportedFiguresSlotsTests
{
    /// <summary>A value of the figure's kind, different for each slot.</summary>
    private static object ValueFor(FigureDefinition figure) => figure.Kind switch
    {
        FigureKind.Count => (long)(figure.Index * 100 + 7),
        FigureKind.AmountWan => figure.Index + 0.5m,
        FigureKind.Fact => figure.Index % 2 == 0,
        FigureKind.Pollution => Pollution.Major,
        FigureKind.Counties => new[] { "城区", $"县{figure.Index}" },
        FigureKind.DeclaredGrade => Grade.Serious,
        _ => throw new InvalidOperationException(figure.Kind.ToString()),
    };

    private static void ShouldHoldExactly(ReportedFigures figures, Dictionary<int, object> expected)
    {
        foreach (var figure in FigureCatalog.All)
        {
            if (expected.TryGetValue(figure.Index, out var value))
            {
                figures[figure].Should().BeEquivalentTo(value, $"{figure.Name} was given");
            }
            else
            {
                figures[figure].Should().BeNull($"{figure.Name} was never given or was taken away");
            }
        }
    }

    [Fact]
    public void EveryFigure_GivenFromTheLastSlotToTheFirst_ReadsBackInItsOwnSlot()
    {
        var figures = ReportedFigures.None;
        var expected = new Dictionary<int, object>();
        foreach (var figure in FigureCatalog.All.Reverse())
        {
            figures = figures.With(figure, ValueFor(figure));
            expected[figure.Index] = ValueFor(figure);
            ShouldHoldExactly(figures, expected);
        }
    }

    [Fact]
    public void FiguresTakenAway_FromTheMiddleAndTheEnds_LeaveTheOthersAsTheyWere()
    {
        var figures = ReportedFigures.None;
        var expected = new Dictionary<int, object>();
        foreach (var figure in FigureCatalog.All)
        {
            figures = figures.With(figure, ValueFor(figure));
            expected[figure.Index] = ValueFor(figure);
        }

        var all = FigureCatalog.All;
        foreach (var figure in new[] { all[all.Count / 2], all[0], all[^1], all[1], all[all.Count / 2 + 1] })
        {
            figures = figures.With(figure, null);
            expected.Remove(figure.Index);
            ShouldHoldExactly(figures, expected);
        }

        // Given again, and a held one replaced: each in its slot.
        var deaths = FigureCatalog.All.Single(f => f.Name == "deaths");
        var trapped = FigureCatalog.All.Single(f => f.Name == "trapped");
        figures = figures.With(all[0], ValueFor(all[0])).With(trapped, 9L).With(deaths, null).With(deaths, 4L);
        expected[all[0].Index] = ValueFor(all[0]);
        expected[trapped.Index] = 9L;
        expected[deaths.Index] = 4L;
        ShouldHoldExactly(figures, expected);
    }

    [Fact]
    public void Merge_OfInterleavedFigures_TakesTheUpdatesValueWhereItGivesOne()
    {
        var all = FigureCatalog.All;
        ReportedFigures before = ReportedFigures.None, update = ReportedFigures.None;
        var expected = new Dictionary<int, object>();
        foreach (var figure in all)
        {
            // Slots 0, 3, 6… only before; 1, 4, 7… only in the update; 2, 5, 8… in both, the update's value differing.
            switch (figure.Index % 3)
            {
                case 0:
                    before = before.With(figure, ValueFor(figure));
                    expected[figure.Index] = ValueFor(figure);
                    break;
                case 1:
                    update = update.With(figure, ValueFor(figure));
                    expected[figure.Index] = ValueFor(figure);
                    break;
                default:
                    before = before.With(figure, ValueFor(figure));
                    var newer = ValueFor(figure) switch { long count => count + 1, decimal amount => amount + 1, bool fact => !fact, var same => same };
                    update = update.With(figure, newer);
                    expected[figure.Index] = newer;
                    break;
            }
        }

        ShouldHoldExactly(before.Merge(update), expected);
    }

    [Fact]
    public void Equality_DoesNotDependOnTheOrderFiguresWereGiven()
    {
        var forwards = new ReportedFigures { [Figure.Deaths] = 2, [Fact.HazmatRelease] = true, DisruptedCounties = ["城区"] };
        var backwards = new ReportedFigures { DisruptedCounties = ["城区"], [Fact.HazmatRelease] = true, [Figure.Deaths] = 2 };
        var other = new ReportedFigures { [Figure.Deaths] = 2, [Fact.HazmatRelease] = true };

        backwards.Should().Be(forwards);
        backwards.GetHashCode().Should().Be(forwards.GetHashCode());
        other.Should().NotBe(forwards, "a figure reported in one and not the other");
        forwards.With(FigureCatalog.All.Single(f => f.Name == "disruptedCounties"), null).Should().Be(other, "taking a figure away leaves what was never given it");
    }

    [Fact]
    public void Read_KeepsWhatTheReaderGives_InItsSlots()
    {
        var given = FigureCatalog.All.Where(f => f.Index % 4 == 1).ToDictionary(f => f.Index, ValueFor);

        var figures = ReportedFigures.Read(given, static (figure, g) => g.GetValueOrDefault(figure.Index));

        ShouldHoldExactly(figures, given);
        ReportedFigures.Read(0, static (_, _) => null).Should().Be(ReportedFigures.None);
    }

    [Fact]
    public void Counts_LargeAndSmall_ReadBackAsGiven()
    {
        var figures = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Injured] = 255, [Figure.Missing] = 256, [Figure.Trapped] = 100_000 };

        figures[Figure.Deaths].Should().Be(0);
        figures[Figure.Injured].Should().Be(255);
        figures[Figure.Missing].Should().Be(256);
        figures[Figure.Trapped].Should().Be(100_000);
    }
}
