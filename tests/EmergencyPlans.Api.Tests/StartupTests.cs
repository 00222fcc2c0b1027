using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Plans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Tests;

/// <summary>The host validates its settings, plans and credentials before it serves anything.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _plans = Directory.CreateTempSubdirectory("emergencyplans-plans-").FullName;

    public StartupTests()
    {
        foreach (var file in Directory.EnumerateFiles(Paths.Plans, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_plans, Path.GetRelativePath(Paths.Plans, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public void Host_PlanWithAnUnknownFigure_RefusesToStartNamingTheFileAndRule()
    {
        var file = Path.Combine(_plans, "road-traffic.2025-18.json");
        var text = File.ReadAllText(file);
        const string Rule = "{ \"id\": \"grade-1.5(1)-deaths\", \"grade\": \"especially-serious\", \"clause\": \"1.5(1)\", \"words\": \"造成30人以上死亡\", \"quantity\": [\"deaths\"]";
        text.Should().Contain(Rule, "the test breaks this rule");
        File.WriteAllText(file, text.Replace(Rule, Rule.Replace("[\"deaths\"]", "[\"fatalities\"]")));
        using var factory = new ApiFactory().With("EmergencyPlans:PlansDirectory", _plans);

        var start = () => factory.CreateClient();

        var message = start.Should().Throw<Exception>().Which.ToString();
        message.Should().Contain("road-traffic.2025-18.json").And.Contain("grade-1.5(1)-deaths").And.Contain("fatalities");
    }

    [Fact]
    public void Host_PlanFileThatIsNotJson_RefusesToStartNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_plans, "construction.2025-15.json"), "{ \"id\": \"construction\", ");
        using var factory = new ApiFactory().With("EmergencyPlans:PlansDirectory", _plans);

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("construction.2025-15.json");
    }

    [Fact]
    public void Host_KeyShorterThan16Characters_RefusesToStart()
    {
        using var factory = new ApiFactory().With("Auth:Keys:0:Key", "too-short");

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("Auth:Keys:0");
    }

    [Fact]
    public void Host_KeyWithAnUnknownRole_RefusesToStart()
    {
        using var factory = new ApiFactory().With("Auth:Keys:0:Roles:0", "mayor");

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("mayor");
    }

    [Fact]
    public async Task Host_PlansAsShipped_StartsAndIsReady()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:PlansDirectory", _plans);
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/health/ready");

        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("EmergencyPlans:StoreProvider", "mysql", "EmergencyPlans:StoreProvider must be sqlite or postgres; got 'mysql'")]
    [InlineData("EmergencyPlans:StoreProvider", "postgres", "EmergencyPlans:PostgresConnectionString is required when StoreProvider is postgres")]
    [InlineData("EmergencyPlans:MaxRequestBodyBytes", "0", "EmergencyPlans:MaxRequestBodyBytes must be a positive number of bytes")]
    [InlineData("EmergencyPlans:Feed:BatchSize", "0", "EmergencyPlans:Feed:BatchSize must be a positive number of lines")]
    [InlineData("EmergencyPlans:Feed:SilenceAlarm", "-01:00:00", "EmergencyPlans:Feed:SilenceAlarm must be 00:00:00 (no alarm) or a time from 00:00:01 to 12:00:00, written hh:mm:ss (how long the 122 feed may bring nothing new before it is reported silent; 01:00:00 by default); got -01:00:00")]
    [InlineData("EmergencyPlans:Feed:SilenceAlarm", "1h", "EmergencyPlans:Feed:SilenceAlarm")]
    public void Host_BadSetting_RefusesToStartNamingTheSetting(string setting, string value, string message)
    {
        using var factory = new ApiFactory().With(setting, value);

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain(message);
    }

    [Fact]
    public async Task Host_PlansDirectoryThatDoesNotExist_RefusesToStartNamingTheSettingAndTheFolder()
    {
        var missing = Path.Combine(_plans, "not-there");
        var data = Directory.CreateTempSubdirectory("emergencyplans-refused-").FullName;
        try
        {
            var (exitCode, output) = await ApiProcess.RunUntilRefusedAsync(data, $"--EmergencyPlans:PlansDirectory={missing}");

            exitCode.Should().Be(Program.ConfigurationError, output);
            output.Should().Contain($"EmergencyPlans:PlansDirectory '{missing}' does not exist").And.NotContain("Unhandled exception");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("store", "--EmergencyPlans:StoreProvider=mysql", "EmergencyPlans:StoreProvider must be sqlite or postgres; got 'mysql'")]
    [InlineData("plan", null, "road-traffic.2025-18.json: $.review.klause")]
    // Read as the host is built (the web server's body limit) and as a hosted service starts (the alert scan): both aborted (134).
    [InlineData("body limit", "--EmergencyPlans:MaxRequestBodyBytes=-1", "EmergencyPlans:MaxRequestBodyBytes must be a positive number of bytes")]
    [InlineData("a number", "--EmergencyPlans:MaxRequestBodyBytes=abc", "Failed to convert configuration value 'abc' at 'EmergencyPlans:MaxRequestBodyBytes'")]
    [InlineData("a time", "--Alerts:ScanInterval=abc", "Failed to convert configuration value 'abc' at 'Alerts:ScanInterval'")]
    public async Task Host_ASettingOrAPlanFileItRefuses_ExitsWithTheConfigurationErrorCode_NotAnAbort(string what, string? setting, string message)
    {
        var data = Directory.CreateTempSubdirectory("emergencyplans-refused-").FullName;
        try
        {
            var plans = Path.Combine(data, "plans");
            Directory.CreateDirectory(plans);
            foreach (var file in Directory.GetFiles(Paths.Plans, "*.json"))
            {
                var text = File.ReadAllText(file);
                if (what == "plan" && Path.GetFileName(file) == "road-traffic.2025-18.json")
                {
                    var broken = new System.Text.RegularExpressions.Regex("\"clause\"").Replace(text, "\"klause\"", 1);
                    broken.Should().NotBe(text);
                    text = broken;
                }

                File.WriteAllText(Path.Combine(plans, Path.GetFileName(file)), text);
            }

            string[] arguments = setting is null ? [$"--EmergencyPlans:PlansDirectory={plans}"] : [$"--EmergencyPlans:PlansDirectory={plans}", setting];
            var (exitCode, output) = await ApiProcess.RunUntilRefusedAsync(Path.Combine(data, "data"), arguments);

            exitCode.Should().Be(Program.ConfigurationError, output);
            output.Should().Contain("Not started: the configuration or the plans are invalid").And.Contain(message).And.NotContain("Unhandled exception");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Host_RelativePlansDirectory_IsTakenFromTheContentRoot()
    {
        // The content root is src/EmergencyPlans.Api, as under dotnet run; appsettings.json ships this value.
        using var factory = new ApiFactory().With("EmergencyPlans:PlansDirectory", "../../plans");
        using var client = factory.Anonymous();

        using var response = await client.GetAsync("/health/ready");

        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        factory.Services.GetRequiredService<IOptions<PlanCatalogOptions>>().Value.PlansDirectory
            .Should().Be(Path.GetFullPath(Paths.Plans));
    }

    public void Dispose() => Directory.Delete(_plans, recursive: true);
}
