using EmergencyPlans.Core.Contract;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EmergencyPlans.Drills;

/// <summary>
/// YamlDotNet's parser with two guards, each stopping the read with a <see cref="YamlException"/> on the offending line, which
/// the reader reports like any syntax error:
/// <list type="bullet">
/// <item>collections nest at most <see cref="MaxDepth"/> deep. The representation model
/// (<see cref="YamlDotNet.RepresentationModel.YamlStream"/>) builds a node by recursion, one stack frame a level, so a script of
/// 60 KB of "[" overflowed the stack: the CLI aborted (exit 134) and the service died with every duty office's request in it,
/// an overflow being beyond any handler;</item>
/// <item>no key or value holds a control character other than tab and line breaks (<see cref="ControlCharacters"/>). YAML
/// lets a double-quoted value write one as an escape (<c>"\e[2J"</c>), and the Markdown report printed it to the facilitator's
/// terminal, which ran it (cleared the screen above the verdicts).</item>
/// </list>
/// </summary>
internal sealed class GuardedYamlParser(IParser inner) : IParser
{
    /// <summary>
    /// Collections nested deeper than this are refused. A script needs about five levels (the script, its injects, an inject, its
    /// figures, a list in them); 64 is the bound System.Text.Json puts on JSON by default, far below what overflows a thread's stack.
    /// </summary>
    public const int MaxDepth = 64;

    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"Collections nested deeper than {MaxDepth} levels.");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case Scalar scalar when ControlCharacters.IndexOfRefused(scalar.Value) is var at and >= 0:
                throw new ControlCharacterException(scalar.Start, scalar.End, scalar.Value[at]);
        }

        return true;
    }
}

/// <summary>A scalar holding a control character the service refuses (<see cref="ControlCharacters"/>).</summary>
internal sealed class ControlCharacterException(Mark start, Mark end, char character)
    : YamlException(start, end, $"Control character {ControlCharacters.Name(character)}.")
{
    public char Character { get; } = character;
}
