using System.Text.Json;
using EmergencyPlans.Core.Contract;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Contract;

/// <summary>
/// The one encoder of the JSON people read (API answers, feed answers, the CLI): Chinese and <c>'</c> as themselves, a quote inside a string
/// as <c>\"</c>. <c>feed ingest … --url</c> printed <c>the record\u0027s incident</c> and <c>\u0022</c> (a duty officer's review, session 54).
/// </summary>
public class JsonTextTests
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JsonText.Encoder };

    [Fact]
    public void Text_IsWrittenAsItself_OnlyWhatJsonNeedsEscapedIs()
    {
        var written = JsonSerializer.Serialize(new { reason = "the record's incident: {\"eventId\": \"A&B+<1>\"}，泽州县G207", line = "a\\b\n" }, Options);

        written.Should().Be("{\"reason\":\"the record's incident: {\\\"eventId\\\": \\\"A&B+<1>\\\"}，泽州县G207\",\"line\":\"a\\\\b\\n\"}");
        written.Should().NotContain("\\u00");
        JsonDocument.Parse(written).RootElement.GetProperty("reason").GetString().Should().Be("the record's incident: {\"eventId\": \"A&B+<1>\"}，泽州县G207");
    }
}
