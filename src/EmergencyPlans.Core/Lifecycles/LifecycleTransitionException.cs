namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// A trigger the lifecycle's current state does not accept (e.g. adjusting a terminated response,
/// filing a continuation after the final report). The REST layer maps it to 409 Conflict and can
/// offer <see cref="PermittedTriggers"/> instead.
/// </summary>
public sealed class LifecycleTransitionException : InvalidOperationException
{
    public LifecycleTransitionException()
        : this("The lifecycle refused the trigger.")
    {
    }

    public LifecycleTransitionException(string message)
        : this(message, null)
    {
    }

    public LifecycleTransitionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Lifecycle = string.Empty;
        CurrentState = string.Empty;
        Trigger = string.Empty;
        PermittedTriggers = [];
    }

    /// <param name="lifecycle">The lifecycle's name, e.g. <c>ResponseLifecycle</c>.</param>
    /// <param name="currentState">The state that refused the trigger.</param>
    /// <param name="trigger">The refused trigger.</param>
    /// <param name="permittedTriggers">What the current state accepts.</param>
    /// <param name="detail">Why, when it is more than "the state does not accept it".</param>
    public LifecycleTransitionException(
        string lifecycle, string currentState, string trigger, IReadOnlyList<string> permittedTriggers, string? detail = null)
        : base(Describe(lifecycle, currentState, trigger, permittedTriggers, detail))
    {
        ArgumentNullException.ThrowIfNull(permittedTriggers);
        Lifecycle = lifecycle;
        CurrentState = currentState;
        Trigger = trigger;
        PermittedTriggers = permittedTriggers;
    }

    /// <summary>The lifecycle's name.</summary>
    public string Lifecycle { get; }

    /// <summary>The state that refused the trigger.</summary>
    public string CurrentState { get; }

    /// <summary>The refused trigger.</summary>
    public string Trigger { get; }

    /// <summary>The triggers the current state accepts.</summary>
    public IReadOnlyList<string> PermittedTriggers { get; }

    internal static LifecycleTransitionException Refused<TState, TTrigger>(
        string lifecycle, TState state, TTrigger trigger, IEnumerable<TTrigger> permitted, string? detail = null)
        where TState : struct, Enum
        where TTrigger : struct, Enum =>
        new(lifecycle, state.ToString(), trigger.ToString(), [.. permitted.Select(t => t.ToString())], detail);

    private static string Describe(
        string lifecycle, string currentState, string trigger, IReadOnlyList<string> permittedTriggers, string? detail)
    {
        var permitted = permittedTriggers.Count == 0 ? "none (final state)" : string.Join(", ", permittedTriggers);
        var because = detail is null ? string.Empty : $": {detail}";
        return $"{lifecycle} in state {currentState} refuses {trigger}{because}. Permitted: {permitted}.";
    }
}
