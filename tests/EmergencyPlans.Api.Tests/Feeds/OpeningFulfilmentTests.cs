using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Incidents;
using FluentAssertions;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A 122 record that opens an incident is the call R 5.1.1 asks for ("立即拨打报警电话(122)"): the feed opens the incident with that duty
/// met at the call's time, in the opening's one change. What the opening records as done is checked as a fulfilment is over REST.
/// </summary>
public sealed class OpeningFulfilmentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static OpenIncidentRequest Body() => new()
    {
        Plan = "road-traffic",
        OccurredAt = "2026-03-01T09:40:00+08:00",
        Figures = System.Text.Json.JsonSerializer.Deserialize<FiguresDto>("{\"deaths\":1}"),
        Location = new LocationDto { County = "泽州县", Place = "G207" },
        Nature = "两车相撞",
        Reporter = new ReporterDto { Name = "122接处警" },
    };

    [Fact]
    public async Task AnOpeningWithTheCallMade_IsOneChange_TheDutyMetAtTheCallsTime_AfterTheOpeningInTheLog()
    {
        var sender = factory.Services.GetRequiredService<ISender>();
        var done = new OpeningFulfilment("call-122", new FulfilmentRequest { MadeAt = "2026-03-01T09:42:00+08:00", Note = "JC122-1：报警时间" });

        var opened = await sender.Send(new OpenIncidentCommand(Body(), FeedIngestor.FeedActor, Answer: IncidentAnswer.Receipt, Fulfilled: [done]));

        opened.Version.Should().Be(1, "the opening and the call it records are one change");
        var events = await factory.Services.GetRequiredService<IIncidentStore>().ReadEventsAsync(opened.Id);
        var types = events.Select(e => e.Type).ToList();
        types[0].Should().Be("incident-opened");
        types.Should().Contain("obligation-fulfilled");
        types.IndexOf("obligation-fulfilled").Should().BeGreaterThan(types.LastIndexOf("obligation-started"), "the duty is met once it was started");
        var state = IncidentEventSchema.DeserializeState((await factory.Services.GetRequiredService<IIncidentStore>().GetAsync(opened.Id))!.Projection.Json);
        var call = state.Obligations.Single(o => o.Code == "call-122");
        call.Clock.FiledAt.Should().Be(DateTimeOffset.Parse("2026-03-01T09:42:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2099-01-01T00:00:00+08:00", null, "fulfilled[0].madeAt")]
    [InlineData("yesterday", null, "fulfilled[0].madeAt")]
    [InlineData(null, 2001, "fulfilled[0].note")]
    public async Task AnOpeningWithAFulfilmentTheRestWouldRefuse_IsRefusedNamingIt_AndNothingIsStored(string? madeAt, int? noteLength, string field)
    {
        var sender = factory.Services.GetRequiredService<ISender>();
        var before = await factory.CountAsync();

        var done = new OpeningFulfilment("call-122", new FulfilmentRequest { MadeAt = madeAt, Note = noteLength is { } n ? new string('注', n) : null });

        var open = async () => await sender.Send(new OpenIncidentCommand(Body(), FeedIngestor.FeedActor, Answer: IncidentAnswer.Receipt, Fulfilled: [done]));

        (await open.Should().ThrowAsync<ValidationException>()).Which.Errors.Select(e => e.PropertyName).Should().Contain(field);
        (await factory.CountAsync()).Should().Be(before);
    }
}
