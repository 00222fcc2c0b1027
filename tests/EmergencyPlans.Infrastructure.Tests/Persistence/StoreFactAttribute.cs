using Xunit.Abstractions;
using Xunit.Sdk;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A <see cref="FactAttribute"/> for the shared storage suite. The suite's methods are declared once
/// on the abstract base class, so an attribute on them cannot know which provider runs them; the
/// discoverer below looks at the concrete test class instead, and skips the PostgreSQL classes
/// (those marked <see cref="RequiresPostgresAttribute"/>) when no server is configured — unless CI
/// is set, where they run and fail loudly rather than silently pass as skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer(
    "EmergencyPlans.Infrastructure.Tests.Persistence.StoreFactDiscoverer",
    "EmergencyPlans.Infrastructure.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose tests need the PostgreSQL server named by the environment.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresPostgresAttribute : Attribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        yield return new StoreTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod);
    }
}

/// <summary>An ordinary test case whose skip reason also depends on the test class and the environment.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var requiresPostgres = TestMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresPostgresAttribute).AssemblyQualifiedName)
            .Any();
        return requiresPostgres && PostgresTestEnvironment.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
    }
}
