using System.Text.Json;
using EmergencyPlans.Core.Contract;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Contract;

public sealed class JsonErrorsTests
{
    private sealed class Body
    {
        public string? Plan { get; set; }
        public long? Deaths { get; set; }
        public decimal? LossWan { get; set; }
        public bool? Drill { get; set; }
        public DateTimeOffset? At { get; set; }
        public string[]? Counties { get; set; }
        public Place? Location { get; set; }
        public IntakeRule? Intake { get; set; }
        public List<Place>? Places { get; set; }
    }

    /// <summary>A type of the service's whose name holds "Int", as the plan format's FeedIntakeDocument does.</summary>
    private sealed class IntakeRule
    {
        public string? When { get; set; }
    }

    private sealed class Place
    {
        public string? County { get; set; }
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, AllowDuplicateProperties = false };

    private static JsonException Refused(string json)
    {
        var act = () => JsonSerializer.Deserialize<Body>(json, Options);
        return act.Should().Throw<JsonException>().Which;
    }

    [Theory]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{\"location\":\"泽州县\"}", "must be a JSON object")]
    [InlineData("{\"plan\":7}", "must be a string")]
    [InlineData("{\"deaths\":\"2\"}", "must be a whole number")]
    [InlineData("{\"deaths\":2.5}", "must be a whole number")]
    [InlineData("{\"lossWan\":\"many\"}", "must be a number")]
    [InlineData("{\"drill\":1}", "must be true or false")]
    [InlineData("{\"at\":\"yesterday\"}", "must be an ISO 8601 date and time with its UTC offset, in a string")]
    [InlineData("{\"counties\":\"泽州县\"}", "must be an array")]
    [InlineData("{\"intake\":5}", "must be a JSON object")]
    [InlineData("{\"places\":{}}", "must be an array")]
    [InlineData("{\"plan\":\"a\",\"plan\":\"b\"}", "is named twice in the same object; send it once")]
    public void Describe_AValueSystemTextJsonCannotRead_SaysWhatTheDocumentNeeds(string json, string expected)
    {
        var refused = Refused(json);

        JsonErrors.Describe(refused).Should().Be(expected);
        refused.Message.Should().Match(m => m.Contains("could not be converted to") || m.Contains("Duplicate"), "the runtime's own message names .NET types");
    }

    [Theory]
    [InlineData("{\"plan\":")]
    [InlineData("{\"plan\" \"a\"}")]
    public void Describe_BrokenJson_IsLeftToTheCaller(string json)
    {
        var refused = Refused(json);

        JsonErrors.Describe(refused).Should().BeNull();
        JsonErrors.WithoutPosition(refused.Message).Should().NotContain("Path:").And.NotBeEmpty();
    }
}
