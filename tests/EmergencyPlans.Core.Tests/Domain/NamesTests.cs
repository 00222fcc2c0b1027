using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Tests.Domain;

public sealed class NamesTests
{
    public static TheoryData<ObligationTiming> Timings => [.. Enum.GetValues<ObligationTiming>()];

    [Theory]
    [MemberData(nameof(Timings))]
    public void ChineseTiming_EveryTimingTheContractNames_IsSaidInChinese(ObligationTiming timing)
    {
        // People read a duty's timing in reports (a drill's duty verdicts, the CLI's card): never the contract's English word.
        var name = AssessmentContract.Timing(timing);

        Names.ChineseTiming(name).Should().NotMatchRegex("[A-Za-z]");
    }

    [Theory]
    [InlineData(30, "30秒")] // a silence alarm set below a minute (feed status) read "超过0分钟"
    [InlineData(30 * 60, "30分钟")] // 事发后30分钟内
    [InlineData(2 * 3600, "2小时")] // 特殊情况每2小时续报1次
    [InlineData(4 * 3600, "4小时")]
    [InlineData(3 * 86400, "3天")]
    public void ChineseSpan_IsSaidInTheUnitPeopleUse(int seconds, string said) =>
        Names.Chinese(TimeSpan.FromSeconds(seconds)).Should().Be(said);
}
