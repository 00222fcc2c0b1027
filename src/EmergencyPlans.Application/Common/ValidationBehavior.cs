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
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken).ConfigureAwait(false);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next(message, cancellationToken).ConfigureAwait(false);
    }
}
