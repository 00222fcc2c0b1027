using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Every problem a duty officer's client meets, not only the plan's refusals (<see cref="ChineseRefusalTests"/>), in Chinese when the
/// client asks for it (Accept-Language: zh-CN): the validation 400s with each field's message, the policies' 401 and 403, 404, the
/// If-Match 428 and 412, 413 and 415. The English answer is the one it was, and the members a program reads (type, status, the keys
/// of <c>errors</c>, extension members) are the same in both.
/// </summary>
public sealed class ChineseProblemTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Chinese = "zh-CN,zh;q=0.9,en;q=0.8";

    [Fact]
    public async Task ListIncidents_BadLevelAndLimit_AskedInChinese_TheTitleAndEachFieldsMessageAreChinese_TheFieldsTheSame()
    {
        // level has a message of the service's own (English only until now); limit FluentValidation's own (its zh-CN LanguageManager).
        const string Url = Http.Incidents + "?level=V&limit=0";
        using var client = factory.As(RoleCatalogue.Observer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Get, Url), HttpStatusCode.BadRequest);

        zh.Str("title").Should().Be("请求中有字段不合规");
        Errors(zh, "level").Should().Equal("level 须为 I、II、III 或 IV（Ⅰ—Ⅳ级）");
        Errors(zh, "limit").Should().Equal("limit 须为 1 至 500 的整数");
        zh.Str("detail").Should().Contain("level：level 须为");
        en.Str("title").Should().Be("One or more fields are invalid");
        Errors(en, "level").Should().Equal("level must be one of I, II, III, IV");
        Errors(en, "limit").Should().Equal("limit must be a whole number from 1 to 500");
        zh.ErrorFields().Should().BeEquivalentTo(en.ErrorFields(), "the field names are the members a client reads").And.BeEquivalentTo(["level", "limit"]);
    }

    [Theory]
    // A list's paging and an alert's id were refused in FluentValidation's own words ('after' 必须大于或等于 '0'。), unlike every other
    // refusal of the service (a duty officer's review, session 54).
    [InlineData("/api/v1/alerts?after=-1", "after", "after 须为 0 或更大的整数")]
    [InlineData("/api/v1/alerts?before=-1", "before", "before 须为 0 或更大的整数")]
    [InlineData("/api/v1/alerts?offset=-1", "offset", "offset 须为 0 或更大的整数")]
    [InlineData("/api/v1/alerts?dispatch=", "dispatch", "dispatch 须为122接警单编号（dispatchId，1至100个字符）")]
    [InlineData("/api/v1/incidents?offset=-1", "offset", "offset 须为 0 或更大的整数")]
    [InlineData("/api/v1/feeds/122/quarantine?after=-1", "after", "after 须为 0 或更大的整数")]
    public async Task AListsPagingRefused_AskedInChinese_SaysTheParameterAndWhatItTakes(string url, string field, string message)
    {
        using var client = factory.As(RoleCatalogue.Observer);

        var (zh, _) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Get, url), HttpStatusCode.BadRequest);

        Errors(zh, field).Should().Equal(message);
    }

    [Fact]
    public async Task AcknowledgingAlertNought_AskedInChinese_SaysWhatAnIdIs()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, _) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/alerts/0/acknowledge"), HttpStatusCode.BadRequest);

        Errors(zh, "id").Should().Equal("id 须为提醒编号（1或更大的整数）");
    }

    [Fact]
    public async Task Assess_ALevelThePlanDoesNotHave_AskedInChinese_NamesThePlanAndItsLevels_NotItsId()
    {
        // C 4.3 sets Ⅲ, Ⅱ and Ⅰ only. The answer was 预案“construction”没有 IV 级响应: an English id and a Roman numeral in ASCII.
        using var client = factory.As(RoleCatalogue.Observer);
        const string Json = "{\"plan\":\"construction\",\"occurredAt\":\"2026-03-01T08:00:00+08:00\",\"figures\":{\"deaths\":0},"
            + "\"judgements\":{\"headquartersLevel\":\"IV\",\"decidedBy\":\"市指挥部\"}}";

        var (zh, _) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = new StringContent(Json, Encoding.UTF8, "application/json"),
        }, HttpStatusCode.BadRequest);

        Errors(zh, "judgements.headquartersLevel").Should().Equal("本预案（晋城市建设工程事故应急预案，晋市政办〔2025〕15号）未设Ⅳ级响应，只设Ⅰ级、Ⅱ级、Ⅲ级");
    }

    [Theory]
    // R 4.3.x(1) "暴雨、暴雪": the colour of the rainstorm or blizzard warning issued. The answers were FluentValidation's, with the bare
    // member name ('visibilityMetres' 必须在 0 (包含)和 100000 (包含)之间), and a colour list of identifiers only (a road duty officer's review).
    [InlineData("{\"weatherWarning\":\"purple\"}", "conditions.weatherWarning",
        "已发布的暴雨、暴雪气象预警（weatherWarning）应为以下之一：blue（蓝色）、yellow（黄色）、orange（橙色）、red（红色）")]
    [InlineData("{\"visibilityMetres\":-1}", "conditions.visibilityMetres", "能见度（visibilityMetres）应在0至100000米之间，收到 -1")]
    // R 4.3.1(1)/4.3.2(1) "浓雾", 4.3.3(1) "特强沙尘暴或者大雾": what lowers the visibility, each value with the words people know it by.
    [InlineData("{\"visibilityMetres\":10,\"visibilityCause\":\"haze\"}", "conditions.visibilityCause",
        "能见度降低的原因（visibilityCause）应为以下之一：fog（浓雾、大雾）、sandstorm（沙尘暴）")]
    [InlineData("{\"windForce\":19}", "conditions.windForce", "风力（windForce）应在0至17级之间，收到 19")]
    [InlineData("{\"townshipsAffected\":-2}", "conditions.townshipsAffected", "涉及乡(镇)数（townshipsAffected）应在0至100000个之间，收到 -2")]
    [InlineData("{\"mainRoadRepairHours\":-3}", "conditions.mainRoadRepairHours", "主干道预计抢修时间（mainRoadRepairHours）应在0至100000小时之间，收到 -3")]
    public async Task Assess_ARoadObservationOutOfRange_AskedInChinese_NamesItAndItsUnit(string conditions, string field, string message)
    {
        using var client = factory.As(RoleCatalogue.Observer);
        var json = "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T08:00:00+08:00\",\"conditions\":" + conditions + "}";

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, HttpStatusCode.BadRequest);

        Errors(zh, field).Should().Equal(message);
        Errors(en, field).Single().Should().NotMatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task Assess_ADeclaredGradeInChinese_IsAnsweredWithEachValueAndItsMeaning()
    {
        // N: 灾害等级 is sent as serious, not 重大; the answer listed ordinary, relatively-serious, … with no word of which is 重大.
        using var client = factory.As(RoleCatalogue.Observer);
        const string Json = "{\"plan\":\"natural-disaster\",\"occurredAt\":\"2026-03-01T08:00:00+08:00\",\"figures\":{\"declaredGrade\":\"重大\"}}";

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = new StringContent(Json, Encoding.UTF8, "application/json"),
        }, HttpStatusCode.BadRequest);

        Errors(zh, "figures.declaredGrade").Single().Should().EndWith("应为以下之一：ordinary（一般）、relatively-serious（较大）、serious（重大）、especially-serious（特别重大）");
        Errors(en, "figures.declaredGrade").Single().Should().Be("declaredGrade must be one of ordinary, relatively-serious, serious, especially-serious");
    }

    [Fact]
    public async Task OpenIncident_WithoutReporterAndAnUnknownAlertKindFilter_AskedInChinese_SaysEachInChinese()
    {
        // An incident body's rules were worded in both languages already but answered English: now the request's language picks.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = Bodies.Incident();
        body.Remove("reporter");

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = JsonContent.Create(body) },
            HttpStatusCode.BadRequest);

        Errors(zh, "reporter.name").Should().Equal("缺少报告人 reporter.name");
        Errors(en, "reporter.name").Should().Equal("reporter.name (报告人) is required");
        zh.ErrorFields().Should().BeEquivalentTo(en.ErrorFields());

        using var alerts = factory.As(RoleCatalogue.Observer);
        var (zhKind, enKind) = await BothAsync(alerts, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts?kind=fire"), HttpStatusCode.BadRequest);
        Errors(zhKind, "kind").Single().Should().StartWith("没有提醒种类“fire”，可为：");
        Errors(enKind, "kind").Single().Should().StartWith("unknown alert kind 'fire': one of ");
    }

    [Fact]
    public async Task OpenIncident_AFieldOfTheWrongJsonType_AskedInChinese_SaysWhatItMustBeInChinese()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, Http.Incidents)
        {
            Content = new StringContent("""{"plan": 5}""", Encoding.UTF8, "application/json"),
        }, HttpStatusCode.BadRequest);

        zh.Str("title").Should().Be("JSON 格式有误");
        Errors(zh, "plan").Should().Equal("应为字符串");
        en.Str("title").Should().Be("Malformed JSON");
        Errors(en, "plan").Should().Equal("must be a string");
    }

    [Theory]
    // A trailing comma was answered "figures：请求体不是有效的 JSON：The JSON object contains a trailing comma … Change the reader options.",
    // a body cut short named its last member ("plan") for what is wrong with the whole body.
    [InlineData("""{"plan":"road-traffic","occurredAt":"2026-03-01T08:00:00+08:00","figures":{"deaths":1,}}""", "figures", "多了一个逗号")]
    [InlineData("""{"plan":""", "$", "请求体不完整")]
    [InlineData("""{'plan':'road-traffic'}""", "$", "属性名须用英文双引号括起")]
    public async Task Assessment_BrokenJson_AskedInChinese_SaysWhatIsBrokenInChinese_WithWhere(string body, string field, string said)
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, HttpStatusCode.BadRequest);

        zh.Str("title").Should().Be("JSON 格式有误");
        var message = Errors(zh, field).Single();
        message.Should().StartWith("请求体不是有效的 JSON：").And.Contain(said).And.MatchRegex("个字节附近）$");
        message.Should().NotMatchRegex("[A-Za-z]{5,}", "a Chinese reader gets no English sentence");
        Errors(en, field).Single().Should().StartWith("the body is not valid JSON: ");
    }

    [Fact]
    public async Task NoKey_AskedInChinese_The401IsChineseAndBothLanguagesPointAtTheOperationsGuide()
    {
        using var client = factory.Anonymous();

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Get, Http.Incidents), HttpStatusCode.Unauthorized);

        zh.Str("title").Should().Be("须先认证");
        zh.Str("detail").Should().Contain("Authorization: Bearer").And.Contain("docs/operations.md");
        en.Str("title").Should().Be("Authentication required");
        en.Str("detail").Should().Contain("docs/operations.md", "keys are documented there now").And.NotContain("README");
    }

    [Fact]
    public async Task ObserverOpensAnIncident_AskedInChinese_ThePolicys403IsChinese()
    {
        using var client = factory.As(RoleCatalogue.Observer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = JsonContent.Create(Bodies.Incident()) },
            HttpStatusCode.Forbidden);

        zh.Str("title").Should().Be("您的角色无权执行此操作");
        zh.Str("detail").Should().Be("您的角色（观察员（只读））不能执行此操作。");
        en.Str("title").Should().Be("Not allowed for your role");
        en.Str("detail").Should().Be("Your roles (observer) may not do this.");
    }

    [Fact]
    public async Task UnknownIncident_AskedInChinese_The404SaysWhatWasNotFoundInChinese()
    {
        var id = Guid.NewGuid();
        using var client = factory.As(RoleCatalogue.Observer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Get, $"{Http.Incidents}/{id}"), HttpStatusCode.NotFound);

        zh.Str("title").Should().Be("未找到");
        zh.Str("detail").Should().Be($"未找到事件“{id}”");
        en.Str("title").Should().Be("Not found");
        en.Str("detail").Should().Be($"incident '{id}' was not found.");

        // A path no endpoint serves: the framework's own title.
        var (zhPath, enPath) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        zhPath.Str("title").Should().Be("未找到");
        enPath.Str("title").Should().Be("Not Found");
    }

    [Fact]
    public async Task ChangeWithoutIfMatch_AskedInChinese_The428IsChinese()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1 }));
        using var client = factory.As(RoleCatalogue.Commander);

        var (zh, en) = await BothAsync(client, () => Http.Request(incident.Url + "/response", JsonContent.Create(Bodies.Activate("II")), null),
            (HttpStatusCode)428);

        zh.Str("title").Should().Be("须带 If-Match");
        zh.Str("detail").Should().StartWith("请带上 If-Match");
        en.Str("title").Should().Be("If-Match required");
        en.Str("detail").Should().StartWith("Send If-Match with the ETag");
    }

    [Fact]
    public async Task ChangeOnAStaleVersion_AskedInChinese_The412IsChinese_WithTheSameCurrentVersion()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1 }));
        var changed = await factory.ChangeAsync(incident, "/reports", Bodies.Continuation(), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.Commander);

        var (zh, en) = await BothAsync(client, () => Http.Request(incident.Url + "/response", JsonContent.Create(Bodies.Activate("II")), incident.ETag),
            HttpStatusCode.PreconditionFailed);

        zh.Str("title").Should().Be("事件在您读取之后已有变化");
        zh.Str("detail").Should().Be($"事件已有变化：您所依据的是第 {incident.ETag} 版，现为第 {changed.ETag} 版。请查看当前状态后重新操作。");
        en.Str("title").Should().Be("The incident changed since you read it");
        zh.GetProperty("currentVersion").GetInt64().Should().Be(changed.ETag).And.Be(en.GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task BodyOfAnotherType_AskedInChinese_The415IsChinese()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = new StringContent("x", Encoding.UTF8, "text/plain") },
            HttpStatusCode.UnsupportedMediaType);

        zh.Str("title").Should().Be("不支持的请求体类型");
        zh.Str("detail").Should().StartWith("此处不接受 Content-Type“text/plain; charset=utf-8”：请发送 JSON");
        en.Str("title").Should().Be("Unsupported Media Type");
        en.Str("detail").Should().StartWith("Content-Type 'text/plain; charset=utf-8' is not accepted here: send JSON");
    }

    [Fact]
    public async Task BodyOverTheLimit_AskedInChinese_The413SaysTheLimitAndItsSettingInChinese()
    {
        using var small = new BodySizeTests.SmallLimitFactory();
        using var client = small.As(RoleCatalogue.DutyOfficer);
        var body = BodySizeTests.Padded(2049);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            HttpStatusCode.RequestEntityTooLarge);

        zh.Str("title").Should().Be("请求体过大");
        zh.Str("detail").Should().Be("请求体超过此处接受的 2048 字节（EmergencyPlans:MaxRequestBodyBytes）。");
        en.Str("detail").Should().Be("The request body is larger than the 2048 bytes accepted here (EmergencyPlans:MaxRequestBodyBytes).");
    }

    [Fact]
    public async Task AReportMadeBeforeTheOccurrence_IsTitledForItsTime_NotAsSomethingThePlanDoesNotAllow()
    {
        // Review s58, construction 10b: a fulfilment whose madeAt is hours before the occurrence was titled 本预案不允许此操作 ("the plan
        // does not allow this"): it is the time that cannot be, whatever the plan says.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = await BothAsync(client, () => Http.Request(incident.Url + "/obligations/phone-report-to-city/fulfilment",
            JsonContent.Create(Bodies.Fulfil("2026-03-01T06:00:00+08:00")), incident.ETag), HttpStatusCode.BadRequest);

        zh.Str("title").Should().Be("所填时间与本事件不符");
        Errors(zh, "madeAt").Single().Should().Contain("早于事发时间");
        en.Str("title").Should().Be("The time given does not fit the incident");
        zh.ErrorFields().Should().Equal("madeAt");
    }

    [Fact]
    public async Task FinalReportWhileTheResponseIsInForce_AskedInChinese_TheFieldsMessageIsTheEnginesChineseToo()
    {
        // "终报要素包括:……处置结果、社会维稳、善后安置、恢复重建……" (R 5.1.2): refused while the response is in force. The title
        // and detail were Chinese, but errors.kind, the field's message a client shows beside the field, was the English message.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        var (zh, en) = await BothAsync(client, () => Http.Request(active.Url + "/reports", JsonContent.Create(Bodies.Final()), active.ETag),
            HttpStatusCode.BadRequest);

        zh.Str("title").Should().Be("本预案不允许此操作");
        Errors(zh, "kind").Single().Should().Contain("应急响应仍在进行：终报须在应急处置结束、响应终止后报送").And.NotContain("final report");
        zh.Str("detail").Should().Be(Errors(zh, "kind").Single());
        en.Str("title").Should().Be("The incident's plan does not allow this");
        Errors(en, "kind").Single().Should().Contain("the final report carries the outcome of the handling");
        en.Str("detail").Should().Be("kind: " + Errors(en, "kind").Single());
        zh.ErrorFields().Should().Equal("kind");
    }

    [Fact]
    public async Task AssessmentBeforeAnyVersionOfThePlan_AskedInChinese_SaysNoVersionWasInForceInChinese()
    {
        // ADR 0007 listed "a plan not in force at the time of occurrence in the assessment" as English: it is a validation failure
        // on occurredAt made with Localized.Pick (PlanVersionChecks.NotInForce), so it is Chinese; this keeps it so.
        using var client = factory.As(RoleCatalogue.Observer);

        var (zh, en) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/assessments")
        {
            Content = JsonContent.Create(Bodies.Assessment(occurredAt: "2025-01-01T09:10:00+08:00")),
        }, HttpStatusCode.BadRequest);

        // R took effect on 2025-07-29 and replaced 晋市政办发〔2020〕12号: the city had a plan then, this service holds no copy of it (it said
        // 预案“road-traffic”尚无有效版本, as if there were none, with the plan's id).
        Errors(zh, "occurredAt").Should().Equal(
            "2025-01-01 09:10 时《晋城市道路交通安全应急预案》（晋市政办〔2025〕18号）尚未施行：本系统收录的版本自2025-07-29起施行，此前适用的晋市政办发〔2020〕12号本系统未收录");
        Errors(en, "occurredAt").Should().Equal("no version of plan 'road-traffic' was in force at 2025-01-01T09:10:00+08:00");
    }

    [Fact]
    public async Task QuarantineRefusals_AskedInChinese_The409sOfAnotherEventIdAResolvedAndADismissedEntryAreChinese_TheirMembersTheSame()
    {
        // The quarantine's 409s gave the exception's English message as the detail (and as errors.eventId) in a Chinese document.
        using var feedFactory = new ApiFactory();
        var sample = FeedHttp.Sample("routine-with-bad-lines.ndjson");
        var (results, _) = await feedFactory.PostFeedAsync(sample);
        var open = results[1].GetProperty("quarantineId").GetInt64();
        var toDismiss = results[2].GetProperty("quarantineId").GetInt64();
        var corrected = sample[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        var unrelated = sample[3].Replace("JC122-20260301-0023", "JC122-20260301-0024", StringComparison.Ordinal);
        using var client = feedFactory.As(RoleCatalogue.Feed);
        HttpRequestMessage Resubmit(long entry, string line) =>
            new(HttpMethod.Post, $"{FeedHttp.Feed}/quarantine/{entry}/resubmit") { Content = new StringContent(line, Encoding.UTF8, "application/x-ndjson") };

        // A correction carrying another eventId (the entry stays open: both requests are refused alike).
        var (zhOther, enOther) = await BothAsync(client, () => Resubmit(open, unrelated), HttpStatusCode.Conflict);
        zhOther.Str("title").Should().Be("更正的是另一个 eventId");
        Errors(zhOther, "eventId").Should().Equal(
            $"隔离条目 {open} 存放的是 eventId“JC122-20260301-0021-1”的行：更正须带 eventId“JC122-20260301-0021-1”，而不是“JC122-20260301-0024-1”。"
            + "其他记录请发送至数据接口本身（POST /api/v1/feeds/122）。");
        zhOther.Str("detail").Should().Be("eventId：" + Errors(zhOther, "eventId").Single());
        Errors(enOther, "eventId").Single().Should().StartWith($"quarantine entry {open} holds the line of eventId 'JC122-20260301-0021-1'");
        enOther.Str("detail").Should().Be("eventId: " + Errors(enOther, "eventId").Single());
        foreach (var member in (string[])["quarantineId", "expectedEventId", "receivedEventId"])
        {
            zhOther.GetProperty(member).GetRawText().Should().Be(enOther.GetProperty(member).GetRawText(), "{0} is read by programs", member);
        }

        // A resolved entry takes only the line that resolved it.
        using (var taken = await client.SendAsync(Resubmit(open, corrected)))
        {
            await taken.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (zhResolved, enResolved) = await BothAsync(client, () => Resubmit(open, unrelated), HttpStatusCode.Conflict);
        zhResolved.Str("title").Should().Be("该隔离条目已处理");
        zhResolved.Str("detail").Should().MatchRegex($@"^隔离条目 {open} 已于 \d{{4}}-\d\d-\d\d \d\d:\d\d 由 eventId“JC122-20260301-0021-1”的行处理；此处只能再次发送该行。");
        enResolved.Str("title").Should().Be("Quarantine entry already resolved");
        enResolved.Str("detail").Should().StartWith($"quarantine entry {open} was already resolved at ");
        zhResolved.GetProperty("resolvedAt").GetRawText().Should().Be(enResolved.GetProperty("resolvedAt").GetRawText());
        // The detail names the time in the city's offset, as resolvedAt beside it does (it gave +00:00 beside +08:00: session 46).
        CityInstantIn(enResolved.Str("detail"), "resolved at ").Should().Be(enResolved.GetProperty("resolvedAt").GetDateTimeOffset());

        // A dismissed entry takes no dismissal and no line any more.
        using (var dismissed = await client.PostJsonAsync($"{FeedHttp.Feed}/quarantine/{toDismiss}/dismissal", new { reason = "已按正确编号重新发送" }))
        {
            await dismissed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (zhDismissed, enDismissed) = await BothAsync(client, () => new HttpRequestMessage(HttpMethod.Post, $"{FeedHttp.Feed}/quarantine/{toDismiss}/dismissal")
        {
            Content = JsonContent.Create(new { reason = "再次" }),
        }, HttpStatusCode.Conflict);
        // 注销, as the feed's status says (更正后重新提交或注销): 撤销 is 122 withdrawing a record (122已撤销接警单), a word this 409 used too
        // (a 122 integrator's review, s62 F62-20).
        zhDismissed.Str("title").Should().Be("该隔离条目已注销");
        zhDismissed.Str("detail").Should().Contain("注销（已按正确编号重新发送），不再接受任何行。该记录请发送至数据接口本身（POST /api/v1/feeds/122）。")
            .And.NotContain("dismissed at").And.NotContain("撤销");
        enDismissed.Str("title").Should().Be("Quarantine entry dismissed");
        enDismissed.Str("detail").Should().Contain("(已按正确编号重新发送); it takes no line any more");
        zhDismissed.Str("dismissedBy").Should().Be(enDismissed.Str("dismissedBy"));
        CityInstantIn(enDismissed.Str("detail"), "dismissed at ").Should().Be(enDismissed.GetProperty("resolvedAt").GetDateTimeOffset());
    }

    /// <summary>The time written after <paramref name="before"/> in <paramref name="detail"/>, which must be in the city's offset (+08:00).</summary>
    private static DateTimeOffset CityInstantIn(string detail, string before)
    {
        var match = System.Text.RegularExpressions.Regex.Match(detail, System.Text.RegularExpressions.Regex.Escape(before) + @"(\S+) by ");
        match.Success.Should().BeTrue("the detail names the time: {0}", detail);
        match.Groups[1].Value.Should().EndWith("+08:00", "the city's offset, as resolvedAt is written: {0}", detail);
        return DateTimeOffset.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task NoPlanInForce_OffAStoredIncident_NoRequestReachesIt_TheHandlerSaysItInChineseFromThePlanAndTheTime()
    {
        // The assessment and the opening of an incident answer "not in force" as their validation failure on occurredAt, a request on
        // a stored incident answers 503 (its plan file is not loaded), the feed answers in the invariant culture, a drill's script is
        // checked at its start: no request is known to reach this 400, so the handler's mapping is tested as it is called.
        var at = new DateTimeOffset(2019, 5, 1, 1, 30, 0, TimeSpan.Zero);

        var (zh, en) = await HandledBothAsync(new EmergencyPlans.Core.Assessment.PlanNotInForceException("road-traffic", at, planKnown: true), "/api/v1/assessments");
        var (zhUnknown, _) = await HandledBothAsync(new EmergencyPlans.Core.Assessment.PlanNotInForceException("flood", at, planKnown: false), "/api/v1/assessments");

        zh.Status.Should().Be(400);
        zh.Problem.Str("title").Should().Be("没有有效的预案");
        zh.Problem.Str("detail").Should().Be("2019-05-01 09:30 时预案“road-traffic”尚无有效版本。", "the time on the city's clock (UTC+8), as the validators say it");
        zhUnknown.Problem.Str("detail").Should().Be("没有预案“flood”。");
        en.Problem.Str("title").Should().Be("No plan in force");
        en.Problem.Str("detail").Should().Be("No version of plan 'road-traffic' was in force at 2019-05-01T01:30:00.0000000+00:00.");
    }

    [Fact]
    public async Task AGuardsArgumentException_NoRequestReachesOne_InChineseNamesTheFieldWithAChineseSentence_TheEnglishMessageStaysInEnglish()
    {
        // The lifecycles' guards (an adjustment to the level in force, a decision time before the last, a blank reason) and the stores'
        // are met first by the validators (reason NotEmpty, summary not blank, madeAt in the past) and the engine's refusals
        // (IncidentCommandRejectedException on level and colour), and decisions are timed by the service's clock: no request is
        // known to reach one, so the handler's mapping is tested as it is called. The service has no Chinese for their messages.
        var guard = new ArgumentException("The response is already at level II; an adjustment must change the level.", "newLevel");

        var (zh, en) = await HandledBothAsync(guard, $"{Http.Incidents}/{Guid.NewGuid()}/response");

        zh.Status.Should().Be(400);
        zh.Problem.Str("title").Should().Be("请求中有字段不合规");
        Errors(zh.Problem, "newLevel").Should().Equal("取值不被接受（服务的内部检查未通过，原因已记入日志）");
        zh.Problem.Str("detail").Should().Be("newLevel：取值不被接受（服务的内部检查未通过，原因已记入日志）").And.NotContain("adjustment");
        en.Problem.Str("title").Should().Be("One or more fields are invalid");
        Errors(en.Problem, "newLevel").Should().Equal(guard.Message);
        en.Problem.Str("detail").Should().Be(guard.Message);
        zh.Problem.ErrorFields().Should().BeEquivalentTo(en.Problem.ErrorFields());
    }

    [Fact]
    public async Task ANullAGuardMeets_IsTheServicesDefect_500InBothLanguages_NotA400NamingAField()
    {
        // ArgumentNullException is an ArgumentException with a parameter name, so it was answered 400 naming the parameter: a client told to
        // correct a field it sent (or could not send) while the defect went unlogged as an error. The validators refuse a missing member
        // first, so a null reaching a guard is the service's fault.
        var (zh, en) = await HandledBothAsync(new ArgumentNullException("summary"), $"{Http.Incidents}/{Guid.NewGuid()}/reports");

        zh.Status.Should().Be(500);
        en.Status.Should().Be(500);
        zh.Problem.Str("title").Should().Be("服务内部错误");
        en.Problem.TryGetProperty("errors", out _).Should().BeFalse();
    }

    /// <summary>
    /// The service's exception handler called as the pipeline calls it on <paramref name="path"/>, once under Chinese (as RequestLanguage
    /// sets it for Accept-Language: zh-CN) and once under the invariant culture: each status and problem document.
    /// </summary>
    private async Task<((int Status, JsonElement Problem) Chinese, (int Status, JsonElement Problem) English)> HandledBothAsync(Exception exception, string path)
    {
        async Task<(int, JsonElement)> Handle(System.Globalization.CultureInfo culture)
        {
            var before = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            try
            {
                var handler = factory.Services.GetServices<Microsoft.AspNetCore.Diagnostics.IExceptionHandler>()
                    .OfType<EmergencyPlans.Api.Errors.ProblemDetailsExceptionHandler>().Single();
                var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = factory.Services };
                http.Request.Method = "POST";
                http.Request.Path = path;
                http.Response.Body = new MemoryStream();
                (await handler.TryHandleAsync(http, exception, CancellationToken.None)).Should().BeTrue();
                http.Response.Body.Position = 0;
                using var document = await JsonDocument.ParseAsync(http.Response.Body);
                return (http.Response.StatusCode, document.RootElement.Clone());
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = before;
            }
        }

        var chinese = await Handle(EmergencyPlans.Core.Contract.Localized.Chinese);
        var english = await Handle(System.Globalization.CultureInfo.InvariantCulture);
        return (chinese, english);
    }

    /// <summary>
    /// The same request asked in Chinese and in English (no Accept-Language): both answer <paramref name="status"/>, the Chinese one
    /// with Content-Language zh-CN, the English one without; both vary by Accept-Language; the members and type are the same.
    /// </summary>
    private static async Task<(JsonElement Chinese, JsonElement English)> BothAsync(HttpClient client, Func<HttpRequestMessage> request, HttpStatusCode status)
    {
        using var asked = request();
        asked.Headers.TryAddWithoutValidation("Accept-Language", Chinese);
        using var zh = await client.SendAsync(asked);
        using var plain = request();
        using var en = await client.SendAsync(plain);

        await zh.ShouldHaveStatusAsync(status);
        await en.ShouldHaveStatusAsync(status);
        zh.Content.Headers.ContentLanguage.Should().Equal("zh-CN");
        en.Content.Headers.ContentLanguage.Should().BeEmpty();
        zh.Headers.Vary.Should().Contain("Accept-Language");
        en.Headers.Vary.Should().Contain("Accept-Language", "a cache must not give the English answer to a client that asked for Chinese");

        var chinese = await zh.JsonAsync();
        var english = await en.JsonAsync();
        chinese.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(english.EnumerateObject().Select(p => p.Name), "the members are the same in both languages");
        chinese.Str("type").Should().Be(english.Str("type"));
        chinese.GetProperty("status").GetInt32().Should().Be((int)status);
        chinese.ErrorFields().Should().BeEquivalentTo(english.ErrorFields());
        return (chinese, english);
    }

    private static IReadOnlyList<string> Errors(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field).Strings();
}
