using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Domain;

/// <summary>
/// The figures of an incident as reported so far: an immutable value, one slot per entry of
/// <see cref="FigureCatalog"/>. A figure not reported is unknown (counts, amounts) or not stated (facts,
/// lists); it is never read as zero. Serialises with System.Text.Json to the same object the REST API
/// takes under <c>figures</c> (only reported figures are written), so it can be stored in domain events.
/// </summary>
/// <example><code>
/// var figures = new ReportedFigures { [Figure.Deaths] = 2, [Fact.HazmatRelease] = true, Pollution = Pollution.Some };
/// </code></example>
[JsonConverter(typeof(ReportedFiguresJsonConverter))]
public sealed class ReportedFigures : IEquatable<ReportedFigures>
{
    // Looked up once: the engine reads these on its allocation-free path.
    private static readonly FigureDefinition PollutionSlot = Single(FigureKind.Pollution);
    private static readonly FigureDefinition CountiesSlot = Named("disruptedCounties");
    private static readonly FigureDefinition AffectedCountiesSlot = Named("affectedCounties");
    private static readonly FigureDefinition CountiesResponseActivatedSlot = Named("countiesResponseActivated");
    private static readonly FigureDefinition DeclaredGradeSlot = Single(FigureKind.DeclaredGrade);

    /// <summary>
    /// Only the figures reported are kept: bit <c>i</c> of <see cref="_known"/> says whether the catalogue's slot <c>i</c> is, and
    /// <see cref="_values"/> holds their values in slot order. A report names a few of the catalogue's figures, and an array of every
    /// slot per report (and per merge) was the largest thing a drill's or a feed's incident kept of each report (ADR 0007).
    /// </summary>
    private readonly ulong _known;
    private readonly object?[] _values;

    // The mask has a bit per slot.
    private static readonly int Slots = FigureCatalog.All.Count <= 64
        ? FigureCatalog.All.Count
        : throw new InvalidOperationException("the figure catalogue has more slots than a report's mask holds (64)");

    /// <summary>Creates a report with no figure known; fill it with an object initialiser.</summary>
    public ReportedFigures() => _values = [];

    private ReportedFigures(ulong known, object?[] values) => (_known, _values) = (known, values);

    /// <summary>Nothing reported.</summary>
    public static ReportedFigures None { get; } = new();

    /// <summary>A count or amount; null when unknown. Counts must be whole and not negative.</summary>
    public decimal? this[Figure figure]
    {
        get => Get(FigureCatalog.Of(figure).Index) switch
        {
            long count => count,
            decimal amount => amount,
            _ => null,
        };
        init => (_known, _values) = Put(FigureCatalog.Of(figure), value);
    }

    /// <summary>A fact; null when not stated (no duty starts on it; a response rule behind it stays possible).</summary>
    public bool? this[Fact fact]
    {
        get => FigureCatalog.Of(fact) is { } d ? (bool?)Get(d.Index) : null;
        init => (_known, _values) = Put(FigureCatalog.Of(fact) ?? throw new ArgumentOutOfRangeException(nameof(fact), fact, "not a reported figure"), value);
    }

