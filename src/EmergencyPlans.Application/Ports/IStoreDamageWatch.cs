namespace EmergencyPlans.Application.Ports;

/// <summary>
/// The readiness probe's memory of a damaged store (Infrastructure's <c>StoreDamageWatch</c>), for work that runs outside a request: the
/// alert scan met a damaged SQLite file at every pass ("database disk image is malformed", event 8003) while the probe said Healthy
/// until some user's request met the damage too. What the scan meets is reported here as a request's failure is.
/// </summary>
public interface IStoreDamageWatch
{
    /// <summary>Takes note of <paramref name="exception"/> when it says the store is damaged; any other failure is ignored.</summary>
    void Saw(Exception exception);
}
