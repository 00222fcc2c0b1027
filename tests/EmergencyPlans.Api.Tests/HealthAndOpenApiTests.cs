using EmergencyPlans.Core.Domain;
using System.Net;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests;

/// <summary>Probes and the API description are open to all; everything else needs a key.</summary>
public sealed partial class HealthAndOpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Live_Anonymous_Returns200Healthy()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/health/live");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task Ready_Anonymous_Returns200Healthy_AsJson()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/health/ready");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadinessAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task OpenApi_Anonymous_Returns200ListingEveryEndpoint()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/openapi/v1.json");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        var listed = paths.EnumerateObject().Select(p => p.Name).ToArray();
        listed.Should().Contain(
        [
            "/api/v1/assessments",
            "/api/v1/incidents",
            "/api/v1/incidents/{id}",
            "/api/v1/incidents/{id}/reports",
            "/api/v1/incidents/{id}/response",
            "/api/v1/incidents/{id}/response/termination",
            "/api/v1/incidents/{id}/obligations/{code}/fulfilment",
            "/api/v1/incidents/{id}/warnings",
        ]);
        paths.GetProperty("/api/v1/incidents").TryGetProperty("get", out _).Should().BeTrue();
        paths.GetProperty("/api/v1/incidents").TryGetProperty("post", out _).Should().BeTrue();
    }

    private static readonly string[] TypeKeywords = ["type", "$ref", "oneOf", "anyOf", "allOf"];

    [Fact]
    public async Task OpenApi_EveryMemberOfEverySchema_HasAType()
    {
        // The service's own string and number converters hid those types from the generator: 277 members read {} (any value) to a
        // generated client, incidentUrl and dispatchId among them (an operations review, session 53).
        using var client = factory.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        var schemas = (await response.JsonAsync()).GetProperty("components").GetProperty("schemas");

        var untyped = schemas.EnumerateObject()
            .SelectMany(s => s.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => (Schema: s.Name, Member: p)) : [])
            .Where(m => !TypeKeywords.Any(k => m.Member.Value.TryGetProperty(k, out _)))
            .Select(m => $"{m.Schema}.{m.Member.Name}").ToArray();

        untyped.Should().BeEmpty();
        var alert = schemas.GetProperty("AlertView").GetProperty("properties");
        alert.GetProperty("key").GetProperty("type").GetString().Should().Be("string");
        alert.GetProperty("dispatchId").GetProperty("type").EnumerateArray().Select(t => t.GetString()).Should().BeEquivalentTo("null", "string");
    }

    [Fact]
    public async Task OpenApi_NoDescription_NamesAMemberAsACSharpSignature()
    {
        // A <see cref> to a member in a view's documentation reached integrators as "string? IncidentSummaryView.LevelCalledFor" (six
        // members: belowThePlan, metByName, upTo, firstDueAt, incidentId, corrects), a name their JSON never has (seen in session 59).
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var signatures = schemas.EnumerateObject()
            .SelectMany(s => s.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => (Schema: s.Name, Member: p)) : [])
            .Where(m => m.Member.Value.TryGetProperty("description", out var d) && CSharpMember().IsMatch(d.GetString()!))
            .Select(m => $"{m.Schema}.{m.Member.Name}: {m.Member.Value.GetProperty("description").GetString()}").ToArray();

        signatures.Should().BeEmpty();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(string|bool|int|long|decimal|double|Guid|DateTimeOffset|TimeSpan)\?? [A-Z]\w*\.[A-Z]\w*")]
    private static partial System.Text.RegularExpressions.Regex CSharpMember();

    [Fact]
    public async Task OpenApi_FiguresObject_ListsEveryCatalogueFigure()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/openapi/v1.json");

        var document = await response.JsonAsync();
        var figures = document.GetProperty("components").GetProperty("schemas").GetProperty("FiguresDto");
        figures.GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal(EmergencyPlans.Core.Domain.FigureCatalog.All.Select(f => f.Name));
        figures.GetProperty("properties").GetProperty("deaths").GetProperty("description").GetString().Should().StartWith("死亡");
        figures.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task OpenApi_AssessmentAnswer_DescribesTheFiguresNotUsed()
    {
        // A figure given that the plan does not grade on (N: hazmatRelease, disruptedCounties) is kept and listed: clients read the list's shape here.
        var document = await DocumentAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.GetProperty("AssessmentResponse").GetProperty("properties").TryGetProperty("figuresNotUsed", out var notUsed).Should().BeTrue();
        notUsed.GetRawText().Should().Contain("FigureNotUsedDto");
        schemas.GetProperty("FigureNotUsedDto").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal("name", "label", "note");
    }

    [Fact]
    public async Task OpenApi_AssessmentAnswer_DescribesTheJudgementsGiven_AndTheJudgedMarkOfACriterion()
    {
        // R6: the card says the human judgements it was given (who decided, why) and which criterion a judgement met: clients read the shapes here.
        var document = await DocumentAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.GetProperty("AssessmentResponse").GetProperty("properties").TryGetProperty("judgements", out var judgements).Should().BeTrue();
        judgements.GetRawText().Should().Contain("GivenJudgementsDto");
        schemas.GetProperty("GivenJudgementsDto").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal("given", "headquartersLevel", "decidedBy", "reason");
        schemas.GetProperty("GivenJudgementDto").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal("name", "label", "value");
        schemas.GetProperty("ReasonDto").GetProperty("properties").TryGetProperty("judgedBy", out _).Should().BeTrue();
    }

    [Fact]
    public async Task OpenApi_ObligationEndedAs_DescribesEveryValue_UnrecordedAmongThem()
    {
        // endedAs is an interface other systems read: each value is described where they look it up. unrecorded (2026-12-07, session 59;
        // ADR 0003 #77): a duty of a body outside the city command (C 4.1(一) 事发单位应立即报告属地县(市、区)住房和城乡建设部门) not recorded at the close.
        var document = await DocumentAsync();

        var endedAs = document.GetProperty("components").GetProperty("schemas").GetProperty("ObligationView").GetProperty("properties").GetProperty("endedAs");
        endedAs.GetProperty("description").GetString().Should().Contain("unmet").And.Contain("not-needed").And.Contain("unrecorded");
    }

    [Fact]
    public async Task OpenApi_Document_DescribesBearerKeysAndRequiresThem()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.Str("type").Should().Be("http");
        scheme.Str("scheme").Should().Be("bearer");
        document.GetProperty("security").EnumerateArray().Select(r => r.TryGetProperty("Bearer", out var scopes)).Should().Contain(true);
    }

    [Fact]
    public async Task OpenApi_EveryPost_DocumentsAnOptionalIdempotencyKeyAnd422()
    {
        var document = await DocumentAsync();

        // The 122 feed's POSTs take no key: each line carries its own (eventId), a dismissal applies once, and they do not pretend otherwise.
        var feeds = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/feeds/", StringComparison.Ordinal) && p.Value.TryGetProperty("post", out _)).ToArray();
        feeds.Should().HaveCount(3, "ingest, re-submit and dismissal");
        feeds.Select(p => p.Value.GetProperty("post")).Select(o => o.TryGetProperty("parameters", out var ps) && ps.EnumerateArray().Any(x => x.Str("name") == "Idempotency-Key"))
            .Should().OnlyContain(documented => !documented);
        var posts = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("post", out _) && !p.Name.StartsWith("/api/v1/feeds/", StringComparison.Ordinal))
            .Select(p => (Path: p.Name, Operation: p.Value.GetProperty("post")))
            .ToArray();

        posts.Should().HaveCountGreaterThanOrEqualTo(7);
        foreach (var (path, operation) in posts)
        {
            var header = operation.GetProperty("parameters").EnumerateArray()
                .Where(p => p.Str("in") == "header" && p.Str("name") == "Idempotency-Key").Should().ContainSingle($"POST {path} documents the header").Which;
            (header.TryGetProperty("required", out var required) && required.GetBoolean()).Should().BeFalse($"the header is optional on POST {path}");
            header.Str("description").Should().Contain("422");
            ShouldBeProblem(operation, 422, $"POST {path}");
        }
    }

    [Fact]
    public async Task OpenApi_DrillRun_SaysTheScriptIsYamlInUtf8_InItsTextAndItsRequestContentTypes()
    {
        // A script that is not UTF-8 (GBK) is refused with 400 (3f1e6dc); the document said only "YAML".
        var document = await DocumentAsync();

        var operation = document.GetProperty("paths").GetProperty("/api/v1/drills/runs").GetProperty("post");

        operation.Str("summary").Should().Contain("UTF-8 YAML");
        operation.Str("description").Should().Contain("YAML encoded in UTF-8").And.Contain("GBK").And.Contain("400").And.Contain("line N");
        var body = operation.GetProperty("requestBody");
        body.Str("description").Should().Contain("UTF-8");
        body.GetProperty("content").EnumerateObject().Select(c => c.Name)
            .Should().Equal("application/yaml; charset=utf-8", "text/yaml; charset=utf-8", "text/plain; charset=utf-8");
    }

    [Theory]
    [InlineData("/api/v1/assessments", "post", "400,401,403,422")]
    [InlineData("/api/v1/incidents", "post", "400,401,403,422")]
    [InlineData("/api/v1/incidents", "get", "400,401,403")]
    [InlineData("/api/v1/incidents/{id}", "get", "401,403,404")]
    [InlineData("/api/v1/incidents/{id}/reports", "post", "400,401,403,404,409,412,422,428")]
    [InlineData("/api/v1/incidents/{id}/response", "post", "400,401,403,404,409,412,422,428")]
    [InlineData("/api/v1/incidents/{id}/response/termination", "post", "400,401,403,404,409,412,422,428")]
    [InlineData("/api/v1/incidents/{id}/obligations/{code}/fulfilment", "post", "400,401,403,404,409,412,422,428")]
    [InlineData("/api/v1/incidents/{id}/warnings", "post", "400,401,403,404,409,412,422,428")]
    public async Task OpenApi_Operation_DocumentsEachProblemItCanReturn(string path, string method, string statuses)
    {
        var document = await DocumentAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        foreach (var status in statuses.Split(',').Select(int.Parse))
        {
            ShouldBeProblem(operation, status, $"{method} {path}");
        }
    }

    [Theory]
    [InlineData("AssessmentRequest", "plan,occurredAt")]
    [InlineData("OpenIncidentRequest", "plan,occurredAt,location,nature,reporter")]
    [InlineData("LocationDto", "county")]
    [InlineData("ReporterDto", "name")]
    [InlineData("FileReportRequest", "kind")]
    [InlineData("ResponseDecisionRequest", "level,reason")]
    [InlineData("TerminationRequest", "reason")]
    [InlineData("WarningRequest", "action,reason")]
    public async Task OpenApi_RequestBody_MarksTheFieldsTheValidatorsRequire(string schema, string fields)
    {
        var document = await DocumentAsync();

        var required = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("required")
            .EnumerateArray().Select(e => e.GetString()).ToArray();

        required.Should().BeEquivalentTo(fields.Split(','));
    }

    /// <summary>The documented required fields are the ones the validators refuse to do without (same lists as above).</summary>
    [Theory]
    [InlineData("/api/v1/assessments", "{}", "plan,occurredAt")]
    [InlineData("/api/v1/incidents", "{}", "plan,occurredAt,location.county,nature,reporter.name")]
    [InlineData("/api/v1/incidents", "{\"location\":{},\"reporter\":{}}", "location.county,reporter.name")]
    [InlineData("/api/v1/incidents/0196a3c0-0000-7000-8000-000000000000/reports", "{}", "kind")]
    [InlineData("/api/v1/incidents/0196a3c0-0000-7000-8000-000000000000/response", "{}", "level,reason")]
    [InlineData("/api/v1/incidents/0196a3c0-0000-7000-8000-000000000000/response/termination", "{}", "reason")]
    [InlineData("/api/v1/incidents/0196a3c0-0000-7000-8000-000000000000/warnings", "{}", "action,reason")]
    public async Task Post_BodyWithoutTheDocumentedRequiredFields_Returns400NamingEach(string url, string json, string fields)
    {
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await client.PostRawAsync(url, json);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain(fields.Split(','));
    }

    private async Task<System.Text.Json.JsonElement> DocumentAsync()
    {
        using var client = factory.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static void ShouldBeProblem(System.Text.Json.JsonElement operation, int status, string what)
    {
        operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response)
            .Should().BeTrue($"{what} documents {status}");
        response.GetProperty("content").TryGetProperty("application/problem+json", out _)
            .Should().BeTrue($"{what} answers {status} with a problem document");
    }

    // The Swagger UI is middleware, not an endpoint: ApiApplicationExtensions.UseApiPipeline adds it before
    // authentication, or the fallback policy would answer 401 to a browser.
    [Theory]
    [InlineData("/api-docs/index.html")]
    [InlineData("/api-docs/")]
    public async Task ApiDocs_Anonymous_Returns200(string path)
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync(path);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Incidents_WithoutKey_Returns401ProblemDocument()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync(Http.Incidents);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(401);
        problem.Str("title").Should().NotBeNullOrWhiteSpace();
        problem.Str("instance").Should().Be(Http.Incidents);
    }

    [Fact]
    public async Task UnknownPath_WithoutKey_Returns401RatherThanRevealingWhatExists()
    {
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/api/v1/secrets");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }
}
