using System.Text;
using System.Text.Json;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Contract;

/// <summary>A JSON number as the whole number it is, read from its digits: never rounded through a double or a decimal.</summary>
public sealed class WholeNumberTests
{
    [Theory]
    [InlineData("3", 3L)]
    [InlineData("3.0", 3L)]
    [InlineData("0.3e1", 3L)]
    [InlineData("30E-1", 3L)]
    [InlineData("-0.0e5", 0L)]
    [InlineData("1.5e1", 15L)]
    [InlineData("9e18", 9_000_000_000_000_000_000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775807.000", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("100e-2", 1L)]
    [InlineData("0.0000000000000000000000000000000000000001e40", 1L)]
    public void Read_AWholeNumberHoweverWritten_IsItsValue(string json, long expected)
    {
        WholeNumber.Read(Encoding.UTF8.GetBytes(json), out var value).Should().Be(WholeNumberReading.Whole);
        value.Should().Be(expected);
        WholeNumber.Read(JsonDocument.Parse(json).RootElement, out var fromElement).Should().Be(WholeNumberReading.Whole);
        fromElement.Should().Be(expected);
    }

    [Theory]
    [InlineData("2.5", WholeNumberReading.NotWhole)]
    [InlineData("1e-400", WholeNumberReading.NotWhole)]
    [InlineData("2.00000000000000000000000000001", WholeNumberReading.NotWhole)] // a decimal rounds it to 2
    [InlineData("9223372036854775808", WholeNumberReading.AboveInt64)]
    [InlineData("1e19", WholeNumberReading.AboveInt64)]
    [InlineData("1e999999999999999999999", WholeNumberReading.AboveInt64)]
    [InlineData("-9223372036854775809", WholeNumberReading.BelowInt64)]
    [InlineData("-1.5e400", WholeNumberReading.BelowInt64)]
    public void Read_AFractionOrAWholeNumberBeyondInt64_SaysWhich(string json, WholeNumberReading expected) =>
        WholeNumber.Read(JsonDocument.Parse(json).RootElement, out _).Should().Be(expected);

    [Fact]
    public void FiguresRead_ACountWrittenWithAFraction_IsItsValue_AndOneBeyondInt64ItsBound()
    {
        var figures = JsonSerializer.Deserialize<FiguresDto>("""{"deaths":2.0,"injured":1e20,"trapped":-1e20,"missing":1.5}""")!;

        figures.Read(Figure("deaths"), out var problem).Should().Be(2L);
        problem.Should().BeNull();
        figures.Read(Figure("injured"), out _).Should().Be(long.MaxValue, "far past Max: validation says implausibly large");
        figures.Read(Figure("trapped"), out _).Should().Be(long.MinValue, "validation says it cannot be negative");
        figures.Read(Figure("missing"), out problem).Should().BeNull();
        problem.Should().Be("must be a whole number");
    }

    [Fact]
    public void Read_NotANumber_IsNotWhole() =>
        WholeNumber.Read(JsonDocument.Parse("\"3\"").RootElement, out _).Should().Be(WholeNumberReading.NotWhole);

    private static FigureDefinition Figure(string name) => FigureCatalog.TryFind(name, out var figure) ? figure : throw new ArgumentException(name);
}
