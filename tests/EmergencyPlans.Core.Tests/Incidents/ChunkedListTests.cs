using EmergencyPlans.Core.Incidents;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// The list an incident keeps its timeline in: whatever is appended is read back in order, at its place, across the first chunk's growth
/// and every chunk's end, and a stored timeline of more than one chunk is read back as it was written.
/// </summary>
public class ChunkedListTests
{
    // Past two full chunks and into a third: the first chunk's growth, both chunk ends and a part-filled chunk are crossed.
    private const int Many = (2 * ChunkedList<int>.ChunkSize) + 37;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(ChunkedList<int>.ChunkSize - 1)]
    [InlineData(ChunkedList<int>.ChunkSize)]
    [InlineData(ChunkedList<int>.ChunkSize + 1)]
    [InlineData(Many)]
    public void What_is_appended_is_read_back_at_its_place_and_in_order(int count)
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < count; i++)
        {
            list.Add(i * 3);
        }

        list.Should().HaveCount(count);
        Enumerable.Range(0, count).Select(i => list[i]).Should().Equal(Enumerable.Range(0, count).Select(i => i * 3));
        list.Should().Equal(Enumerable.Range(0, count).Select(i => i * 3), "enumerated in the order appended");
        list.ToArray().Should().Equal(Enumerable.Range(0, count).Select(i => i * 3), "copied out in the order appended");
    }

    [Fact]
    public void Reading_outside_the_items_is_refused()
    {
        var list = new ChunkedList<string> { "甲", "乙" };

        list.Invoking(l => l[2]).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        list.Invoking(l => l[-1]).Should().Throw<ArgumentOutOfRangeException>();
        // The first chunk has room past the items: a place not yet appended to is not an item.
        new ChunkedList<string> { "甲" }.Invoking(l => l[1]).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void An_item_replaced_is_read_back_at_its_place_and_only_there()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < Many; i++)
        {
            list.Add(i);
        }

        list[ChunkedList<int>.ChunkSize + 1] = -1;
        list[3] = -2;

        list.Should().HaveCount(Many);
        list.Where(x => x < 0).Should().Equal(-2, -1);
        list[ChunkedList<int>.ChunkSize + 1].Should().Be(-1);
        list.IndexOf(-2).Should().Be(3);
        list.Invoking(l => l[Many] = 0).Should().Throw<ArgumentOutOfRangeException>("a place not appended to is not an item");
    }

    [Fact]
    public void Copies_into_an_array_at_an_offset_and_refuses_one_too_short()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < Many; i++)
        {
            list.Add(i);
        }

        var target = new int[Many + 3];
        list.CopyTo(target, 3);
        target.Take(3).Should().OnlyContain(x => x == 0);
        target.Skip(3).Should().Equal(Enumerable.Range(0, Many));

        list.Invoking(l => l.CopyTo(new int[Many], 1)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Finds_items_is_emptied_and_never_removes_one()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < Many; i++)
        {
            list.Add(i);
        }

        list.IndexOf(Many - 1).Should().Be(Many - 1);
        list.Contains(ChunkedList<int>.ChunkSize).Should().BeTrue();
        list.Contains(Many).Should().BeFalse();
        list.Invoking(l => l.Remove(0)).Should().Throw<NotSupportedException>("an incident's history is never rewritten");
        list.Should().HaveCount(Many);

        list.Clear();
        list.Should().BeEmpty();
        list.Add(7);
        list.Should().Equal(7);
    }

    [Fact]
    public void Appending_while_walking_it_is_refused()
    {
        var list = new ChunkedList<int> { 1, 2 };

        var walk = () =>
        {
            foreach (var item in list)
            {
                list.Add(item);
            }
        };

        walk.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_stored_timeline_of_several_chunks_reads_back_as_written()
    {
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        var state = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 1), occurredAt: At(8), now: At(8, 5)).State;
        var opened = state.Timeline.ToArray();
        for (var i = 0; i < Many; i++)
        {
            state.Timeline.Add(new TimelineEntry(start.AddMinutes(i), "continuation-report", "张三 (duty-officer)", $"续报 {i}",
                i % 2 == 0 ? "晋城市道路交通安全应急预案 5.2" : null, i % 5 == 0 ? $"122:JC-{i}#1" : null, "张三（市应急局值班员）"));
        }

        var json = IncidentEventSchema.SerializeState(state);
        var read = IncidentEventSchema.DeserializeState(json);

        read.Timeline.Should().HaveCount(opened.Length + Many);
        read.Timeline.Should().Equal(state.Timeline);
        read.Timeline.Take(opened.Length).Should().Equal(opened);
        json.Should().Contain("\"timeline\":[{", "the stored document's timeline is a JSON array of entries, as before");
    }
}
