using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EmergencyPlans.Drills;

/// <summary>
/// YamlDotNet's parser with a bound on how deeply collections nest. The representation model
/// (<see cref="YamlDotNet.RepresentationModel.YamlStream"/>) builds a node by recursion, one stack frame a level, so a script of
/// 60 KB of "[" overflowed the stack: the CLI aborted (exit 134) and the service died with every duty office's request in it,
/// an overflow being beyond any handler. This parser stops at the first collection deeper than <see cref="MaxDepth"/> with a
/// <see cref="YamlException"/> on that collection's line, which the reader reports like any syntax error.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner) : IParser
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
        }

        return true;
    }
}
