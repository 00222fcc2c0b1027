using System.Buffers;
using System.Globalization;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// The control characters no text of the service takes: every Unicode control (category Cc: U+0000–U+001F, U+007F–U+009F)
/// but tab, line feed and carriage return. A person in Jincheng never types them, and they do harm where the text goes:
/// U+0000 cannot be stored (PostgreSQL refuses it), and an escape (U+001B) printed in a drill's Markdown report ran as a
/// terminal command on the facilitator's screen (a script's <c>"\e[2J"</c> cleared it, <c>"\e]0;…\a"</c> retitled it).
/// Refused where text comes in: request bodies and feed lines (<see cref="TextWithoutControlCharactersConverter"/>) and drill
/// scripts.
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> Refused = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))]);

    /// <summary>The index of the first refused character in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfRefused(ReadOnlySpan<char> text) => text.IndexOfAny(Refused);

    /// <summary>A character as the answers name it: <c>U+001B</c>.</summary>
    public static string Name(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
