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
    private static readonly FigureDefinition CountiesSlot = Single(FigureKind.Counties);
    private static readonly FigureDefinition DeclaredGradeSlot = Single(FigureKind.DeclaredGrade);

    private readonly object?[] _values;

    /// <summary>Creates a report with no figure known; fill it with an object initialiser.</summary>
    public ReportedFigures() => _values = new object?[FigureCatalog.All.Count];

    private ReportedFigures(object?[] values) => _values = values;

    /// <summary>Nothing reported.</summary>
    public static ReportedFigures None { get; } = new();

    /// <summary>A count or amount; null when unknown. Counts must be whole and not negative.</summary>
    public decimal? this[Figure figure]
    {
        get => _values[FigureCatalog.Of(figure).Index] switch
        {
            long count => count,
            decimal amount => amount,
            _ => null,
        };
        init => Set(_values, FigureCatalog.Of(figure), value);
    }

    /// <summary>A fact; null when not stated (the engine reads that as false).</summary>
    public bool? this[Fact fact]
    {
        get => FigureCatalog.Of(fact) is { } d ? (bool?)_values[d.Index] : null;
        init => Set(_values, FigureCatalog.Of(fact) ?? throw new ArgumentOutOfRangeException(nameof(fact), fact, "not a reported figure"), value);
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
            return _values[figure.Index];
        }
    }

    /// <summary>Hazardous goods: how much pollution (read only with a hazmat release); null when unknown.</summary>
    public Pollution? Pollution
    {
        get => (Pollution?)_values[PollutionSlot.Index];
        init => Set(_values, PollutionSlot, value);
    }

    /// <summary>Counties whose traffic is affected or blocked, as written in the city file; null when not stated.</summary>
    public IReadOnlyList<string>? DisruptedCounties
    {
        get => (IReadOnlyList<string>?)_values[CountiesSlot.Index];
        init => Set(_values, CountiesSlot, value);
    }

    /// <summary>Natural disaster: the grade the competent department declared; null when not declared.</summary>
    public Grade? DeclaredGrade
    {
        get => (Grade?)_values[DeclaredGradeSlot.Index];
        init => Set(_values, DeclaredGradeSlot, value);
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
        var values = new object?[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            Set(values, all[i], read(all[i], state));
        }

        return new ReportedFigures(values);
    }

    /// <summary>A copy with <paramref name="figure"/> set to <paramref name="value"/> (null: not reported).</summary>
    /// <exception cref="ArgumentException">The value does not fit the figure's kind.</exception>
    public ReportedFigures With(FigureDefinition figure, object? value)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var values = (object?[])_values.Clone();
        Set(values, figure, value);
        return new ReportedFigures(values);
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

        var values = (object?[])_values.Clone();
        var given = update._values;
        for (var i = 0; i < given.Length; i++)
        {
            if (given[i] is { } value)
            {
                values[i] = value;
            }
        }

        return new ReportedFigures(values);
    }

    /// <summary>True when no figure is reported.</summary>
    private bool IsEmpty => Array.TrueForAll(_values, static v => v is null);

    /// <summary>
    /// True when a casualty figure (<see cref="FigureDefinition.IsCasualty"/>) differs from <paramref name="other"/>,
    /// including becoming known or unknown: "造成伤亡人数发生变化的，应立即续报" (construction 4.1(三), road 5.1.2).
    /// </summary>
    public bool CasualtiesDiffer(ReportedFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // A figure first reported as 0 is no change in the casualties (伤亡人数): unknown and none both count no one.
        var casualties = FigureCatalog.Casualties;
        for (var i = 0; i < casualties.Count; i++)
        {
            var at = casualties[i].Index;
            if (Count(_values[at]) != Count(other._values[at]))
            {
                return true;
            }
        }

        return false;

        static decimal Count(object? value) => value is null ? 0m : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool Equals(ReportedFigures? other)
    {
        if (other is null)
        {
            return false;
        }

        foreach (var figure in FigureCatalog.All)
        {
            var a = _values[figure.Index];
            var b = other._values[figure.Index];
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
        foreach (var value in _values)
        {
            hash.Add(value is IReadOnlyList<string> list ? list.Count : value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => JsonSerializer.Serialize(this);

    private static FigureDefinition Single(FigureKind kind) => FigureCatalog.All.First(d => d.Kind == kind);

    private static void Set(object?[] values, FigureDefinition figure, object? value)
    {
        values[figure.Index] = value is null ? null : figure.Kind switch
        {
            FigureKind.Count => value switch
            {
                long l when l >= 0 => l,
                int i when i >= 0 => (long)i,
                decimal d when d >= 0 && d == decimal.Truncate(d) && d <= long.MaxValue => (long)d,
                _ => throw new ArgumentOutOfRangeException(nameof(value), value, $"{figure.Name} is a whole number of at least 0"),
            },
            FigureKind.AmountWan => value switch
            {
                decimal d when d >= 0 => d,
                long l when l >= 0 => (decimal)l,
                int i when i >= 0 => (decimal)i,
                _ => throw new ArgumentOutOfRangeException(nameof(value), value, $"{figure.Name} is an amount of at least 0"),
            },
            FigureKind.Fact => value as bool? ?? throw Mismatch(figure, value),
            FigureKind.Pollution => value as Pollution? ?? throw Mismatch(figure, value),
            FigureKind.Counties => value is IEnumerable<string> counties ? counties.ToArray() : throw Mismatch(figure, value),
            FigureKind.DeclaredGrade => value as Grade? ?? throw Mismatch(figure, value),
            _ => throw Mismatch(figure, value),
        };
    }

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
