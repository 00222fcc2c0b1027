using EmergencyPlans.Application;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Cli.Commands;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Hosting;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core;
using EmergencyPlans.Drills;
using EmergencyPlans.Infrastructure;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Cli;

/// <summary>
/// The CLI's container, wired like the API host: AddCore, AddApplication, AddInfrastructure and AddMediator with the
/// same pipeline behaviours. Settings come from the environment (<c>EmergencyPlans__PlansDirectory</c>…) and
/// <c>--plans</c>; relative folders are taken from the current directory.
/// </summary>
internal static class CliHost
{
    /// <exception cref="CliException">
    /// The plans folder does not exist (<see cref="ExitCodes.NoInput"/>), or its files cannot be loaded
    /// (<see cref="ExitCodes.InvalidInput"/>, each problem in Chinese as <c>plans check</c> prints it).
    /// </exception>
    /// <param name="plansDirectory"><c>--plans</c>, when given.</param>
    /// <param name="dataDirectory"><c>--data</c>, when given.</param>
    /// <param name="withPlans">False for a command that only handles the store (<c>store backup</c>, <c>store restore</c>): it must work
    /// when the plans are missing or broken, which may be why the store is being restored.</param>
    public static ServiceProvider Build(string? plansDirectory, string? dataDirectory = null, bool withPlans = true)
    {
        var overrides = new Dictionary<string, string?>();
        if (plansDirectory is not null)
        {
            overrides["EmergencyPlans:PlansDirectory"] = Path.GetFullPath(plansDirectory);
        }

        if (dataDirectory is not null)
        {
            overrides["EmergencyPlans:DataDirectory"] = Path.GetFullPath(dataDirectory);
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services
            .AddCore(configuration)
            .AddApplication()
            .AddInfrastructure(configuration)
            .AddDrills(configuration, AddMediator);
        AddMediator(services);
        var provider = services.BuildServiceProvider();

        // The folder as AddCore resolves it (the setting, else plans/; relative ones by ConfiguredPath), checked before the
        // options validator would throw its English message at the first use of the plans.
        var plansFolder = ConfiguredPath.Resolve(
            configuration[$"{PlanCatalogOptions.Section}:{nameof(PlanCatalogOptions.PlansDirectory)}"] is { Length: > 0 } configured
                ? configured
                : new PlanCatalogOptions().PlansDirectory,
            provider, configuration);
        if (withPlans && !Directory.Exists(plansFolder))
        {
            provider.Dispose();
            throw new CliException(ExitCodes.NoInput, $"找不到预案目录：{plansFolder}（用 --plans 指定，或设置环境变量 EmergencyPlans__PlansDirectory）");
        }

        try
        {
            // The settings the service checks at start, checked here too: a wrong one is said as such, not as an internal error at
            // its first use (the binder's own message names a value it cannot read, e.g. a SilenceAlarm of "1h").
            _ = provider.GetRequiredService<IOptions<DataStorageOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            provider.Dispose();
            throw new CliException(ExitCodes.Configuration, $"设置有误：{e.Message}");
        }

        if (!withPlans)
        {
            return provider;
        }

        try
        {
            // Loaded here, not at a command's first use: a broken plan file is the user's input to correct, not a crash.
            _ = provider.GetRequiredService<DecisionEngine>();
            return provider;
        }
        catch (PlanValidationException e)
        {
            provider.Dispose();
            throw new CliException(ExitCodes.InvalidInput,
                string.Join(Environment.NewLine, PlansCommands.Lines(e)) + Environment.NewLine
                + $"预案文件有 {e.Problems.Count} 个问题（{plansFolder}；emergencyplans plans check 可单独校验）");
        }
    }

    /// <summary>As in src/EmergencyPlans.Api/Program.cs: the generated Mediator, singleton, with the behaviours compiled in.</summary>
    public static void AddMediator(IServiceCollection services) =>
        services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Singleton;
            o.Assemblies = [typeof(DependencyInjection)];
            o.PipelineBehaviors = [typeof(EmergencyPlans.Application.Common.ValidationBehavior<,>)];
        });
}
