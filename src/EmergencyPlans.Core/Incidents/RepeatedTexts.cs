using CommunityToolkit.HighPerformance.Buffers;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// One instance of a text an incident keeps that is likely said again word for word: its timeline's lines and its decisions' reasons. A
/// long incident says the same thing many times (每个 立即续报 raised, each duty met in the same minute, 续报 concluding the same grade
/// and level), and each line lives as long as the incident; a drill's incident kept about 400 bytes of such copies per inject (promoted
/// 599 against 756 MB at 400,000 injects), which the collector copied twice as they aged (ADR 0007, session 43).
/// </summary>
/// <remarks>
/// A bounded pool (<see cref="StringPool"/>, least recently used out), shared by all incidents: texts are immutable, so an instance
/// another incident made serves as well; a text that is never said again costs one look-up and is in time forgotten. The text is made
/// first and then pooled. <see cref="Plans.DutyWords"/> keeps caches of its own for a duty's name, keyed by the name's parts, because
/// they also spare making the text; a text made from many parts that vary (times, figures) comes here.
/// </remarks>
public static class RepeatedTexts
{
    /// <summary>The pooled instance equal to <paramref name="text"/>, which becomes that instance when none is pooled.</summary>
    public static string Shared(string text) => StringPool.Shared.GetOrAdd(text);
}
