using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// The event ids of the service's own log lines that an on-call dashboard filters on (docs/operations.md, "Logs and metrics"), each in an
/// <c>EmergencyPlans.*</c> category. Until session 59 a refused start, the key warnings and every request's store failure were logged with
/// event 0 or an id hashed from a method's name, the key warnings under the category <c>Auth</c>: a filter on the documented ids and
/// categories missed exactly the lines an operator needs (review s58, operations finding 8). The start's own (1001–1007), the alert
/// scan's (8001–8007), the feed submission's (8101–8103) and a readiness check's change of state (8301, <see cref="ReadinessLog"/>) are declared where
/// they are logged.
/// </summary>
public static class LogEvents
{
    /// <summary>The category of the start's lines (1000–1007).</summary>
    public const string HostingCategory = "EmergencyPlans.Api.Hosting";

    /// <summary>The category of the key warnings (1008, 1009).</summary>
    public const string AuthCategory = "EmergencyPlans.Api.Auth";

    /// <summary>The category of a readiness check's change of state (8301).</summary>
    public const string HealthCategory = "EmergencyPlans.Api.Health";

    /// <summary>Critical: "Not started: …", a setting or plan file refused (exit 78).</summary>
    public static readonly EventId NotStarted = new(1000, nameof(NotStarted));

    /// <summary>Warning: no API keys configured, one made per role into the first-run keys file.</summary>
    public static readonly EventId FirstRunKeysCreated = new(1008, nameof(FirstRunKeysCreated));

    /// <summary>Warning: <c>Auth:Keys</c> configured, so the first-run keys file is not loaded.</summary>
    public static readonly EventId FirstRunKeysIgnored = new(1009, nameof(FirstRunKeysIgnored));

    /// <summary>Warning: an alert stream met the store unavailable and reads again at its poll.</summary>
    public static readonly EventId AlertStreamStoreUnavailable = new(8008, nameof(AlertStreamStoreUnavailable));

    /// <summary>Warning: a 122 submission stopped mid-way, the store busy (the sender resends from the line named).</summary>
    public static readonly EventId FeedIngestStoreBusy = new(8104, nameof(FeedIngestStoreBusy));

    /// <summary>Error: a 122 submission failed mid-way.</summary>
    public static readonly EventId FeedIngestFailed = new(8105, nameof(FeedIngestFailed));

    /// <summary>Error: a request failed for a reason of the program's (500).</summary>
    public static readonly EventId UnhandledError = new(8200, nameof(UnhandledError));

    /// <summary>Error: the first request meeting a failure of the store (503), with its exception.</summary>
    public static readonly EventId StoreUnavailable = new(8201, nameof(StoreUnavailable));

    /// <summary>Warning: the first request meeting the store busy (503, Retry-After), with its exception.</summary>
    public static readonly EventId StoreBusy = new(8202, nameof(StoreBusy));

    /// <summary>Warning: each later request meeting the same failure, one line without the stack.</summary>
    public const int StoreUnavailableAgain = 8203;

    /// <summary>Warning: each later request meeting the store still busy, one line.</summary>
    public const int StoreBusyAgain = 8204;

    /// <summary>Information: the store serves reads (or writes) again, with how many requests failed since when.</summary>
    public const int StoreServesAgain = 8205;

    /// <summary>Warning: a request met a restore holding the store (503).</summary>
    public static readonly EventId StoreRestoring = new(8206, nameof(StoreRestoring));

    /// <summary>Error: a request on an incident whose plan is not loaded (503; readiness names the plan, event 1004 at start).</summary>
    public static readonly EventId PlanNotLoaded = new(8207, nameof(PlanNotLoaded));

    /// <summary>Warning: a guard of the domain refused a value the validators let through (400).</summary>
    public static readonly EventId GuardRefused = new(8208, nameof(GuardRefused));
}
