using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The alert endpoints' refusals, asked in Chinese: an RFC 9457 problem naming the field in the service's own words, never FluentValidation's
/// (<c>'after' 必须大于或等于 '0'。</c>, <c>'dispatch' 不能为空。</c>, <c>'id' 必须大于或等于 '1'。</c>: a duty officer's review, session 54, #13).
/// </summary>
public sealed class AlertQueryProblemTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/alerts?after=-1", "after", "after 须为 0 或更大的整数")]
    [InlineData("GET", "/api/v1/alerts?dispatch=", "dispatch", "dispatch 须为122接警单编号（dispatchId，1至100个字符）")]
    [InlineData("GET", "/api/v1/alerts?dispatch=%20%20", "dispatch", "dispatch 须为122接警单编号（dispatchId，1至100个字符）")]
    [InlineData("GET", "/api/v1/alerts?current=maybe", "current", "应为 true 或 false；收到的是“maybe”")]
    [InlineData("POST", "/api/v1/alerts/-1/acknowledge", "id", "id 须为提醒编号（1或更大的整数）")]
    [InlineData("POST", "/api/v1/alerts/0/acknowledge", "id", "id 须为提醒编号（1或更大的整数）")]
    [InlineData("GET", "/api/v1/alerts/-1", "id", "id 须为提醒编号（1或更大的整数）")]
    // The stream said its own words for the list's parameter (after 须为 0 或更大).
    [InlineData("GET", "/api/v1/alerts/stream?after=-5", "after", "after 须为 0 或更大的整数")]
    public async Task AnAlertRequestRefused_AskedInChinese_IsAProblemNamingTheFieldInTheServicesWords(string method, string url, string field, string message)
    {
        using var client = factory.As(method == "POST" ? RoleCatalogue.DutyOfficer : RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("title").GetString().Should().Be("请求中有字段不合规");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal(field);
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).Should().Equal(message);
    }
}
