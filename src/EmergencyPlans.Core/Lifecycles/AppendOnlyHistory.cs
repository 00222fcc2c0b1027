using System.Collections;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// A decision history that is never changed once handed out, and grows by one in constant time: each history is a count over a buffer
/// that later histories share. Appending to the newest history of a buffer fills the buffer's next slot, which no history handed out
/// before reads (each reads only up to its own count); appending to an older one (a snapshot whose lifecycle went on) copies its items
/// first. An immutable list's append copied the path to its last node instead, about twenty nodes for a drill's reporting history of a
/// hundred thousand decisions, and the collector then copied each new node as it aged and kept the old ones in the oldest generation.
/// A short history (<see cref="Short"/> items or fewer: a duty's clock, met once) is a plain array, copied at each append: one object
/// where a history over a buffer is three, and a drill keeps one such history for every duty it raises.
/// </summary>
internal sealed class AppendOnlyHistory<T> : IReadOnlyList<T>
{
    private readonly Buffer _buffer;
    private readonly int _count;

    private AppendOnlyHistory(Buffer buffer, int count) => (_buffer, _count) = (buffer, count);

    /// <summary>The longest history kept as a plain array.</summary>
    internal const int Short = 4;

    /// <summary>The items of <paramref name="items"/>, then <paramref name="item"/>.</summary>
    public static IReadOnlyList<T> Of(IReadOnlyList<T> items, T item)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items is AppendOnlyHistory<T> history)
        {
            return history.Append(item);
        }

        var count = items.Count;
        if (count >= Short)
        {
            return Copy(items, count, item);
        }

        // Never written again once returned: nothing here or in a caller casts a history back to an array.
        var array = new T[count + 1];
        for (var i = 0; i < count; i++)
        {
            array[i] = items[i];
        }

        array[count] = item;
        return array;
    }

    public int Count => _count;

    public T this[int index] => (uint)index < (uint)_count ? _buffer.Items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _buffer.Items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private AppendOnlyHistory<T> Append(T item)
    {
        // The next slot is this history's to fill only while no other history has claimed it (another append to this history or
        // to a later one made from it): claimed once, atomically, so two appends to one history never share a slot.
        if (_count < _buffer.Items.Length && Interlocked.CompareExchange(ref _buffer.Used, _count + 1, _count) == _count)
        {
            _buffer.Items[_count] = item;
            return new AppendOnlyHistory<T>(_buffer, _count + 1);
        }

        return Copy(this, _count, item);
    }

    private static AppendOnlyHistory<T> Copy(IReadOnlyList<T> items, int count, T item)
    {
        // Most histories stay short (a duty's clock: met once): the first item alone, room to grow from the second on.
        var buffer = new Buffer(count == 0 ? 1 : (count + 1) * 2);
        for (var i = 0; i < count; i++)
        {
            buffer.Items[i] = items[i];
        }

        buffer.Items[count] = item;
        buffer.Used = count + 1;
        return new AppendOnlyHistory<T>(buffer, count + 1);
    }

    private sealed class Buffer(int capacity)
    {
        public readonly T[] Items = new T[capacity];

        /// <summary>How many slots a history has claimed: the count of the longest history over this buffer.</summary>
        public int Used;
    }
}
