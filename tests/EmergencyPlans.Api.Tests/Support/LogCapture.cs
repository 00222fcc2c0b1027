using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>One line the host logged: its category, level, event id, text and exception (null when it carried none).</summary>
public sealed record LoggedLine(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

/// <summary>Every line a host logs, at every level, for a test that asserts what an operator reads.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <summary>Waits (real time, up to <paramref name="within"/>) until a line matches <paramref name="match"/> <paramref name="count"/> times.</summary>
    public async Task<IReadOnlyList<LoggedLine>> WaitForAsync(Func<LoggedLine, bool> match, int count = 1, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Lines.Where(match).ToArray();
            if (found.Length >= count || DateTime.UtcNow > until)
            {
                return found;
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LoggedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LoggedLine(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}

/// <summary>A host whose log lines, at every level, go to <paramref name="logs"/> too; <paramref name="services"/> changes its services.</summary>
public class LoggedApiFactory(LogCapture logs, Action<IServiceCollection>? services = null) : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l =>
        {
            l.AddProvider(logs);
            l.AddFilter<LogCapture>(_ => true);
        });
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
