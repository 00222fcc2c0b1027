using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Inputs found by fuzzing the running service that were answered wrongly: each is answered with an RFC 9457 problem document
/// naming the offending field or header and what is wrong with it, and stores nothing.
/// </summary>
public sealed class FuzzFindingsTests(FuzzFindingsTests.Factory factory) : IClassFixture<FuzzFindingsTests.Factory>
{
    public sealed class Factory : ApiFactory;

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task Error_ForAClientAcceptingOnlyAnotherMediaType_IsStillAProblemDocumentNamingTheField(string accept)
    {
        // The problem writer offered nothing to a client whose Accept has no JSON: a bare 400 without a body, and the
        // validation failure logged as an unhandled exception.
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(Http.Incidents, new StringContent("{\"plan\":\"railway\"}", Encoding.UTF8, "application/json"), null);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await client.SendAsync(request);

        await ShouldNameAsync(response, HttpStatusCode.BadRequest, "plan");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task UnknownRoute_ForAClientAcceptingOnlyHtml_IsAProblemDocument()
    {
        // The status code pages wrote "Status Code: 404; Not Found" as text/plain.
        using var client = factory.As(RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing-here");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("status").GetInt32().Should().Be(404);
    }

    [Theory]
    [InlineData("a key with spaces")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
                + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x")]
    public async Task IdempotencyKey_NotPrintableAscii_Returns400NamingTheHeaderAsSent(string key)
    {
        // The error was keyed "idempotency-Key": the first letter lowered as if the header were a C# member of the body.
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(Http.Incidents, JsonContent.Create(Bodies.Incident()), null);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await client.SendAsync(request);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        problem.Str("detail").Should().StartWith("Idempotency-Key: ");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task IdempotencyKey_SentTwice_Returns400NamingTheHeader_AndStoresNothing()
    {
        // curl -H 'Idempotency-Key: a' -H 'Idempotency-Key: b': the two fields were joined into the key "a,b" and the incident opened.
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(Http.Incidents, JsonContent.Create(Bodies.Incident()), null);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["a", "b"]);

        using var response = await client.SendAsync(request);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        problem.Str("detail").Should().Be("Idempotency-Key: Idempotency-Key must be sent once; the request carried it 2 times");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("lone surrogate escape")]
    [InlineData("bytes that are not UTF-8")]
    public async Task OpenIncident_TextThatIsNotUnicode_Returns400SayingSo_NotThatItMustBeAString(string what)
    {
        // "nature":"\ud800" or "nature":"<0xFF 0xFE>" was answered "nature: must be a string", of a value that is one.
        var before = await factory.CountAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(Bodies.Incident()).Replace("\"nature\":\"", "\"nature\":\"NATURE", StringComparison.Ordinal);
        var (head, tail) = (json[..json.IndexOf("NATURE", StringComparison.Ordinal)], json[(json.IndexOf("NATURE", StringComparison.Ordinal) + 6)..]);
        byte[] body = what == "lone surrogate escape"
            ? Encoding.UTF8.GetBytes(head + "\\ud800" + tail)
            : [.. Encoding.UTF8.GetBytes(head), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(tail)];
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.SendAsync(Http.Request(Http.Incidents, content, null));

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "nature");
        problem.GetProperty("errors").GetProperty("nature")[0].GetString()
            .Should().Be("must be text in valid Unicode (UTF-8, without a lone surrogate escape such as \\ud800)");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("42")]
    public async Task ChangeWarning_WarningIdNotAUuid_Returns400SayingItMustBeAnId(string warningId)
    {
        // Answered "warningId: must be a value of another type".
        var incident = await factory.OpenAsync();
        using var director = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await director.PostRawAsync(incident.Url + "/warnings", $"{{\"action\":\"lift\",\"reason\":\"x\",\"warningId\":{warningId}}}", incident.ETag);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "warningId");
        problem.GetProperty("errors").GetProperty("warningId")[0].GetString()
            .Should().Be("must be an id in UUID form (e.g. 01a23853-ce63-7ea8-be54-9c9079d965b9)");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("W/", "as the service sent it")]
    [InlineData("1", "in double quotes (\"1\")")] // was read as version 1 and applied, though it is no entity tag
    [InlineData("W/1", "as the service sent it")]
    [InlineData("\"1\"x", "as the service sent it")]
    [InlineData("\"1", "as the service sent it")]
    [InlineData("\"1\",\"2\"", "not a list")]
    public async Task Change_IfMatchThatIsNotOneEntityTag_Returns400NamingTheHeader(string ifMatch, string problem)
    {
        // Read as version -1 and answered 412 "The incident changed: you sent version -1", though it had not changed.
        var incident = await factory.OpenAsync();
        using var officer = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(incident.Url + "/reports", JsonContent.Create(Bodies.Continuation()), null);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        using var response = await officer.SendAsync(request);

        var body = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "If-Match");
        body.GetProperty("errors").GetProperty("If-Match")[0].GetString().Should().Contain(problem).And.EndWith($"got '{ifMatch}'");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"99999999999999999999999\"")]
    public async Task Change_IfMatchTagThatNamesNoVersion_Returns412WithoutClaimingTheIncidentMovedOrAVersionMinusOne(string ifMatch)
    {
        var incident = await factory.OpenAsync();
        using var officer = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(incident.Url + "/reports", JsonContent.Create(Bodies.Continuation()), null);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        using var response = await officer.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.PreconditionFailed);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.Str("title").Should().Be("If-Match names no version of this incident");
        problem.Str("detail").Should().NotContain("-1").And.NotContain("changed").And.Contain($"it is at version {incident.ETag}");
        problem.GetProperty("currentVersion").GetInt64().Should().Be(incident.ETag);
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("\"{0}\"")]
    [InlineData(" \"{0}\" ")]
    public async Task Change_IfMatchWithTheCurrentETag_IsApplied(string format)
    {
        var incident = await factory.OpenAsync();
        using var officer = factory.As(RoleCatalogue.DutyOfficer);
        using var request = Http.Request(incident.Url + "/reports", JsonContent.Create(Bodies.Continuation()), null);
        request.Headers.TryAddWithoutValidation("If-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, incident.ETag));

        using var response = await officer.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.ETag().Should().Be(incident.ETag + 1);
    }

    [Fact]
    public async Task OpenIncident_JsonBodyWithoutContentType_Returns415NamingTheHeaderAsForAnyOtherType()
    {
        // Titled "Bad request", its detail "Expected a supported JSON media type but got \"\"." naming no header.
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Bodies.Incident()));
        content.Headers.ContentType = null;

        using var response = await client.SendAsync(Http.Request(Http.Incidents, content, null));

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.Str("title").Should().Be("Unsupported Media Type");
        problem.Str("detail").Should().StartWith("Content-Type '(none)' is not accepted here").And.Contain("application/json");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("GET", "/api/v1/incidents/abc", RoleCatalogue.Observer, "must be an id in UUID form (e.g. 01a23853-ce63-7ea8-be54-9c9079d965b9); got 'abc'")]
    [InlineData("POST", "/api/v1/incidents/12345/reports", RoleCatalogue.DutyOfficer, "must be an id in UUID form (e.g. 01a23853-ce63-7ea8-be54-9c9079d965b9); got '12345'")]
    [InlineData("POST", "/api/v1/alerts/abc/acknowledge", RoleCatalogue.DutyOfficer, "must be a whole number; got 'abc'")]
    [InlineData("POST", "/api/v1/alerts/99999999999999999999999/acknowledge", RoleCatalogue.DutyOfficer, "must be a whole number; got '99999999999999999999999'")]
    [InlineData("POST", "/api/v1/feeds/122/quarantine/first/dismissal", RoleCatalogue.Feed, "must be a whole number; got 'first'")]
    public async Task PathId_NotOfItsType_Returns400NamingId_NotABare404(string method, string url, string role, string problem)
    {
        // A route constraint ({id:guid}, {id:long}) made these a 404 "Not Found" without a detail, as for a path that does not exist.
        using var client = factory.As(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST"
                ? new StringContent(url.EndsWith("/reports", StringComparison.Ordinal) ? "{\"kind\":\"continuation\"}" : "{\"reason\":\"x\"}", Encoding.UTF8, "application/json")
                : null,
        };
        if (method == "POST")
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }

        using var response = await client.SendAsync(request);

        var body = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "id");
        body.GetProperty("errors").GetProperty("id")[0].GetString().Should().Be(problem);
    }

    [Theory]
    [InlineData("/api/v1/incidents", "[]")]
    [InlineData("/api/v1/incidents", "\"3 dead\"")]
    [InlineData("/api/v1/assessments", "7")]
    public async Task Figures_NotAnObject_Returns400SayingItMustBeAJsonObject_NotThatTheBodyIsNotJson(string url, string figures)
    {
        // Answered "figures: the body is not valid JSON: must be an object" of a body that is valid JSON.
        var before = await factory.CountAsync();
        var json = url == Http.Incidents
            ? "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"location\":{\"county\":\"泽州县\"},\"nature\":\"两车相撞\",\"reporter\":{\"name\":\"王\"},\"figures\":" + figures + "}"
            : "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"figures\":" + figures + "}";
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(url, json);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "figures");
        problem.GetProperty("errors").GetProperty("figures")[0].GetString().Should().Be("must be a JSON object");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("/response", "{\"level\":\"III\",\"reason\":\"x\",\"actingAs\":\"\"}", "")]
    [InlineData("/response", "{\"level\":\"III\",\"reason\":\"x\",\"actingAs\":\"commandr\"}", "commandr")]
    [InlineData("/clock-events", "{\"kind\":\"arrival\",\"actingAs\":\"\"}", "")]
    [InlineData("/warnings", "{\"action\":\"propose\",\"colour\":\"yellow\",\"reason\":\"x\",\"actingAs\":\"director\"}", "director")]
    public async Task Change_ActingAsNoRole_Returns400NamingActingAs_Not403SayingOnlyThatRoleMay(string path, string json, string actingAs)
    {
        // Answered 403 "first-run-office-director (office-director) may not act-as; only  may (you do not hold the role '')".
        var incident = await factory.OpenAsync();
        using var director = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await director.PostRawAsync(incident.Url + path, json, incident.ETag);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "actingAs");
        problem.GetProperty("errors").GetProperty("actingAs")[0].GetString().Should().StartWith("actingAs must be one of the roles ")
            .And.Contain(RoleCatalogue.Commander).And.EndWith($"; got '{actingAs}'");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task Change_ActingAsAKnownRoleNotHeld_IsStillRefusedAs403()
    {
        var incident = await factory.OpenAsync();
        using var director = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await director.PostRawAsync(incident.Url + "/response", "{\"level\":\"III\",\"reason\":\"x\",\"actingAs\":\"commander\"}", incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).Str("title").Should().Be("No authority for this decision");

        // In Chinese, about the key, in Chinese throughout: it was "市指挥部办公室主任无权act-as；可由：市指挥部指挥长（依据：you do not hold the role 'commander' …）".
        using var chinese = new HttpRequestMessage(HttpMethod.Post, incident.Url + "/response")
        {
            Content = new StringContent("{\"level\":\"III\",\"reason\":\"x\",\"actingAs\":\"commander\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        chinese.Headers.IfMatch.ParseAdd($"\"{incident.ETag}\"");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var zh = await director.SendAsync(chinese);
        await zh.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await zh.JsonAsync()).Str("detail").Should().Be("您的密钥不具有“市指挥部指挥长”的角色，不能以其身份（actingAs）行事");
    }

    [Fact]
    public async Task ChangeWarning_ProvinceApprovalTooLong_SaysTheFieldAsSpelt_NotSplitIntoWords()
    {
        // "The length of 'province Approval' must be 500 characters or fewer."
        var incident = await factory.OpenAsync();
        using var director = factory.As(RoleCatalogue.OfficeDirector);
        var json = "{\"action\":\"propose\",\"colour\":\"red\",\"reason\":\"x\",\"provinceApproval\":\"" + new string('省', 501) + "\"}";

        using var response = await director.PostRawAsync(incident.Url + "/warnings", json, incident.ETag);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "provinceApproval");
        problem.GetProperty("errors").GetProperty("provinceApproval")[0].GetString()
            .Should().Be("The length of 'provinceApproval' must be 500 characters or fewer. You entered 501 characters.");
    }

    [Theory]
    [InlineData("visibilityMetres", "1e30")]
    [InlineData("visibilityMetres", "100001")]
    [InlineData("mainRoadRepairHours", "-1e40")]
    // A count of townships: 2147483647 was taken (the city has about a hundred).
    [InlineData("townshipsAffected", "100001")]
    public async Task Assess_ConditionBeyondAnyPlausibleValue_Returns400WithItsBounds_NotThatANumberMustBeANumber(string field, string value)
    {
        // 1e30 was answered "conditions.visibilityMetres: must be a number"; 100001 (or 1e20) metres of visibility was taken.
        using var client = factory.As(RoleCatalogue.Observer);
        var json = "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"conditions\":{\"" + field + "\":" + value + "}}";

        using var response = await client.PostRawAsync("/api/v1/assessments", json);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "conditions." + field);
        problem.GetProperty("errors").GetProperty("conditions." + field)[0].GetString().Should().StartWith($"'{field}' must be between 0 and 100000.");
    }

    [Theory]
    [InlineData("/api/v1/alerts/stream?after=-1", null, "after")]
    [InlineData("/api/v1/alerts/stream", "abc", "Last-Event-ID")]
    public async Task Stream_ABadStart_IsA400WrittenAsEveryOther_TitleAndDetailNamingTheField(string url, string? lastEventId, string field)
    {
        // Titled "One or more validation errors occurred." without a detail, unlike every other 400 of the service.
        using var client = factory.As(RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, field);
        problem.Str("title").Should().Be("One or more fields are invalid");
        problem.Str("detail").Should().StartWith(field + ": ");
    }

    [Fact]
    public async Task Feed_FirstLineNotAWholeNumber_IsA400WrittenAsEveryOther()
    {
        using var client = factory.As(RoleCatalogue.Feed);
        using var content = new StringContent("", Encoding.UTF8, "application/x-ndjson");

        using var response = await client.PostAsync("/api/v1/feeds/122?firstLine=0", content);

        var problem = await ShouldNameAsync(response, HttpStatusCode.BadRequest, "firstLine");
        problem.Str("title").Should().Be("One or more fields are invalid");
        problem.Str("detail").Should().StartWith("firstLine: must be a whole number from 1");
    }

    internal static async Task<System.Text.Json.JsonElement> ShouldNameAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        await response.ShouldHaveStatusAsync(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.ErrorFields().Should().Contain(field, "the problem was: {0}", problem.GetRawText());
        return problem;
    }
}
