using EmergencyPlans.Core.Contract;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EmergencyPlans.Drills;

/// <summary>
/// YamlDotNet's parser with two guards, each stopping the read with a <see cref="YamlException"/> on the offending line, which
/// the reader reports like any syntax error (and one that reads on: a key written twice in a mapping, <see cref="Duplicates"/>):
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

    // One frame per open collection: a mapping's keys so far (with their lines) and whether its next node is a key; null for a sequence.
    private readonly Stack<MappingFrame?> _frames = new();

    /// <summary>
    /// Keys written twice in one mapping, each on its line with the line of the first: the second key and its value are left out of the
    /// events, so the document still loads (YamlDotNet's model refuses a duplicate key and stops there) and the script's other problems are
    /// found too. The script stays invalid: the reader reports each.
    /// </summary>
    public List<(int Line, string Key, int First)> Duplicates { get; } = [];

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            if (_frames.TryPeek(out var frame) && frame is { ExpectKey: true } && current is Scalar key)
            {
                if (frame.Keys.TryGetValue(key.Value, out var first))
                {
                    Duplicates.Add(((int)key.Start.Line, key.Value, first));
                    SkipValue();
                    continue;
                }

                frame.Keys[key.Value] = (int)key.Start.Line;
            }

            switch (current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    throw new YamlException(current.Start, current.End, $"Collections nested deeper than {MaxDepth} levels.");
                case MappingStart:
                    _frames.Push(new MappingFrame());
                    break;
                case SequenceStart:
                    _frames.Push(null);
                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    _frames.TryPop(out _);
                    Completed();
                    break;
                case Scalar scalar when ControlCharacters.IndexOfRefused(scalar.Value) is var at and >= 0:
                    throw new ControlCharacterException(scalar.Start, scalar.End, scalar.Value[at]);
                case Scalar or AnchorAlias:
                    Completed();
                    break;
            }

            return true;
        }

        return false;
    }

    /// <summary>A node ended: in a mapping, a key is followed by its value and a value by the next key.</summary>
    private void Completed()
    {
        if (_frames.TryPeek(out var frame) && frame is not null)
        {
            frame.ExpectKey = !frame.ExpectKey;
        }
    }

    /// <summary>Skips the value of a duplicate key: one scalar or alias, or a whole collection.</summary>
    private void SkipValue()
    {
        var open = 0;
        while (inner.MoveNext())
        {
            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    open++;
                    break;
                case MappingEnd or SequenceEnd:
                    open--;
                    break;
            }

            if (open <= 0)
            {
                return;
            }
        }
    }

    private sealed class MappingFrame
    {
        public Dictionary<string, int> Keys { get; } = new(StringComparer.Ordinal);

        public bool ExpectKey { get; set; } = true;
    }
}

/// <summary>A scalar holding a control character the service refuses (<see cref="ControlCharacters"/>).</summary>
internal sealed class ControlCharacterException(Mark start, Mark end, char character)
    : YamlException(start, end, $"Control character {ControlCharacters.Name(character)}.")
{
    public char Character { get; } = character;
}
