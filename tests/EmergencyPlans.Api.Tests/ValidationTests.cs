using System.Globalization;
using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Each validation rule answers 400 with an RFC 9457 problem whose <c>errors</c> names the field as the
/// client spelled it, and stores nothing; each valid edge case is stored. The class has a store of its
/// own, so the incident count is exact.
/// </summary>
public sealed class ValidationTests(ValidationTests.Factory factory) : IClassFixture<ValidationTests.Factory>
{
    public sealed class Factory : ApiFactory;

    public static TheoryData<string, object> NegativeFigures() => new()
    {
        { "figures.deaths", new { deaths = -1 } },
        { "figures.missing", new { missing = -1 } },
        { "figures.trapped", new { trapped = -2 } },
        { "figures.endangered", new { endangered = -1 } },
        { "figures.seriousInjuries", new { seriousInjuries = -1 } },
        { "figures.injured", new { injured = -1 } },
        { "figures.directLossWan", new { directLossWan = -0.5m } },
        { "figures.relocated", new { relocated = -1 } },
        { "figures.collapsedRooms", new { collapsedRooms = -1 } },
        { "figures.collapsedHouseholds", new { collapsedHouseholds = -1 } },
        { "figures.droughtAidPeople", new { droughtAidPeople = -1 } },
    };

    /// <summary>A first report with one field replaced (or removed, with null), and the field the problem must name.</summary>
    public static TheoryData<string, string, string?> InvalidFirstReports() => new()
    {
        { "plan", "plan", "\"railway\"" },
        { "plan", "plan", null },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01\"" },
        { "occurredAt", "occurredAt", "\"01/03/2026 09:10 +08:00\"" },

        // Not ISO 8601 with an offset, though .NET's lenient parse read each of them, in the server's zone for the first two (the
        // 'T' of OCT or Thu passed for the time's): hours off the city's clock.
        { "occurredAt", "occurredAt", "\"01-OCT-2025 08:00:00\"" },
        { "occurredAt", "occurredAt", "\"Thu 2026-01-01 08:00:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00+08\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00+0800\"" },
        { "occurredAt", "occurredAt", "\"2026/03/01T09:10:00+08:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00 +08:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00+08:00 \"" },

