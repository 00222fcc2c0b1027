namespace EmergencyPlans.Application.Ports;

/// <summary>
/// Tells a failure of the store as a whole (its disk full, its write lock held by another process past the store's wait, the server
/// unreachable, its folder gone, a restore holding it) from the failure of one piece of work on it (an incident whose plan file is
/// missing, a page of it damaged). Work outside a request (the alert scan) stops for the first and goes on past the second: at a full
/// disk the scan met the same failure at every incident with an alert to store, logged each one's stack as an incident it could not
/// derive (event 8002), and readiness sent the operator to those incidents rather than to the disk (review s58, operations finding 2).
/// </summary>
public interface IStoreOutages
{
    /// <summary>True when <paramref name="exception"/> says the store as a whole cannot serve now; false for a damaged store and any other failure.</summary>
    bool IsOutage(Exception exception);
}
