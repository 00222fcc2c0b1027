using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Common;

/// <summary>
/// Runs every FluentValidation validator of a request before its handler. One error path: a failure
/// becomes a <see cref="ValidationException"/> that the host turns into an RFC 9457 problem document.
/// Singleton, like the validators it resolves (see <see cref="DependencyInjection.AddApplication"/>).
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    // Walked as an array: the container's enumerable boxed an enumerator for every command.
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        // Every rule is synchronous (no MustAsync): the synchronous path skips FluentValidation's async state machines,
        // which were a fifth of a drill step and of a feed incident write. An async rule added later makes Validate throw
        // AsyncValidatorInvokedSynchronouslyException on its first use, which every command's tests would show.
        List<FluentValidation.Results.ValidationFailure>? failures = null;
        foreach (var validator in _validators)
        {
            var result = validator.Validate(new ValidationContext<TMessage>(message));
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        if (failures is not null)
        {
            throw new ValidationException(failures);
        }

        return next(message, cancellationToken);
    }
}
