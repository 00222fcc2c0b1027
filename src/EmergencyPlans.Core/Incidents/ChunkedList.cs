using System.Collections;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// A list that only grows by appending, kept in chunks of <see cref="ChunkSize"/> items that are never copied once full: what an incident or a drill keeps
/// for its whole life and reads in order (their timelines). The first chunk grows as a <see cref="List{T}"/>'s array does, up to a chunk, so a
/// short incident (most of them) holds one small array; after that each chunk is one array of <see cref="ChunkSize"/> items.
/// </summary>
/// <remarks>
/// Why: a drill's incident keeps millions of timeline entries to its end. As objects they were a quarter of every object the drill kept,
/// each copied twice by the collector as it aged (into generation 1, then 2) with its references traced each time; as values in a list,
/// the list rewrote its whole array (hundreds of megabytes) at each doubling, which cost more than the objects saved (ADR 0007, session 42).
/// A full chunk of entries of 64 bytes is 128 KiB, past the large-object threshold (85,000 bytes): it is allocated where the collector
/// never copies it, and only the references written since the last collection are looked at. Chunks of 1,024 (64 KiB, copied as young
/// objects are) gave the collector's time back only at 400,000 injects; chunks of 2,048 paused 2.8–3.1 against 2.9–3.7 s a run at a
/// million (ADR 0007, session 44). A chunk passes that threshold for items of 42 bytes or more, as every item kept in one is today.
/// An item can be replaced at its place (a drill's row said again once the duty it names is known); removing one is not supported (an
/// incident's history is never rewritten); the rest of <see cref="ICollection{T}"/> is, which is what a JSON reader needs to fill one.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix",
    Justification = "A list: ordered and indexed, read as List<T> is.")]
public sealed class ChunkedList<T> : IReadOnlyList<T>, ICollection<T>
{
    private const int Shift = 11;

    /// <summary>The items a full chunk holds.</summary>
    public const int ChunkSize = 1 << Shift;

    private const int Mask = ChunkSize - 1;

    private T[][] _chunks = [[]];
    private int _count;

    public int Count => _count;

    public bool IsReadOnly => false;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The list holds {_count} items.");
            }

            return _chunks[index >> Shift][index & Mask];
        }

        set
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The list holds {_count} items.");
            }

            _chunks[index >> Shift][index & Mask] = value;
        }
    }

    public void Add(T item)
    {
        var c = _count >> Shift;
        var i = _count & Mask;
        if (c == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        var chunk = _chunks[c];
        if (chunk is null)
        {
            _chunks[c] = chunk = new T[ChunkSize];
        }
        else if (i == chunk.Length)
        {
            // Only the first chunk is ever short: it grows as a list's array does until it is a chunk.
            Array.Resize(ref _chunks[0], Math.Min(ChunkSize, Math.Max(4, chunk.Length * 2)));
            chunk = _chunks[0];
        }

        chunk[i] = item;
        _count++;
    }

    public void Clear()
    {
        _chunks = [[]];
        _count = 0;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    /// <summary>The place of the first item equal to <paramref name="item"/>, or -1.</summary>
    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _count; i++)
        {
            if (comparer.Equals(_chunks[i >> Shift][i & Mask], item))
            {
                return i;
            }
        }

        return -1;
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
        if (array.Length - arrayIndex < _count)
        {
            throw new ArgumentException($"The array has room for {array.Length - arrayIndex} items from {arrayIndex}; the list holds {_count}.", nameof(array));
        }

        for (int copied = 0, c = 0; copied < _count; c++)
        {
            var n = Math.Min(ChunkSize, _count - copied);
            Array.Copy(_chunks[c], 0, array, arrayIndex + copied, n);
            copied += n;
        }
    }

    /// <summary>Not supported: the list is only appended to.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public bool Remove(T item) => throw new NotSupportedException("A chunked list is only appended to.");

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the items in order; the list must not be appended to meanwhile.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly ChunkedList<T> _list;
        private readonly int _count;
        private int _index;

        internal Enumerator(ChunkedList<T> list) => (_list, _count, _index) = (list, list._count, -1);

        public readonly T Current => _list._chunks[_index >> Shift][_index & Mask];

        readonly object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_list._count != _count)
            {
                throw new InvalidOperationException("The list was appended to while it was walked.");
            }

            return ++_index < _count;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