    /// <summary>
    /// The value of any figure, typed by its kind: <see cref="long"/> for a count, <see cref="decimal"/> for an
    /// amount, <see cref="bool"/>, <see cref="Domain.Pollution"/>, a list of county names, or <see cref="Grade"/>;
    /// null when not reported.
    /// </summary>
    public object? this[FigureDefinition figure]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(figure);
            return Get(figure.Index);
        }
    }

    /// <summary>Hazardous goods: how much pollution (read only with a hazmat release); null when unknown.</summary>
    public Pollution? Pollution
    {
        get => (Pollution?)Get(PollutionSlot.Index);
        init => (_known, _values) = Put(PollutionSlot, value);
    }

    /// <summary>Counties whose traffic is affected or blocked, as written in the city file; null when not reported (unknown; empty: none).</summary>
    public IReadOnlyList<string>? DisruptedCounties
    {
        get => (IReadOnlyList<string>?)Get(CountiesSlot.Index);
        init => (_known, _values) = Put(CountiesSlot, value);
    }

    /// <summary>
    /// Natural disaster: the counties the disaster concerns (N 5.6 所涉及县(市、区)) besides the incident's own, which always counts; null when
    /// not reported. A later report's list replaces this one, as any figure.
    /// </summary>
    public IReadOnlyList<string>? AffectedCounties
    {
        get => (IReadOnlyList<string>?)Get(AffectedCountiesSlot.Index);
        init => (_known, _values) = Put(AffectedCountiesSlot, value);
    }

    /// <summary>
    /// Natural disaster: the counties reported to have started their own relief response (N 5.6 "启动县(市、区)级自然灾害救助应急响应的");
    /// null when not reported. The fact <see cref="Fact.CountyResponseActivated"/> says it of the incident's own county; both count.
    /// </summary>
    public IReadOnlyList<string>? CountiesResponseActivated
    {
        get => (IReadOnlyList<string>?)Get(CountiesResponseActivatedSlot.Index);
        init => (_known, _values) = Put(CountiesResponseActivatedSlot, value);
    }

    /// <summary>Natural disaster: the grade the competent department declared; null when not declared.</summary>
    public Grade? DeclaredGrade
    {
        get => (Grade?)Get(DeclaredGradeSlot.Index);
        init => (_known, _values) = Put(DeclaredGradeSlot, value);
    }

    /// <summary>
    /// A report read figure by figure, in catalogue order: <paramref name="read"/> gives each figure's value (null:
    /// not reported). One array for the whole report, where a chain of <see cref="With"/> would copy it per figure.
    /// </summary>
    /// <exception cref="ArgumentException">A value does not fit its figure's kind.</exception>
    public static ReportedFigures Read<TState>(TState state, Func<FigureDefinition, TState, object?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var all = FigureCatalog.All;
        var known = 0UL;
        var values = new object?[Slots];
        var count = 0;
        for (var i = 0; i < all.Count; i++)
        {
            if (Normalised(all[i], read(all[i], state)) is { } value)
            {
                known |= 1UL << all[i].Index; // the catalogue lists its slots in order
                values[count++] = value;
            }
        }

        return count == 0 ? None : new ReportedFigures(known, count == values.Length ? values : values[..count]);
    }

    /// <summary>A copy with <paramref name="figure"/> set to <paramref name="value"/> (null: not reported).</summary>
    /// <exception cref="ArgumentException">The value does not fit the figure's kind.</exception>
    public ReportedFigures With(FigureDefinition figure, object? value)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var (known, values) = Put(figure, value);
        return new ReportedFigures(known, values);
    }

    /// <summary>
    /// A continuation report (续报) applied to this one: figures present in <paramref name="update"/> replace
    /// these, figures it leaves out stay as they were.
    /// </summary>
    public ReportedFigures Merge(ReportedFigures update)
    {
        ArgumentNullException.ThrowIfNull(update);
        // Both are immutable: a report that gives no figure (a 续报 of words only) leaves these as they are, and these, when none
        // is known yet, are the update's. Each was copied whole at every report (and merged again by the fold and a drill's ledger).
        if (update.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return update;
        }

        // Slot order through the union of both masks: the update's value where it gives one, else this one's.
        var known = _known | update._known;
        var values = new object?[BitOperations.PopCount(known)];
        int mine = 0, theirs = 0, at = 0;
        for (var rest = known; rest != 0; rest &= rest - 1)
        {
            var bit = rest & (~rest + 1);
            var here = (_known & bit) != 0 ? _values[mine++] : null;
            values[at++] = (update._known & bit) != 0 ? update._values[theirs++] : here;
        }

        return new ReportedFigures(known, values);
    }

    /// <summary>True when no figure is reported.</summary>
    private bool IsEmpty => _known == 0;

    /// <summary>The value in catalogue slot <paramref name="index"/>; null when not reported.</summary>
    private object? Get(int index) =>
        (_known & (1UL << index)) == 0 ? null : _values[BitOperations.PopCount(_known & ((1UL << index) - 1))];

    /// <summary>These figures with <paramref name="figure"/> set to <paramref name="value"/> (null: not reported), as a mask and its values.</summary>
    private (ulong Known, object?[] Values) Put(FigureDefinition figure, object? value)
    {
        var bit = 1UL << figure.Index;
        var at = BitOperations.PopCount(_known & (bit - 1));
        var held = (_known & bit) != 0;
        if (Normalised(figure, value) is not { } normalised)
        {
            // Not reported: the slot goes, if it was there.
            return held ? (_known & ~bit, [.. _values.AsSpan(0, at), .. _values.AsSpan(at + 1)]) : (_known, _values);
        }

        if (held)
        {
            var replaced = (object?[])_values.Clone();
            replaced[at] = normalised;
            return (_known, replaced);
        }

        return (_known | bit, [.. _values.AsSpan(0, at), normalised, .. _values.AsSpan(at)]);
    }

    /// <summary>
    /// True when a figure of the 伤亡人数 (<see cref="FigureDefinition.InCasualtyCount"/>) differs from <paramref name="other"/>,
    /// including becoming known or unknown: "造成伤亡人数发生变化的，应立即续报" (construction 4.1(三), road 5.1.2). The trapped and the
    /// endangered are not counted in it: 被困 2 → 0 is news of a rescue, not a change of 伤亡人数 (ADR 0003 #81).
    /// </summary>
    public bool CasualtiesDiffer(ReportedFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // A figure first reported as 0 is no change in the casualties (伤亡人数): unknown and none both count no one.
        var casualties = FigureCatalog.CasualtyCount;
        for (var i = 0; i < casualties.Count; i++)
        {
            var at = casualties[i].Index;
            if (Count(Get(at)) != Count(other.Get(at)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The casualty figures known in both that <paramref name="later"/> gives lower than these, each with both values: a later report's
    /// figures replace earlier ones, a correction downwards too, and its timeline line says which it lowered. Empty for the same figures.
    /// </summary>
    public IReadOnlyList<(FigureDefinition Figure, object Was, object Now)> CasualtiesLowered(ReportedFigures later) => CasualtiesChanged(later, lowered: true);

    /// <summary>The casualty figures known in both that <paramref name="later"/> gives higher than these, each with both values.</summary>
    public IReadOnlyList<(FigureDefinition Figure, object Was, object Now)> CasualtiesRaised(ReportedFigures later) => CasualtiesChanged(later, lowered: false);

    private List<(FigureDefinition Figure, object Was, object Now)> CasualtiesChanged(ReportedFigures later, bool lowered)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(this, later))
        {
            return [];
        }

        List<(FigureDefinition, object, object)>? changed = null;
        foreach (var figure in FigureCatalog.Casualties)
        {
            if (Get(figure.Index) is { } was && later.Get(figure.Index) is { } now && (lowered ? Count(now) < Count(was) : Count(now) > Count(was)))
            {
                (changed ??= []).Add((figure, was, now));
            }
        }

        return changed ?? [];
    }

    /// <summary>A count or amount as a number to compare; none reported counts as none.</summary>
    private static decimal Count(object? value) => value is null ? 0m : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    public bool Equals(ReportedFigures? other)
    {
        if (other is null)
        {
            return false;
        }

        if (_known != other._known)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            var a = _values[i];
            var b = other._values[i];
            var same = a is IReadOnlyList<string> list && b is IReadOnlyList<string> otherList
                ? list.SequenceEqual(otherList, StringComparer.Ordinal)
                : Equals(a, b);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ReportedFigures);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(_known);
        foreach (var value in _values)
        {
            hash.Add(value is IReadOnlyList<string> list ? list.Count : value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => JsonSerializer.Serialize(this);

    private static FigureDefinition Single(FigureKind kind) => FigureCatalog.All.First(d => d.Kind == kind);

    private static FigureDefinition Named(string name) => FigureCatalog.TryFind(name, out var figure) ? figure : throw new InvalidOperationException($"no figure {name}");

    /// <summary><paramref name="value"/> as <paramref name="figure"/> holds it (null: not reported).</summary>
    /// <exception cref="ArgumentException">The value does not fit the figure's kind.</exception>
    private static object? Normalised(FigureDefinition figure, object? value) =>
        value is null ? null : figure.Kind switch
        {
            FigureKind.Count => value switch
            {
                long l when l >= 0 => Boxed(l),
                int i when i >= 0 => Boxed(i),
                decimal d when d >= 0 && d == decimal.Truncate(d) && d <= long.MaxValue => Boxed((long)d),
                _ => throw new ArgumentOutOfRangeException(nameof(value), value, $"{figure.Name} is a whole number of at least 0"),
            },
            FigureKind.AmountWan => value switch
            {
                decimal d when d >= 0 => d,
                long l when l >= 0 => (decimal)l,
                int i when i >= 0 => (decimal)i,
                _ => throw new ArgumentOutOfRangeException(nameof(value), value, $"{figure.Name} is an amount of at least 0"),
            },
            FigureKind.Fact => value is bool fact ? (fact ? True : False) : throw Mismatch(figure, value),
            FigureKind.Pollution => value as Pollution? ?? throw Mismatch(figure, value),
            FigureKind.Counties => value is IEnumerable<string> counties ? counties.ToArray() : throw Mismatch(figure, value),
            FigureKind.DeclaredGrade => value as Grade? ?? throw Mismatch(figure, value),
            _ => throw Mismatch(figure, value),
        };

    /// <summary>A count as the report holds it: one shared box for each of the small counts most reports give (people, rooms).</summary>
    private static object Boxed(long count) => count < SmallCounts.Length ? SmallCounts[count] : count;

    private static readonly object[] SmallCounts = [.. Enumerable.Range(0, 256).Select(static i => (object)(long)i)];
    private static readonly object True = true;
    private static readonly object False = false;

    private static ArgumentException Mismatch(FigureDefinition figure, object value) =>
        new($"{figure.Name} ({figure.Kind}) cannot hold a {value.GetType().Name}", nameof(value));
}

/// <summary>
/// Reads and writes <see cref="ReportedFigures"/> as the <c>figures</c> object of the REST contract, by
/// looping over <see cref="FigureCatalog"/>. JSON null reads as not reported; an unknown name is an error.
/// </summary>
public sealed class ReportedFiguresJsonConverter : JsonConverter<ReportedFigures>
{
    public override ReportedFigures Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("figures must be an object");
        }

        var figures = ReportedFigures.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            if (!FigureCatalog.TryFind(name, out var figure))
            {
                throw new JsonException($"unknown figure '{name}'");
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            object value = figure.Kind switch
            {
                FigureKind.Count => reader.GetInt64(),
                FigureKind.AmountWan => reader.GetDecimal(),
                FigureKind.Fact => reader.GetBoolean(),
                FigureKind.Pollution => Names.TryParsePollution(reader.GetString(), out var p) ? p : throw new JsonException($"{figure.Name}: unknown value"),
                FigureKind.Counties => JsonSerializer.Deserialize<string[]>(ref reader, options) ?? [],
                FigureKind.DeclaredGrade => Names.TryParseGrade(reader.GetString(), out var g) ? g : throw new JsonException($"{figure.Name}: unknown value"),
                _ => throw new JsonException($"{figure.Name}: unsupported kind"),
            };
            figures = figures.With(figure, value);
        }

        return figures;
    }

    public override void Write(Utf8JsonWriter writer, ReportedFigures value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var figure in FigureCatalog.All)
        {
            var v = value[figure];
            if (v is null)
            {
                continue;
            }

            // The names are the contract's, never rewritten by a naming policy.
            writer.WritePropertyName(figure.Name);
            switch (v)
            {
                case long count:
                    writer.WriteNumberValue(count);
                    break;
                case decimal amount:
                    writer.WriteNumberValue(amount);
                    break;
                case bool fact:
                    writer.WriteBooleanValue(fact);
                    break;
                case Pollution pollution:
                    writer.WriteStringValue(Names.Of(pollution));
                    break;
                case Grade grade:
                    writer.WriteStringValue(Names.Of(grade));
                    break;
                case IReadOnlyList<string> counties:
                    writer.WriteStartArray();
                    foreach (var county in counties)
                    {
                        writer.WriteStringValue(county);
                    }

                    writer.WriteEndArray();
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
