namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Whether a response is in force, for the words of a refused end, is the incident's response, not the level the latest figures call for.
/// N 5.7 "按照“谁启动、谁终止”的原则": the office director's Ⅳ (5.4.2 "由市安委办主任决定启动Ⅳ级响应") stays in force when later figures call
/// for no level, and a duty officer who tries to end it is told who may (as the incident tells any role refused). The drill asked the level the
/// figures called for, read "no level" as "no response", and said instead who may decide levels at all (a reviewer's finding, session 57).
/// </summary>
public sealed class EndRefusalInForceTests
{
    [Fact]
    public async Task ADutyOfficerEndingAResponseInForce_WhileTheFiguresCallForNoLevel_IsToldWhoMayEndIt()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.FlashFlood("终止权限", """
              - {id: duty, name: 钱值班, role: duty-officer}
              - {id: director, name: 冯主任, role: office-director}
            """, """
              - {at: "00:30", kind: figures, figures: {relocated: 10}}
            """, """
              - {at: "00:20", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
              - {at: "00:50", by: duty, kind: terminate-response, conditionsConfirmed: true}
            """, ""));

        var end = report.Actions[1];
        end.Verdict.Should().Be("unauthorised");
        end.Detail.Should().StartWith("值班员无权终止响应；可由：市安委办主任（依据：谁启动、谁终止");
        report.Overview.ResponseState.Should().StartWith("Ⅳ级响应进行中");
    }
}