        // .NET's regex $ also matches before a final line feed, and the parse skipped it: taken on every channel until the pattern ended at \z.
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00+08:00\\n\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T09:10:00+15:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T10:05:01+08:00\"" },
        { "occurredAt", "occurredAt", "\"2026-03-01T02:05:01Z\"" },
        { "occurredAt", "occurredAt", "\"2025-01-01T09:10:00+08:00\"" },
        { "occurredAt", "occurredAt", null },
        { "location", "location.county", "{\"county\":\"太原市\"}" },
        { "location", "location.county", "{\"place\":\"G207\"}" },
        { "location", "location.place", "{\"county\":\"泽州县\",\"place\":\"" + new string('路', 201) + "\"}" },

        // FINDING: without "location" (or "reporter") OpenIncidentValidator dereferences Body.Location!.County
        // (OpenIncident.cs:42) and Body.Reporter!.Name (OpenIncident.cs:49); the NullReferenceException is a 500.
        { "location", "location.county", null },
        { "reporter", "reporter.name", null },
        { "nature", "nature", null },
        { "reporter", "reporter.name", "{\"unit\":\"泽州县交警大队\"}" },
        { "figures", "figures.directLossWan", "{\"directLossWan\":\"lots\"}" },
        { "figures", "figures.deaths", "{\"deaths\":\"three\"}" },
        { "figures", "figures.deaths", "{\"deaths\":1.5}" },
        { "figures", "figures.injured", "{\"injured\":1,\"seriousInjuries\":2}" },
        { "figures", "figures.pollution", "{\"pollution\":\"lots\"}" },
        { "figures", "figures.disruptedCounties", "{\"disruptedCounties\":\"泽州县\"}" },
    };

    [Theory]
    [InlineData("disruptedCounties", "[\"\\ud800\"]")]
    [InlineData("pollution", "\"\\ud800\"")]
    [InlineData("declaredGrade", "\"\\ud800\"")]
    public async Task OpenIncident_FigureWithALoneSurrogateEscape_Returns400NamingIt(string figure, string json)
    {
        // .NET cannot make a string of a lone surrogate escape: reading it threw out of validation as a 500.
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = JsonSerializer.Serialize(Bodies.Incident()).Replace("\"figures\":{", $"\"figures\":{{\"{figure}\":{json},", StringComparison.Ordinal);

        using var response = await client.PostRawAsync(Http.Incidents, body);

        await ShouldNameAsync(response, "figures." + figure);
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(NegativeFigures))]
    public async Task OpenIncident_NegativeCount_Returns400NamingTheFigureAndStoresNothing(string field, object figures)
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: figures));

        await ShouldNameAsync(response, field);
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(NegativeFigures))]
    public async Task Assess_NegativeCount_Returns400NamingTheFigure(string field, object figures)
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment(figures: figures));

        await ShouldNameAsync(response, field);
    }

    [Fact]
    public async Task Assess_UnknownPlan_ListsThePlansByTheirNames()
    {
        // A duty officer knows the plans by their titles: the refusal listed the service's ids alone (a duty officer's review, session 53).
        using var client = factory.As(RoleCatalogue.Observer);

        using var chinese = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments") { Content = System.Net.Http.Json.JsonContent.Create(Bodies.Assessment(plan: "flood")) };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.SendAsync(chinese);
        using var english = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment(plan: "flood"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await english.JsonAsync()).GetProperty("errors").GetProperty("plan")[0].GetString().Should().Be("unknown plan 'flood': one of construction, natural-disaster, road-traffic");
        (await response.JsonAsync()).GetProperty("errors").GetProperty("plan")[0].GetString().Should()
            .StartWith("没有预案“flood”，可为：").And.Contain("construction（晋城市建设工程事故应急预案）").And.Contain("natural-disaster（晋城市自然灾害救助应急预案）").And.Contain("road-traffic（晋城市道路交通安全应急预案）");
    }

    [Theory]
    [MemberData(nameof(InvalidFirstReports))]
    public async Task OpenIncident_InvalidField_Returns400NamingItAndStoresNothing(string property, string field, string? json)
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, FirstReportWith(property, json));

        await ShouldNameAsync(response, field);
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("8.0")]
    [InlineData("80e-1")]
    public async Task Assess_WindForceAsAWholeNumberWrittenAnyWay_IsTakenAsThatNumber(string windForce)
    {
        // R 4.3.3(1) "……8级以上大风……且涉及四个以上乡(镇)的": a number is its value, as the counts beside it are read (WholeNumber);
        // 8.0 was refused here alone.
        using var client = factory.As(RoleCatalogue.Observer);
        var body = JsonSerializer.SerializeToNode(Bodies.Assessment())!.AsObject();
        body["conditions"] = System.Text.Json.Nodes.JsonNode.Parse($"{{\"windForce\":{windForce},\"townshipsAffected\":4.0}}");

        using var response = await client.PostRawAsync("/api/v1/assessments", body.ToJsonString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("warning").GetRawText().Should().Contain("4.3.3(1)");
    }

    [Theory]
    [InlineData("{\"windForce\":8.5}", "must be a whole number")]
    [InlineData("{\"windForce\":3000000000}", "must be a whole number at most 2147483647")]
    [InlineData("{\"townshipsAffected\":2.5}", "must be a whole number")]
    public async Task Assess_WindForceOrTownshipsNotWhole_Returns400NamingIt(string json, string problem)
    {
        using var client = factory.As(RoleCatalogue.Observer);
        var body = JsonSerializer.SerializeToNode(Bodies.Assessment())!.AsObject();
        body["conditions"] = System.Text.Json.Nodes.JsonNode.Parse(json);
        var field = "conditions." + System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().Single().Key;

        using var response = await client.PostRawAsync("/api/v1/assessments", body.ToJsonString());

        await ShouldNameAsync(response, field);
        (await response.Content.ReadAsStringAsync()).Should().Contain(problem);
    }

    [Theory]
    [InlineData("plan", "plan", "\"railway\"")]
    [InlineData("occurredAt", "occurredAt", "\"2026-03-01T09:10:00\"")]
    [InlineData("occurredAt", "occurredAt", "\"2026-03-01T10:05:01+08:00\"")]
    [InlineData("figures", "figures.directLossWan", "{\"directLossWan\":\"lots\"}")]
    [InlineData("figures", "figures.deaths", "{\"deaths\":\"12\"}")]
    [InlineData("figures", "figures.deaths", "{\"deaths\":100000001}")]
    [InlineData("figures", "figures.directLossWan", "{\"directLossWan\":1000000000.01}")]
    [InlineData("judgements", "judgements.headquartersLevel", "{\"headquartersLevel\":\"V\",\"decidedBy\":\"指挥长\"}")]
    [InlineData("judgements", "judgements.headquartersLevel", "{\"headquartersLevel\":\"IV\",\"decidedBy\":\"指挥长\"}")]
    // R 5.3.3(4) "依靠事发地县(市、区)人民政府可以应对处置" and 5.3.2(4) "超出事发地县(市、区)人民政府应急处置能力" both held: Ⅱ was given without a word.
    [InlineData("judgements", "judgements.countyCanHandle", "{\"countyCanHandle\":true,\"exceedsCountyCapacity\":true,\"decidedBy\":\"市指挥部\"}")]
    [InlineData("judgements", "judgements.countyCanHandle", "{\"countyCanHandle\":true,\"exceedsCityCapacity\":true,\"decidedBy\":\"市指挥部\"}")]
    public async Task Assess_InvalidField_Returns400NamingIt(string property, string field, string json)
    {
        using var client = factory.As(RoleCatalogue.Observer);
        var body = JsonSerializer.SerializeToNode(Bodies.Assessment())!.AsObject();
        body[property] = System.Text.Json.Nodes.JsonNode.Parse(json);

        using var response = await client.PostRawAsync("/api/v1/assessments", body.ToJsonString());

        await ShouldNameAsync(response, field);
    }

    [Theory]
    [InlineData("/api/v1/assessments")]
    [InlineData(Http.Incidents)]
    public async Task UnknownFigureName_Returns400NamingIt(string path)
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        object body = path == Http.Incidents ? Bodies.Incident(figures: new { deaths = 1, dead = 2 }) : Bodies.Assessment(figures: new { deaths = 1, dead = 2 });

        using var response = await client.PostJsonAsync(path, body);

        await ShouldNameAsync(response, "figures.dead");
    }

    [Theory]
    [InlineData("/api/v1/assessments")]
    [InlineData(Http.Incidents)]
    public async Task FigureNameInTheWrongCase_Returns400NamingItAsSent_NotTheFigureItLooksLike(string path)
    {
        // "Deaths" is not the figure "deaths" (names are exact, as in the JSON Schema). The error was keyed figures.deaths, a valid
        // field the client did send right, while the message named 'Deaths'.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var figures = new Dictionary<string, int> { ["Deaths"] = 3 };
        object body = path == Http.Incidents ? Bodies.Incident(figures: figures) : Bodies.Assessment(figures: figures);

        using var response = await client.PostJsonAsync(path, body);

        await ShouldNameAsync(response, "figures.Deaths");
        (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().NotContain("figures.deaths");
    }

    [Fact]
    public async Task Assess_NoPlanVersionInForce_Returns400NamingOccurredAt()
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment(occurredAt: "2025-01-01T09:10:00+08:00"));

        await ShouldNameAsync(response, "occurredAt");
        (await response.JsonAsync()).GetProperty("errors").GetProperty("occurredAt")[0].GetString()
            .Should().Be("no version of plan 'road-traffic' was in force at 2025-01-01T09:10:00+08:00");
    }

    [Fact]
    public async Task OpenIncident_UnknownDisruptedCounty_Returns400NamingTheFigure()
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: new { disruptedCounties = new List<string> { "泽州县", "北京市" } }));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var fields = (await response.JsonAsync()).ErrorFields();
        fields.Should().ContainSingle().Which.Should().StartWith("figures.disruptedCounties",
            "the problem names the list (an index after it, figures.disruptedCounties[1], says which entry)");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task OpenIncident_SeveralInvalidFields_NamesEachOfThem()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = Bodies.Incident(plan: "railway", figures: new { deaths = -1, directLossWan = -1m }, county: "太原市", occurredAt: "2026-03-01T09:10:00");

        using var response = await client.PostJsonAsync(Http.Incidents, body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain(["plan", "occurredAt", "location.county", "figures.deaths", "figures.directLossWan"]);
    }

    [Theory]
    [InlineData("{\"plan\": \"road-traffic\",")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("")]
    [InlineData("null")]
    public async Task OpenIncident_MalformedOrMissingBody_Returns400ProblemAndStoresNothing(string json)
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, json);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).ErrorFields().Should().NotBeEmpty();
        (await factory.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task OpenIncident_ValidEdgeCases_AreAllStored()
    {
        var before = await factory.CountAsync();
        var valid = new[]
        {
            Bodies.Incident(occurredAt: "2026-03-01T10:05:00+08:00"), // exactly 5 minutes ahead: a clock a little fast
            Bodies.Incident(occurredAt: "2026-03-01T01:10:00Z"),
            Bodies.Incident(occurredAt: "2026-03-01T09:10:00.123+08:00"),
            Bodies.Incident(figures: new { deaths = 0, missing = 0, seriousInjuries = 0, injured = 0, directLossWan = 0m }),
            Bodies.Incident(figures: new { }),
            Bodies.Incident(figures: new { directLossWan = 999.99m, disruptedCounties = new List<string> { "城区", "泽州县" } }),
            Bodies.Incident(county: "沁水县"),
        };

        foreach (var body in valid)
        {
            await factory.OpenAsync(body);
        }

        (await factory.CountAsync()).Should().Be(before + valid.Length);
    }

    [Fact]
    public async Task OpenIncident_AllFiguresUnknown_IsUndeterminedAndOwesThePhoneReportIn30Minutes()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { }));

        var grade = incident.Body.GetProperty("assessment").GetProperty("grade");
        grade.GetProperty("determined").GetBoolean().Should().BeFalse();
        grade.Str("forReporting").Should().Be("relatively-serious", "暂时无法判明等级 reports like 较大 (R3)");
        // No band is cited as met on figures nobody gave (造成3人以下死亡, 10人以下重伤, 1000万元以下直接经济损失): 暂时无法判明 (R 5.1.1).
        grade.GetProperty("because").GetArrayLength().Should().Be(0);
        grade.Str("label").Should().Be("暂时无法判明");
        incident.Body.Obligation("phone-report-to-city").Str("dueAt").Should().Be("2026-03-01T09:40:00+08:00");
    }

    [Fact]
    public async Task FileReport_WithTheOccurrenceTimeLearnedLater_RunsTheClocksFromIt()
    {
        // R 5.1.1 事发后30分钟内向市委、市政府电话报告: reported as 09:10 (due 09:40); the continuation learns it happened at 08:55, so the
        // phone report is due at 09:25 — already past at 10:00, the host's clock — and the list shows the time now known.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));

        var corrected = await factory.ChangeAsync(incident, "/reports", new { kind = "continuation", summary = "核实事发时间", occurredAt = "2026-03-01T08:55:00+08:00" },
            RoleCatalogue.DutyOfficer);

        corrected.Body.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T08:55:00+08:00", CultureInfo.InvariantCulture));
        var phone = corrected.Body.Obligation("phone-report-to-city");
        phone.GetProperty("dueAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T09:25:00+08:00", CultureInfo.InvariantCulture));
        phone.Str("status").Should().Be("overdue");
        corrected.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary"))
            .Should().Contain("事发时间更正：由2026-03-01 09:10改为2026-03-01 08:55");
        using var client = factory.As(RoleCatalogue.Observer);
        using var list = await client.GetAsync($"{Http.Incidents}?limit=500");
        var row = (await list.JsonAsync()).EnumerateArray().Single(r => r.Str("id") == incident.Id);
        row.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T08:55:00+08:00", CultureInfo.InvariantCulture), "the list reads the stored row");
    }

    [Fact]
    public async Task FileReport_OccurredAtAfterAReportAlreadyMade_Returns400NamingItAndChangesNothing()
    {
        // The phone report was made at 09:15; the incident cannot have happened at 09:30.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        incident = await factory.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T09:15:00+08:00"), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(incident.Url + "/reports", new { kind = "continuation", occurredAt = "2026-03-01T09:30:00+08:00" }, incident.ETag);

        await ShouldNameAsync(response, "occurredAt");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task OpenIncident_OccurredAtInUtc_KeepsTheInstantAndItsOffset()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(occurredAt: "2026-03-01T01:10:00Z", figures: new { deaths = 3 }));

        incident.Body.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T09:10:00+08:00"));
        incident.Body.Obligation("phone-report-to-city").GetProperty("dueAt").GetDateTimeOffset()
            .Should().Be(DateTimeOffset.Parse("2026-03-01T09:40:00+08:00"));
        // Texts people read give the city's clock, not the offset the report was written in (they said 01:40, 8 hours off).
        incident.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary"))
            .Should().Contain("向市委、市政府电话报告：“较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况”，2026-03-01 09:40前");
    }

    [Theory]
    [InlineData("{\"kind\":\"interim\",\"summary\":\"x\"}", "kind")]
    [InlineData("{\"summary\":\"x\"}", "kind")]
    [InlineData("{\"kind\":\"continuation\",\"figures\":{\"deaths\":-1}}", "figures.deaths")]
    [InlineData("{\"kind\":\"continuation\",\"figures\":{\"directLossWan\":\"lots\"}}", "figures.directLossWan")]
    [InlineData("{\"kind\":\"continuation\",\"figures\":{\"disruptedCounties\":[\"北京市\"]}}", "figures.disruptedCounties")]
    [InlineData("{\"kind\":\"continuation\",\"judgements\":{\"headquartersLevel\":\"V\",\"decidedBy\":\"指挥长\"}}", "judgements.headquartersLevel")]
    [InlineData("{\"kind\":\"continuation\",\"occurredAt\":\"昨晚九点\"}", "occurredAt")]
    [InlineData("{\"kind\":\"continuation\",\"occurredAt\":\"2026-03-01T09:00:00\"}", "occurredAt")]
    [InlineData("{\"kind\":\"continuation\",\"occurredAt\":\"2026-03-01T10:30:00+08:00\"}", "occurredAt")]
    [InlineData("{\"kind\":\"continuation\",\"occurredAt\":\"2026-03-01T09:00:00+08:00\\n\"}", "occurredAt")]
    public async Task FileReport_InvalidField_Returns400AndLeavesTheIncidentUnchanged(string json, string field)
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(incident.Url + "/reports", json, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain(f => f == field || f.StartsWith(field + "["));
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task FileReport_ABlankSummary_IsSaidAsTheFieldsProblem_NotAParameterOfTheLifecycle()
    {
        // Before, the reporting lifecycle's ArgumentException answered: "The value cannot be an empty string or composed entirely
        // of whitespace. (Parameter 'summary')"; a drill's blank report text stopped the run with exit 70.
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(incident.Url + "/reports", "{\"kind\":\"continuation\",\"summary\":\" \\t \"}", incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("summary");
        problem.GetProperty("errors").GetProperty("summary")[0].GetString().Should().StartWith("summary must not be blank");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("\\u001b[2J", "U+001B")]
    [InlineData("\\u0007", "U+0007")]
    [InlineData("\u0085", "U+0085")]
    public async Task FileReport_ASummaryHoldingAControlCharacter_Is400NamingTheFieldAndTheCharacter_AndNothingIsStored(string written, string named)
    {
        // Written as a JSON escape or as the raw character: either way a control character the duty office never types, and one
        // that runs as a command in a terminal printing it. Tab and line breaks are taken (FileReport_ASummaryWithTabsAndLineBreaks…).
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(incident.Url + "/reports", "{\"kind\":\"continuation\",\"summary\":\"续报" + written + "\"}", incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("summary");
        problem.GetProperty("errors").GetProperty("summary")[0].GetString().Should().Be(
            $"must not contain the control character {named}; only tab and line breaks are allowed: remove it");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task FileReport_ASummaryWithTabsAndLineBreaks_IsTaken()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(incident.Url + "/reports", "{\"kind\":\"continuation\",\"summary\":\"续报：\\t死亡2人\\r\\n受伤9人\"}", incident.ETag);

        ((int)response.StatusCode).Should().BeInRange(200, 299);
    }

    [Theory]
    [InlineData("{\"level\":\"V\",\"reason\":\"x\"}", "level")]
    [InlineData("{\"level\":\"II\"}", "reason")]
    [InlineData("{\"level\":\"II\",\"reason\":\"x\",\"action\":\"raise\"}", "action")]
    public async Task DecideResponse_InvalidField_Returns400NamingIt(string json, string field)
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await client.PostRawAsync(incident.Url + "/response", json, incident.ETag);

        await ShouldNameAsync(response, field);
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("{\"madeAt\":\"2026-03-01T09:35:00\",\"note\":\"x\"}")]
    [InlineData("{\"madeAt\":\"yesterday\",\"note\":\"x\"}")]
    [InlineData("{\"madeAt\":\"2026-03-01T10:05:01+08:00\",\"note\":\"x\"}")]
    public async Task Fulfil_InvalidMadeAt_Returns400NamingIt(string json)
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(incident.Url + "/obligations/phone-report-to-city/fulfilment", json, incident.ETag);

        await ShouldNameAsync(response, "madeAt");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Theory]
    [InlineData("{\"action\":\"burn\",\"reason\":\"x\"}", "action")]
    [InlineData("{\"action\":\"propose\",\"colour\":\"green\",\"reason\":\"x\"}", "colour")]
    [InlineData("{\"action\":\"propose\",\"colour\":\"yellow\"}", "reason")]
    [InlineData("{\"action\":\"lift\",\"reason\":\"x\"}", "warningId")]
    public async Task Warning_InvalidField_Returns400NamingIt(string json, string field)
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostRawAsync(incident.Url + "/warnings", json, incident.ETag);

        await ShouldNameAsync(response, field);
    }

    [Fact]
    public async Task Warning_OnAConstructionIncident_Returns400()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(incident.Url + "/warnings", new { action = "propose", colour = "yellow", reason = "x" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("plan=railway", "plan")]
    [InlineData("level=V", "level")]
    [InlineData("responseState=Ended", "responseState")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task ListIncidents_InvalidFilter_Returns400NamingIt(string query, string field)
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.GetAsync($"{Http.Incidents}?{query}");

        await ShouldNameAsync(response, field);
    }

    [Theory]
    [InlineData("/api/v1/incidents?open=perhaps", "open", "must be true or false; got 'perhaps'")]
    [InlineData("/api/v1/incidents?limit=abc", "limit", "must be a whole number (at most 2147483647); got 'abc'")]
    [InlineData("/api/v1/alerts?limit=99999999999", "limit", "must be a whole number (at most 2147483647); got '99999999999'")]
    [InlineData("/api/v1/alerts?unacknowledged=maybe", "unacknowledged", "must be true or false; got 'maybe'")]
    [InlineData("/api/v1/alerts?incident=xyz", "incident", "must be an id in UUID form (e.g. 01a23853-ce63-7ea8-be54-9c9079d965b9); got 'xyz'")]
    [InlineData("/api/v1/feeds/122/quarantine?after=first", "after", "must be a whole number; got 'first'")]
    public async Task Query_AValueNotOfItsType_Returns400NamingTheFieldInTheQuerysTermsNotDotNets(string url, string field, string problem)
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.GetAsync(url);

        await ShouldNameAsync(response, field);
        var body = await response.JsonAsync();
        body.GetProperty("errors").GetProperty(field)[0].GetString().Should().Be(problem);
        body.GetRawText().Should().NotContain("Nullable").And.NotContain("bind parameter");
    }

    [Fact]
    public async Task Body_OfATypeTheEndpointDoesNotRead_Returns415SayingWhatItTakes()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostAsync(Http.Incidents, new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).Str("detail").Should().Contain("'text/plain; charset=utf-8'").And.Contain("application/json");
    }

    [Theory]
    // Each said "send JSON (application/json); the 122 feed takes application/x-ndjson, drill scripts application/yaml", the
    // drill endpoint and the feed to a client that had sent JSON.
    [InlineData("/api/v1/drills/runs", RoleCatalogue.Drill, "application/json", "send application/yaml, text/yaml or text/plain.")]
    [InlineData("/api/v1/feeds/122", RoleCatalogue.Feed, "application/json", "send application/x-ndjson.")]
    [InlineData("/api/v1/incidents", RoleCatalogue.DutyOfficer, "application/yaml", "send JSON (application/json).")]
    public async Task Body_OfATypeTheEndpointDoesNotRead_Returns415NamingOnlyWhatThisEndpointTakes(string url, string role, string sent, string said)
    {
        using var client = factory.As(role);

        using var response = await client.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, sent));

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        (await response.JsonAsync()).Str("detail").Should().Be($"Content-Type '{sent}; charset=utf-8' is not accepted here: {said}");
    }

    [Theory]
    [InlineData("/api/v1/incidents", "figure")]
    [InlineData("/api/v1/assessments", "figure")]
    [InlineData("/api/v1/incidents", "location.town")]
    public async Task Body_AMemberTheRequestDoesNotHave_Returns400NamingIt_NotDroppedInSilence(string url, string field)
    {
        // "figure" for "figures": dropped, the incident would be judged without the deaths the reporter sent.
        var before = await factory.CountAsync();
        var json = url.EndsWith("assessments", StringComparison.Ordinal)
            ? """{"plan":"road-traffic","occurredAt":"2026-03-01T09:10:00+08:00","figure":{"deaths":3}}"""
            : field == "figure"
            ? """{"plan":"road-traffic","occurredAt":"2026-03-01T09:10:00+08:00","location":{"county":"泽州县"},"nature":"大客车侧翻","reporter":{"name":"王"},"figure":{"deaths":3}}"""
            : """{"plan":"road-traffic","occurredAt":"2026-03-01T09:10:00+08:00","location":{"county":"泽州县","town":"金村镇"},"nature":"大客车侧翻","reporter":{"name":"王"}}""";
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(url, json);

        await ShouldNameAsync(response, field);
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Be("is not a field of this request (misspelt?)");
        problem.GetProperty("title").GetString().Should().Be("A field this request does not have", "the body is well-formed JSON (session 58)");
        (await factory.CountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "$", "must be a JSON object")]
    [InlineData("{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"location\":[\"泽州县\"]}", "location", "must be a JSON object")]
    [InlineData("{\"plan\":7,\"occurredAt\":\"2026-03-01T09:10:00+08:00\"}", "plan", "must be a string")]
    [InlineData("{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"drill\":\"yes\"}", "drill", "must be true or false")]
    public async Task OpenIncident_AValueOfTheWrongJsonType_IsNamedInTheBodysTermsNotDotNets(string json, string field, string problem)
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostRawAsync(Http.Incidents, json);

        await ShouldNameAsync(response, field);
        var body = await response.JsonAsync();
        body.GetProperty("errors").GetProperty(field)[0].GetString().Should().Be(problem);
        body.GetRawText().Should().NotContain("EmergencyPlans.").And.NotContain("System.");
    }

    [Theory]
    [InlineData("{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"figures\":{\"deaths\":1,\"deaths\":3}}", "figures.deaths")]
    [InlineData("{\"plan\":\"road-traffic\",\"plan\":\"construction\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\"}", "plan")]
    public async Task Assess_PropertyNamedTwice_Returns400ProblemNamingIt(string json, string field)
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.PostRawAsync("/api/v1/assessments", json);

        await ShouldNameAsync(response, field);
        var errors = (await response.JsonAsync()).GetProperty("errors").GetProperty(field);
        errors[0].GetString().Should().Contain("named twice");
    }

    [Fact]
    public async Task OpenIncident_FigureNamedTwice_Returns400NamingItAndStoresNothing()
    {
        var before = await factory.CountAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var json = FirstReportWith("figures", "{\"deaths\":1}").Replace("\"deaths\":1", "\"deaths\":1,\"deaths\":30", StringComparison.Ordinal);

        using var response = await client.PostRawAsync(Http.Incidents, json);

        await ShouldNameAsync(response, "figures.deaths");
        (await factory.CountAsync()).Should().Be(before);
    }

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.ErrorFields().Should().Contain(field, "the problem was: {0}", problem.GetRawText());
    }

    private static string FirstReportWith(string property, string? json)
    {
        var body = JsonSerializer.SerializeToNode(Bodies.Incident())!.AsObject();
        if (json is null)
        {
            body.Remove(property);
        }
        else
        {
            body[property] = System.Text.Json.Nodes.JsonNode.Parse(json);
        }

        return body.ToJsonString();
    }
}
