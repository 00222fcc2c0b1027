using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Drills;

/// <summary>
/// A decision that puts a level in force, as the drill's report says it: one text for the <c>level-activated</c> expectation's evidence (its hit
/// and the list 实际：… when it fails, which the problems repeat), the chart's level lane and the actions and timeline rows. The incident tells
/// the two apart by its events: <c>ResponseActivated</c> when no level is in force (its timeline: 启动Ⅲ级响应), <c>ResponseAdjusted</c> for a
/// change of the level in force (响应调整为Ⅲ级; the API's refusal since 9f56d5a: 改变级别……是调整响应级别). The plans' words: R 5.7 响应调整与终止
/// "应急响应启动后，根据事故损失情况和发展态势，由启动响应的主体按照需要调整响应级别"; C 4.4 响应等级调整 "各类建设工程事故的响应等级，可视情提高或降低".
/// The report said 启动 for every one (由市安委会副主任启动Ⅲ级响应 for raising Ⅳ to Ⅲ, 启动Ⅳ级 for lowering Ⅲ to Ⅳ; facilitator review F5).
/// </summary>
internal static class DrillResponseWords
{
    /// <summary>An activation, no level in force before it: 启动Ⅲ级响应.</summary>
    public static string Activated(ResponseLevel level) => $"启动{Names.Chinese(level)}响应";

    /// <summary>
    /// A change of the level in force (R 5.7 调整响应级别), raised or lowered (C 4.4 提高或降低): 调整响应级别，Ⅳ级提高为Ⅲ级响应, 调整响应级别，Ⅲ级降低为Ⅳ级响应 (ending
    /// with the level's 响应, as an activation does: a delegation said after it, （受市指挥部指挥长委托）, reads beside the level);
    /// 调整为Ⅲ级响应 when the level before it is not known (an adjustment refused with no level in force).
    /// </summary>
    public static string Adjusted(ResponseLevel? from, ResponseLevel to) => from switch
    {
        { } f when to > f => $"调整响应级别，{Names.Chinese(f)}提高为{Names.Chinese(to)}响应",
        { } f when to < f => $"调整响应级别，{Names.Chinese(f)}降低为{Names.Chinese(to)}响应",
        _ => $"调整为{Names.Chinese(to)}响应",
    };

    /// <summary>An activation (<paramref name="from"/> null) or an adjustment from <paramref name="from"/>.</summary>
    public static string Decided(ResponseLevel? from, ResponseLevel to, bool adjusted) => adjusted ? Adjusted(from, to) : Activated(to);
}
