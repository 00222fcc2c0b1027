using System.Globalization;
using EmergencyPlans.Core.Contract;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Contract;

/// <summary>
/// Messages for people give an instant in the city's time (UTC+08:00) to the minute: 2026-03-01 08:30, or 03-01 08:30 where the year is
/// plain. Written digit by digit, they must read exactly as the invariant culture's custom formats write them, whatever the instant's own
/// offset, across midnight, month and year ends, and for the years of one to three digits.
/// </summary>
public class CityTimeTests
{
    public static TheoryData<string> Instants() =>
    [
        "2026-03-01T00:30:00+00:00", "2026-03-01T08:30:59+08:00", "2026-12-31T16:00:00+00:00", "2026-12-31T15:59:59.9999999+00:00",
        "2028-02-28T16:05:00+00:00", "2026-05-12T09:00:00-05:00", "0999-01-01T00:00:00+00:00", "0009-09-09T09:09:00+00:00",
        "9999-12-31T15:59:00+00:00",
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public void Minute_and_day_minute_read_as_the_custom_formats_in_the_citys_time(string instant)
    {
        var at = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        var city = at.ToOffset(TimeSpan.FromHours(8));

        CityTime.Minute(at).Should().Be(city.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        CityTime.DayMinute(at).Should().Be(city.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_year_of_instants_reads_as_the_custom_formats()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 20_000; i++)
        {
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-12, 15))).AddSeconds(random.Next(0, 366 * 24 * 3600));
            var city = at.ToOffset(TimeSpan.FromHours(8));

            CityTime.Minute(at).Should().Be(city.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Example_from_the_plans_messages() => CityTime.Minute(new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero)).Should().Be("2026-03-01 08:30");
}
