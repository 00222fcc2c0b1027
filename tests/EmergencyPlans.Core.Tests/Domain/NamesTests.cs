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
}
