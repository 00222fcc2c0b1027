using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EmergencyPlans.Drills.Tests.Support;

/// <summary>
/// A YAML document as the JSON a JSON Schema validator reads, with YAML 1.2's core schema (what yaml-language-server, the
/// editors' checker, applies): a plain scalar that reads as null, a boolean, an integer or a float becomes that JSON value;
/// any other plain scalar, and every quoted or block scalar, is a string. So <c>warning: 1</c> is 1, <c>adjust: true</c> is true,
/// <c>"00:10"</c>, <c>level: III</c> and <c>start: 2026-05-12T09:00:00+08:00</c> are strings (no YAML 1.1 timestamps or
/// sexagesimal numbers), and an explicit tag (<c>!!str 1</c>) wins. Parsed by YamlDotNet's representation model, as the reader parses.
/// </summary>
public static partial class YamlJson
{
    private const string CoreTag = "tag:yaml.org,2002:";

    /// <summary>The single document of <paramref name="yaml"/> as JSON.</summary>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        stream.Documents.Should().ContainSingle("a drill script is one YAML document");
        return Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(Key(c.Key), Node(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"line {node.Start.Line}: a YAML {node.NodeType} has no JSON form"),
    };

    private static string Key(YamlNode key) => key is YamlScalarNode { Value: { } text }
        ? text
        : throw new InvalidOperationException($"line {key.Start.Line}: a mapping key that is not text has no JSON form");

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        if (tag is null && scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text); // quoted, literal or folded: always a string
        }

        var kind = tag switch
        {
            null => Resolve(text),
            CoreTag + "str" => "str",
            CoreTag + "null" => "null",
            CoreTag + "bool" => "bool",
            CoreTag + "int" => "int",
            CoreTag + "float" => "float",
            _ => throw new InvalidOperationException($"line {scalar.Start.Line}: tag {tag} has no JSON form"),
        };
        return kind switch
        {
            "null" => null,
            "bool" => JsonValue.Create(text is "true" or "True" or "TRUE"),
            "int" => JsonValue.Create(Integer(text)),
            "float" => JsonNode.Parse(Float(text, scalar.Start.Line)),
            _ => JsonValue.Create(text),
        };
    }

    /// <summary>The core schema's resolution of a plain scalar (YAML 1.2.2, 10.3.2).</summary>
    private static string Resolve(string text) =>
        NullPattern().IsMatch(text) ? "null"
        : BoolPattern().IsMatch(text) ? "bool"
        : IntPattern().IsMatch(text) ? "int"
        : FloatPattern().IsMatch(text) ? "float"
        : "str";

    private static decimal Integer(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal) ? long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
        : text.StartsWith("0o", StringComparison.Ordinal) ? System.Convert.ToInt64(text[2..], 8)
        : decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>A float as JSON number text: <c>.5</c> is 0.5, <c>1.</c> is 1.0; infinities and NaN have no JSON form.</summary>
    private static string Float(string text, long line)
    {
        if (text.Contains("inf", StringComparison.OrdinalIgnoreCase) || text.Contains("nan", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"line {line}: {text} has no JSON form");
        }

        var sign = text.StartsWith('-') ? "-" : "";
        var body = text.TrimStart('+', '-');
        var exponentAt = body.IndexOfAny(['e', 'E']);
        var (mantissa, exponent) = exponentAt < 0 ? (body, "") : (body[..exponentAt], body[exponentAt..]);
        mantissa = (mantissa.StartsWith('.') ? "0" : "") + mantissa + (mantissa.EndsWith('.') ? "0" : "");
        return sign + mantissa + exponent;
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|)\z")]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(true|True|TRUE|false|False|FALSE)\z")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)\z")]
    private static partial Regex FloatPattern();
}
