using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>
/// A duty is named for people by what is done, to whom, and the plan's words; a repeating one by its period too. Instances of one duty
/// that does not repeat share one text (a long drill names thousands of them); the periods of a repeating one are each named apart.
/// </summary>
public class DutyNameTextsTests
{
    private const string Words = "现场核实情况后30分钟内向市政府报告";

    [Fact]
    public void NonRepeatingDuty_NamedForEachInstance_IsOneText()
    {
        var first = DutyWords.Of("市政府", null, "city-request", Words, "verify-on-request", null);
        var later = DutyWords.Of("市政府", null, "city-request", Words, "verify-on-request#2", null);

        first.Full.Should().Be($"向市政府报告：“{Words}”");
        later.Full.Should().BeSameAs(first.Full, "the name of a duty that does not repeat depends on its rule alone");
    }

    [Fact]
    public void NonRepeatingDuty_ListedBesideItsOtherInstances_IsNumberedFromTheSecond()
    {
        // A drill report's duty table and lanes list every instance: the second verification read as the first.
        var first = DutyWords.Of("市政府", null, "city-request", Words, "verify-on-request", null);
        var later = DutyWords.Of("市政府", null, "city-request", Words, "verify-on-request#2", null);
        var period = DutyWords.Of("市委、市政府", null, "occurrence", "每日至少续报1次", "continuation-daily#2", "P1D");

        first.Listed(1, null).Should().Be($"向市政府报告：“{Words}”");
        later.Listed(2, null).Should().Be($"向市政府报告（第2次）：“{Words}”");
        period.Listed(2, "P1D").Should().Be("向市委、市政府报告（第2期）：“每日至少续报1次”", "a period has its number already");
    }

    [Fact]
    public void RepeatingDuty_EachPeriod_IsNamedWithItsNumber()
    {
        var second = DutyWords.Of("市委、市政府", null, "occurrence", "每日至少续报1次", "continuation-daily#2", "P1D");
        var third = DutyWords.Of("市委、市政府", null, "occurrence", "每日至少续报1次", "continuation-daily#3", "P1D");

        second.Full.Should().Be("向市委、市政府报告（第2期）：“每日至少续报1次”");
        third.Full.Should().Be("向市委、市政府报告（第3期）：“每日至少续报1次”");
    }

    [Fact]
    public void Duties_WithOtherWordsOrRecipients_AreNamedApart()
    {
        var toCity = DutyWords.Of("市政府", null, "occurrence", Words, "a", null);
        var otherWords = DutyWords.Of("市政府", null, "occurrence", "立即报告", "b", null);
        var otherRecipient = DutyWords.Of("市安委会", null, "occurrence", Words, "c", null);
        var nobodyNamed = DutyWords.Of(null, null, "occurrence", Words, "d", null);

        otherWords.Full.Should().Be("向市政府报告：“立即报告”");
        otherRecipient.Full.Should().Be($"向市安委会报告：“{Words}”");
        nobodyNamed.Full.Should().Be($"“{Words}”");
        new[] { toCity.Full, otherWords.Full, otherRecipient.Full, nobodyNamed.Full }.Should().OnlyHaveUniqueItems();
    }
}
