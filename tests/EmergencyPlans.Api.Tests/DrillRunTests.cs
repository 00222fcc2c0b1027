using System.Net;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// POST /api/v1/drills/runs: the drill role runs a script and gets the after-action report. Drill incidents live in
/// the run's own store: they never appear among the real incidents, and the drill role cannot open or change one.
/// </summary>
public sealed class DrillRunTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    static DrillRunTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Runs = "/api/v1/drills/runs";

    private static string Sample(string name) => File.ReadAllText(Path.Combine(Paths.Plans, "drills", name));

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task RunDrill_SampleScriptByTheDrillRole_ReturnsTheReportAsJson()
    {
        using var client = factory.As(RoleCatalogue.Drill);

        using var response = await client.PostAsync(Runs, Yaml(Sample("road-hazmat-fog.yaml")));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var report = await response.JsonAsync();
        report.GetProperty("passed").GetBoolean().Should().BeTrue();
        report.GetProperty("expectations").GetArrayLength().Should().Be(8, "the sample's seven, and E8 the orange lifted once the fog clears (R 4.6; session 54)");
        report.GetProperty("overview").Str("planDocumentNumber").Should().Be("晋市政办〔2025〕18号");
        report.GetProperty("actions").EnumerateArray().Count(a => a.Str("verdict") == "unauthorised").Should().Be(1);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/yaml")]
    [InlineData("text/plain")]
    public async Task RunDrill_EachTypeTheEndpointTakes_IsRunAndNamedInDocsDrillsMd(string type)
    {
        // text/plain was taken (200) and listed in the API document, but docs/drills.md named application/yaml only.
        using var client = factory.As(RoleCatalogue.Drill);

        using var response = await client.PostAsync(Runs, new StringContent(Sample("road-hazmat-fog.yaml"), Encoding.UTF8, type));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        File.ReadAllText(Path.Combine(Paths.Repository, "docs", "drills.md")).Should().Contain($"`{type}`");
    }

    [Fact]
    public async Task RunDrill_TheThreeSamplesEachThreeTimesAtOnce_GiveTheReportsOfRunsOneAtATime()
    {
        // Several facilitators run drills on one service at the same time: each run has its own clock and incidents, so what
        // one run does never shows in another's report. Nine runs at once against the same scripts run alone.
        using var client = factory.As(RoleCatalogue.Drill);
        string[] samples = ["construction-tower-crane.yaml", "road-hazmat-fog.yaml", "natural-disaster-rainstorm.yaml"];
        async Task<string> RunAsync(string sample)
        {
            using var response = await client.PostAsync(Runs + "?format=markdown", Yaml(Sample(sample)));
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            return await response.Content.ReadAsStringAsync();
        }

        var alone = new Dictionary<string, string>();
        foreach (var sample in samples)
        {
            alone[sample] = await RunAsync(sample);
        }

        var runs = Enumerable.Range(0, 9).Select(i => samples[i % 3]).ToArray();
        var together = await Task.WhenAll(runs.Select(sample => Task.Run(() => RunAsync(sample))));

        for (var i = 0; i < runs.Length; i++)
        {
            together[i].Should().Be(alone[runs[i]], $"run {i} of {runs[i]}");
        }
    }

    [Fact]
    public async Task RunDrill_AcceptHtmlOrFormatMarkdown_ReturnsThatDocument()
    {
        using var client = factory.As(RoleCatalogue.Drill);
        using var html = new HttpRequestMessage(HttpMethod.Post, Runs) { Content = Yaml(Sample("construction-tower-crane.yaml")) };
        html.Headers.Accept.ParseAdd("text/html");

        using var htmlResponse = await client.SendAsync(html);
        using var markdownResponse = await client.PostAsync(Runs + "?format=markdown", Yaml(Sample("construction-tower-crane.yaml")));

        await htmlResponse.ShouldHaveStatusAsync(HttpStatusCode.OK);
        htmlResponse.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await htmlResponse.Content.ReadAsStringAsync()).Should().StartWith("<!DOCTYPE html>").And.Contain("总体结论：通过");
        await markdownResponse.ShouldHaveStatusAsync(HttpStatusCode.OK);
        markdownResponse.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
        (await markdownResponse.Content.ReadAsStringAsync()).Should().StartWith("# 演练评估报告：").And.Contain("## 四、问题与纠正措施");
    }

    [Theory]
    [InlineData("text/html;q=0.5, application/json", "application/json")]
    [InlineData("text/markdown, text/html;q=0.9", "text/markdown")]
    [InlineData("application/json;q=0.1, text/markdown;q=0.2", "text/markdown")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html")] // a browser
    [InlineData("text/html;q=0, */*", "application/json")]
    [InlineData("application/xml", "application/json")]
    public async Task RunDrill_Accept_ChoosesTheMostPreferredFormByItsQuality(string accept, string expected)
    {
        using var client = factory.As(RoleCatalogue.Drill);
        using var request = new HttpRequestMessage(HttpMethod.Post, Runs) { Content = Yaml(Sample("construction-tower-crane.yaml")) };
        request.Headers.TryAddWithoutValidation("Accept", accept).Should().BeTrue();

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(expected);
    }

    [Fact]
    public async Task RunDrill_PostedScript_IsNamedByItsTitle_NotAsScript()
    {
        // A posted script has no file name: the report read 演练脚本：script（SHA-256 …）.
        using var client = factory.As(RoleCatalogue.Drill);

        using var response = await client.PostAsync(Runs + "?format=markdown", Yaml(Sample("road-hazmat-fog.yaml")));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var markdown = await response.Content.ReadAsStringAsync();
        var title = markdown.Split('\n')[0]["# 演练评估报告：".Length..];
        markdown.Should().Contain($"**演练脚本**：{title}（SHA-256 ").And.NotContain("**演练脚本**：script（");
    }

    [Fact]
    public async Task RunDrill_TabAsIndentation_Returns400OnTheTabsLine_InChinese()
    {
        // YamlDotNet's "While scanning a mapping, found invalid tab as indentation." has no mark: it was keyed "line 1", in English.
        using var client = factory.As(RoleCatalogue.Drill);
        var lines = Sample("road-hazmat-fog.yaml").Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("  reportedBy:", StringComparison.Ordinal)) + 1;
        lines[line - 1] = "\t" + lines[line - 1].TrimStart();

        using var response = await client.PostAsync(Runs, Yaml(string.Join('\n', lines)));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal($"line {line}");
        problem.GetProperty("errors").GetProperty($"line {line}")[0].GetString().Should().Be("YAML 语法错误：缩进用了制表符（Tab）：YAML 只能用空格缩进");
    }

    [Fact]
    public async Task RunDrill_InvalidScript_Returns400NamingTheLine()
    {
        using var client = factory.As(RoleCatalogue.Drill);
        var yaml = Sample("construction-tower-crane.yaml").Replace("role: deputy-commander", "role: mayor", StringComparison.Ordinal);
        var line = yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("role: mayor", StringComparison.Ordinal)).i + 1;

        using var response = await client.PostAsync(Runs, Yaml(yaml));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal($"line {line}");
        problem.GetProperty("errors").GetProperty($"line {line}")[0].GetString().Should().Contain("未知角色 'mayor'");
    }

    [Fact]
    public async Task RunDrill_ATextHoldingAnEscapeCharacter_Returns400NamingItsLineAndTheCharacter()
    {
        // The report's Markdown carried the escape to whichever terminal printed it ("\e[2J" cleared the screen).
        using var client = factory.As(RoleCatalogue.Drill);
        var sample = Sample("construction-tower-crane.yaml");
        var line = sample.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("text: 现场续报", StringComparison.Ordinal)).i + 1;
        var script = sample.Replace("text: 现场续报：又发现2名工人被困于塔身下", "text: \"现场续报：又发现2名工人被困于塔身下\\e[2J\"", StringComparison.Ordinal);
        script.Should().NotBe(sample);

        using var response = await client.PostAsync(Runs, Yaml(script));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal($"line {line}");
        problem.GetProperty("errors").GetProperty($"line {line}")[0].GetString().Should().Contain("控制字符 U+001B");
    }

    [Fact]
    public async Task RunDrill_AScriptOfNestedBracketsUnderTheBodyLimit_Returns400_AndTheServiceGoesOn()
    {
        // 60,000 "[" (60 KB, under the 64 KB limit) overflowed the stack in YamlDotNet's document model and took the whole service down:
        // a drill role's mistake or malice ended the duty office's REST, feed and alerts. In this in-process host it would end the test run.
        using var client = factory.As(RoleCatalogue.Drill);

        using var response = await client.PostAsync(Runs, Yaml("title: x\nobjectives: " + new string('[', 60_000) + "\n"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("line 2");
        problem.GetProperty("errors").GetProperty("line 2")[0].GetString().Should().Contain("嵌套超过 64 层");
        using var next = await client.PostAsync(Runs, Yaml(Sample("construction-tower-crane.yaml")));
        await next.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RunDrill_AScriptSavedInGbk_Returns400NamingTheLineAndByte_NotAGarbledReport()
    {
        // A sample saved in GBK: its first Chinese (a comment on line 2) is where it stops being UTF-8; read as UTF-8, every name was U+FFFD.
        using var client = factory.As(RoleCatalogue.Drill);
        var yaml = Sample("construction-tower-crane.yaml");
        var line = yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Any(c => c > '\x7F')).i + 1;
        var column = Encoding.UTF8.GetByteCount(yaml.Split('\n')[line - 1].TakeWhile(c => c <= '\x7F').ToArray()) + 1;
        var bytes = Encoding.GetEncoding("GBK").GetBytes(yaml);
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");

        using var response = await client.PostAsync(Runs, body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal($"line {line}");
        problem.GetProperty("errors").GetProperty($"line {line}")[0].GetString().Should()
            .Contain($"第 {line} 行第 {column} 个字节起不是 UTF-8 编码").And.Contain("另存为 UTF-8");
    }

    [Fact]
    public async Task RunDrill_AUtf8ScriptWithABom_Runs()
    {
        using var client = factory.As(RoleCatalogue.Drill);
        using var body = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Sample("road-hazmat-fog.yaml"))]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");

        using var response = await client.PostAsync(Runs, body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("passed").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task RunDrill_AFigureTheRulesRefuse_IsExplainedInChinese_WhileTheApiItselfAnswersInEnglish()
    {
        using var client = factory.As(RoleCatalogue.Drill);
        var yaml = Sample("construction-tower-crane.yaml");
        var bad = yaml.Replace("trapped: 2", "trapped: -2", StringComparison.Ordinal);
        bad.Should().NotBe(yaml);

        using var drill = await client.PostAsync(Runs, Yaml(bad));
        using var assessment = await client.PostJsonAsync("/api/v1/assessments",
            new { plan = "construction", occurredAt = "2026-03-01T08:00:00+08:00", figures = new { trapped = -2 } });

        await drill.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await drill.JsonAsync()).GetProperty("errors").EnumerateObject().Single().Value[0].GetString()
            .Should().Be("figures.trapped：被困（trapped）不能为负数（不明时省略，或写 null；命令行写 unknown）", "the facilitator reads the drill's problems");
        await assessment.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await assessment.JsonAsync()).GetProperty("errors").GetProperty("figures.trapped")[0].GetString()
            .Should().Be("trapped cannot be negative (leave it out or null when unknown)", "integrators read the API's problem documents, and a drill run before does not change them");
    }

    [Fact]
    public async Task RunDrill_DrillIncidents_NeverAppearAmongTheRealIncidents()
    {
        var real = await factory.OpenAsync();
        using var reader = factory.As(RoleCatalogue.Observer);
        using var before = await reader.GetAsync(Http.Incidents + "?limit=500");
        var countBefore = (await before.JsonAsync()).GetArrayLength();

        using (var client = factory.As(RoleCatalogue.Drill))
        {
            foreach (var sample in new[] { "construction-tower-crane.yaml", "road-hazmat-fog.yaml", "natural-disaster-rainstorm.yaml" })
            {
                using var run = await client.PostAsync(Runs, Yaml(Sample(sample)));
                await run.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }
        }

        using var after = await reader.GetAsync(Http.Incidents + "?limit=500");
        var list = await after.JsonAsync();
        list.GetArrayLength().Should().Be(countBefore);
        list.EnumerateArray().Select(i => i.Str("id")).Should().Contain(real.Id);
        var current = await factory.GetAsync(real.Id);
        current.ETag.Should().Be(real.ETag, "a drill never changes a real incident");
    }

    [Fact]
    public async Task DrillRole_OnTheRealIncidentEndpoints_Gets403AndChangesNothing()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.Drill);
        var attempts = new (string Url, object Body)[]
        {
            (Http.Incidents, Bodies.Incident()),
            (incident.Url + "/reports", new { kind = "continuation", figures = new { deaths = 5 } }),
            (incident.Url + "/clock-events", new { kind = "city-request" }),
            (incident.Url + "/obligations/phone-report-to-city/fulfilment", new { note = "演练" }),
            (incident.Url + "/response", new { level = "III", reason = "演练" }),
            (incident.Url + "/response/termination", new { reason = "演练" }),
            (incident.Url + "/warnings", new { action = "propose", colour = "yellow", reason = "演练" }),
        };

        foreach (var (url, body) in attempts)
        {
            using var response = await client.PostJsonAsync(url, body, incident.ETag);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        }

        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task RunDrill_SameIdempotencyKeyForAnotherScript_Returns422AndTheSameScriptRunsAgain()
    {
        using var client = factory.As(RoleCatalogue.Drill);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync(string sample)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Runs + "?format=markdown") { Content = Yaml(Sample(sample)) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        using var first = await PostAsync("road-hazmat-fog.yaml");
        using var retry = await PostAsync("road-hazmat-fog.yaml");
        using var other = await PostAsync("construction-tower-crane.yaml");

        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await retry.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await retry.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        await other.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData(RoleCatalogue.DutyOfficer)]
    [InlineData(RoleCatalogue.Commander)]
    [InlineData(RoleCatalogue.Observer)]
    public async Task RunDrill_ByARoleOtherThanDrill_Returns403(string role)
    {
        using var client = factory.As(role);

        using var response = await client.PostAsync(Runs, Yaml(Sample("road-hazmat-fog.yaml")));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }
}
