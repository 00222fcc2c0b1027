namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// The tests that start the host as a real process (<see cref="ApiProcess"/>). They run one at a time and
/// after the parallel tests: each one starts, loads and kills a whole host, and two of them side by side
/// on two cores would measure the machine instead of the host.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialProcessTests
{
    public const string Name = "Process";
}
