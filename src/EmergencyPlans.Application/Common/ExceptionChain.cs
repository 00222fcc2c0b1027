namespace EmergencyPlans.Application.Common;

/// <summary>An exception and its inner exceptions, outermost first: where hosts look for the failure that explains a wrapped one.</summary>
public static class ExceptionChain
{
    /// <summary><paramref name="exception"/>, then each inner exception in turn.</summary>
    public static IEnumerable<Exception> Of(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The outermost exception of type <typeparamref name="T"/> in the chain, or null.</summary>
    public static T? Find<T>(Exception? exception)
        where T : Exception => Of(exception).OfType<T>().FirstOrDefault();
}
