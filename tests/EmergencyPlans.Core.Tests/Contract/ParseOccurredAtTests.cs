using System.Globalization;
using System.Text.RegularExpressions;
using EmergencyPlans.Core.Contract;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Contract;

/// <summary>
/// <see cref="AssessmentContract.ParseOccurredAt"/> reads a time in the contract's form (ISO 8601 with its UTC offset) field by field.
/// Every channel (REST, feed, drills) has always taken exactly the texts of the schema's pattern that .NET's
/// <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/> took, as that instant at
/// that offset: these tests hold it to that, field by field at the edges of each range, and for texts a character off the form.
/// </summary>
public sealed class ParseOccurredAtTests
{
    /// <summary>The pattern of docs/feed-122.schema.json's times (and what ParseOccurredAt matched before reading the fields itself).</summary>
    private static readonly Regex Pattern = new(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z");

    private static DateTimeOffset? AsBefore(string text) =>
        Pattern.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    private static void ReadsAsBefore(string text)
    {
        var expected = AsBefore(text);
        var read = AssessmentContract.ParseOccurredAt(text);
        read.HasValue.Should().Be(expected.HasValue, text);
        if (read is { } r && expected is { } e)
        {
            (r.UtcTicks, r.Offset).Should().Be((e.UtcTicks, e.Offset), text);
        }
    }

    [Fact]
    public void ATextACharacterOffTheForm_IsNoTime_AsBefore()
    {
        string[] times = ["2026-03-01T08:05+08:00", "2026-03-01T08:05:09Z", "2026-03-01T08:05:09.1234567-05:30", "2024-02-29T23:59:59.9Z"];
        char[] others = ['x', 'T', 't', 'Z', 'z', ' ', ':', '-', '+', '.', '0', '9', '\u0663', '\uFF11', '\n'];
        var checkedTexts = 0;
        foreach (var time in times)
        {
            for (var i = 0; i <= time.Length; i++)
            {
                ReadsAsBefore(time[..i]); // cut short
                foreach (var c in others)
                {
                    ReadsAsBefore(time[..i] + c + time[i..]); // a character more
                    if (i < time.Length)
                    {
                        ReadsAsBefore(time[..i] + c + time[(i + 1)..]); // a character replaced
                    }

                    checkedTexts += 2;
                }
            }
        }

        checkedTexts.Should().BeGreaterThan(1_000);
    }
    private static readonly string[] Years = ["0000", "0001", "1999", "2024", "2025", "2026", "9999"];
    private static readonly string[] Months = ["00", "01", "02", "04", "12", "13"];
    private static readonly string[] Days = ["00", "01", "28", "29", "30", "31", "32"];
    private static readonly string[] Times = ["00:00", "08:05", "23:59", "24:00", "23:60", "00:00:00", "23:59:59", "23:59:60", "12:00:61", "00:00:00.0", "23:59:59.9999999", "08:05:00.5", "08:05:00.123456"];
    private static readonly string[] Offsets = ["Z", "+00:00", "-00:00", "+08:00", "-05:30", "+14:00", "-14:00", "+14:01", "-14:01", "+13:59", "+08:60", "+99:99", "+15:00"];

    [Fact]
    public void EveryTimeOfThePattern_IsReadAsDateTimeOffsetTryParseReadIt_OrRefusedWhereItRefusedIt()
    {
        var checkedTimes = 0;
        foreach (var year in Years)
        {
            foreach (var month in Months)
            {
                foreach (var day in Days)
                {
                    foreach (var time in Times)
                    {
                        foreach (var offset in Offsets)
                        {
                            ReadsAsBefore($"{year}-{month}-{day}T{time}{offset}");
                            checkedTimes++;
                        }
                    }
                }
            }
        }

        checkedTimes.Should().BeGreaterThan(20_000);
    }

    [Theory]
    [InlineData("2026-03-01T08:00:00+08:00", "2026-03-01T00:00:00.0000000Z", 480)]
    [InlineData("2026-03-01T00:00Z", "2026-03-01T00:00:00.0000000Z", 0)]
    [InlineData("2026-03-01T08:00:00.25-05:30", "2026-03-01T13:30:00.2500000Z", -330)]
    [InlineData("0001-01-01T08:00+08:00", "0001-01-01T00:00:00.0000000Z", 480)]
    public void ATimeWithItsOffset_IsThatInstantAtThatOffset(string text, string utc, int offsetMinutes)
    {
        var read = AssessmentContract.ParseOccurredAt(text)!.Value;
        read.UtcDateTime.ToString("O", CultureInfo.InvariantCulture).Should().Be(utc);
        read.Offset.Should().Be(TimeSpan.FromMinutes(offsetMinutes));
    }

    [Theory]
    [InlineData("0001-01-01T00:00+08:00")] // before the first instant DateTimeOffset holds
    [InlineData("9999-12-31T23:59-01:00")] // after the last
    [InlineData("2025-02-29T08:00+08:00")] // not a leap year
    [InlineData("2026-03-01T08:00:00+08:00\n")]
    [InlineData("2026-03-01 08:00:00+08:00")]
    [InlineData("2026-03-01T08:00:00")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingElse_IsNoTime(string? text) => AssessmentContract.ParseOccurredAt(text).Should().BeNull();
}
