using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// A lifecycle's decision history is handed out in snapshots (a view, a stored projection) while the lifecycle goes on: whatever is
/// appended later, to it or to an older snapshot, a history once handed out reads the same.
/// </summary>
public sealed class AppendOnlyHistoryTests
{
    private static IReadOnlyList<int> Appended(IReadOnlyList<int> history, params int[] items) =>
        items.Aggregate(history, (h, i) => AppendOnlyHistory<int>.Of(h, i));

    [Fact]
    public void Each_history_keeps_its_items_while_later_ones_grow_past_it()
    {
        var histories = new List<IReadOnlyList<int>> { Appended([], 0) };
        for (var i = 1; i < 100; i++)
        {
            histories.Add(Appended(histories[^1], i));
        }

        for (var n = 0; n < histories.Count; n++)
        {
            histories[n].Should().Equal(Enumerable.Range(0, n + 1), "history {0} read after 99 more appends", n);
            histories[n][n].Should().Be(n);
        }
    }

    [Fact]
    public void Appending_to_an_older_history_forks_it_and_leaves_the_newer_one_as_it_was()
    {
        var older = Appended([], 1, 2);
        var newer = Appended(older, 3, 4);

        var fork = Appended(older, 9);
        var forkOfTheFork = Appended(fork, 10);
        var newerStill = Appended(newer, 5);

        older.Should().Equal(1, 2);
        newer.Should().Equal(1, 2, 3, 4);
        fork.Should().Equal(1, 2, 9);
        forkOfTheFork.Should().Equal(1, 2, 9, 10);
        newerStill.Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void A_history_made_from_another_list_copies_it_and_leaves_it_unchanged()
    {
        var list = new List<int> { 1, 2 };

        var history = AppendOnlyHistory<int>.Of(list, 3);

        history.Should().Equal(1, 2, 3);
        list.Should().Equal(1, 2);
    }

    [Fact]
    public async Task Appends_to_one_history_from_several_threads_each_get_their_own_item()
    {
        // Past the short histories kept as arrays: a buffer with room after its items, which every append below reaches for.
        var first = Enumerable.Range(0, AppendOnlyHistory<int>.Short + 1).ToArray();
        var shared = Appended([], first);

        var results = await Task.WhenAll(Enumerable.Range(100, 64).Select(i => Task.Run(() => Appended(shared, i))));

        results.Select(r => r.ToArray()).Should().OnlyContain(r => r.Length == first.Length + 1 && r.Take(first.Length).SequenceEqual(first));
        results.Select(r => r[^1]).Should().BeEquivalentTo(Enumerable.Range(100, 64));
        shared.Should().Equal(first);
    }

    [Fact]
    public void Reading_past_the_end_is_out_of_range_even_where_a_later_history_has_an_item()
    {
        var @long = Appended([], Enumerable.Range(0, AppendOnlyHistory<int>.Short + 1).ToArray());
        _ = Appended(@long, 99);

        var read = () => @long[@long.Count];

        read.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Short_histories_and_the_first_long_one_made_from_them_keep_their_items()
    {
        var histories = new List<IReadOnlyList<int>> { Appended([], 0) };
        for (var i = 1; i <= AppendOnlyHistory<int>.Short + 2; i++)
        {
            histories.Add(Appended(histories[^1], i));
        }

        var fork = Appended(histories[1], 42);

        for (var n = 0; n < histories.Count; n++)
        {
            histories[n].Should().Equal(Enumerable.Range(0, n + 1), "history {0}", n);
        }

        fork.Should().Equal(0, 1, 42);
    }
}
