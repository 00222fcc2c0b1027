using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Another process (a CLI command, a second service on the same data folder) holds the SQLite store's write lock longer than the
/// store waits for it (its busy_timeout, 10 s): SQLITE_BUSY. It was answered 500 "Internal error", as if the service were broken,
/// while the command line exits 75 for the same condition. Nothing is wrong with the store or the request: 503 with Retry-After,
/// saying the store is busy (in Chinese when asked), and nothing of the request stored.
/// </summary>
public sealed class StoreBusyTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task OpeningAnIncident_WhileAnotherConnectionHoldsTheStoresWriteLockPastItsWait_Is503StoreBusy_WithRetryAfter_NothingStored()
    {
        var database = Path.Combine(_factory.DataDirectory, "emergencyplans.db");
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.OK, "the store exists before the other process takes it");

        // A real second connection on the service's own file, as another process's would be: a write begun and not committed.
        var (zh, en) = await SqliteWriteLock.WhileHeldAsync(database, async () =>
        {
            // Both at once, so the test waits out the store's 10 s once.
            var chinese = new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = JsonContent.Create(Bodies.Incident()) };
            chinese.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");
            var answers = await Task.WhenAll(client.SendAsync(chinese), client.PostJsonAsync(Http.Incidents, Bodies.Incident()));
            return (answers[0], answers[1]);
        });

        foreach (var answer in new[] { zh, en })
        {
            await answer.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
            answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            answer.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "the other process lets go of its write");
        }

        var zhProblem = await zh.JsonAsync();
        zhProblem.Str("title").Should().Be("数据存储繁忙");
        zhProblem.Str("detail").Should().Contain("正被其他进程占用").And.Contain("本次请求未保存任何内容");
        var enProblem = await en.JsonAsync();
        enProblem.Str("title").Should().Be("The store is busy");
        enProblem.Str("detail").Should().Contain("another process holds its write lock").And.Contain("Nothing of this request was stored")
            .And.NotContain(_factory.DataDirectory);

        using var list = await client.GetAsync(Http.Incidents);
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync()).Should().NotContain("\"id\"", "nothing of the refused requests was stored");
        using var again = await client.PostJsonAsync(Http.Incidents, Bodies.Incident());
        await again.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }
}

/// <summary>
/// The data folder deleted while the service runs (an operator's mistaken clean-up, a tmp cleaner): the store's files are gone with
/// it. A service that had not yet taken the store's lock file (started while a restore held it) then met DirectoryNotFoundException
/// opening it, which no store failure named: 500 "Internal error". The store is unavailable: 503 saying its folder is gone.
/// </summary>
public sealed class StoreFolderDeletedTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheDataFolderDeletedBeforeTheStoresFirstUse_ARequest_Is503SayingTheFolderIsGone_NotAnInternalError()
    {
        var database = Path.Combine(_factory.DataDirectory, "emergencyplans.db");
        HttpClient client;
        // Started while a restore held the store's lock (StoreRestoringTests): the service has not opened the store yet.
        using (new FileStream(database + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            client = _factory.As(RoleCatalogue.DutyOfficer);
            (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        Directory.Delete(_factory.DataDirectory, recursive: true);

        var chinese = new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = JsonContent.Create(Bodies.Incident()) };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");
        using var zh = await client.SendAsync(chinese);
        using var en = await client.PostJsonAsync(Http.Incidents, Bodies.Incident());

        await zh.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        await en.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        var enProblem = await en.JsonAsync();
        enProblem.Str("title").Should().Be("The store is unavailable");
        enProblem.Str("detail").Should().Contain("data folder no longer exists").And.NotContain(_factory.DataDirectory);
        var zhProblem = await zh.JsonAsync();
        zhProblem.Str("title").Should().Be("数据存储不可用");
        zhProblem.Str("detail").Should().Contain("数据库所在文件夹已不存在");
        Directory.Exists(_factory.DataDirectory).Should().BeFalse("an empty store made in its place would hide the loss");
        client.Dispose();
    }

    [Fact]
    public async Task TheDataFolderDeletedAfterTheStoresFirstUse_ARequest_Is503StoreUnavailable()
    {
        // Already answered 503 (SQLite cannot open the file): kept so, as the case above now is.
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.OK);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_factory.DataDirectory, recursive: true);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident());

        await response.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        (await response.JsonAsync()).Str("title").Should().Be("The store is unavailable");
    }
}
