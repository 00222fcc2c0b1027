using System.Globalization;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// Messages written in two languages, chosen as .NET chooses its own resources: by
/// <see cref="CultureInfo.CurrentUICulture"/>. The API answers integrators in English (its problem documents); the
/// command line and the drill reports, read in the duty office, run under Chinese (<see cref="Chinese"/>), which also
/// turns FluentValidation's own messages Chinese. Both texts stand side by side where a message is written, so
/// neither is forgotten.
/// </summary>
public static class Localized
{
    /// <summary>The culture of the duty office's texts.</summary>
    public static CultureInfo Chinese { get; } = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>True when the current user-interface culture is Chinese.</summary>
    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    /// <summary><paramref name="chinese"/> under a Chinese user-interface culture, else <paramref name="english"/>.</summary>
    public static string Pick(string english, string chinese) => IsChinese ? chinese : english;

    /// <summary>
    /// <paramref name="culture"/> for the whole process, set by a host before anything runs: the threads it starts and the
    /// flow its entry point runs on (the API: invariant, English; the command line: Chinese).
    /// </summary>
    public static void Throughout(CultureInfo culture)
    {
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>
    /// Chinese for the current flow until disposed (then the culture before it again): for synchronous work such as
    /// reading a drill script inside a host whose culture is English. An asynchronous method may instead set
    /// <see cref="CultureInfo.CurrentUICulture"/> itself: the change ends with the method.
    /// </summary>
    public static IDisposable InChinese()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        return new Restore(before);
    }

    private sealed class Restore(CultureInfo before) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = before;
    }
}
