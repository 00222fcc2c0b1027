using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>The Markdown report keeps its tables whole whatever the script's free text holds.</summary>
public sealed class MarkdownReportTests
{
    /// <summary>The cells of a GFM table row: a backslash escapes the next character, an unescaped pipe ends a cell.</summary>
    private static int Cells(string row)
    {
        var cells = 0;
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] == '\\')
            {
                i++;
            }
            else if (row[i] == '|')
            {
                cells++;
            }
        }

        return cells - 1;
    }

    [Fact]
    public async Task FreeTextWithPipesBackslashesAndLineBreaks_StaysInItsCell()
    {
        // A facilitator's text may name a road section "K12\|K15" or carry a Windows line break; neither may split the timeline row.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: """
              - at: "00:15"
                kind: message
                text: 普通消息
              - at: "00:20"
                kind: message
                text: "路段 K12\\|K15 与 A|B\r\n第二行\r第三行"
            """));

        var lines = DrillReportMarkdown.Render(report).Split('\n');
        var plain = lines.Single(l => l.StartsWith("| +00:15 |", StringComparison.Ordinal) && l.Contains("普通消息", StringComparison.Ordinal));
        var odd = lines.Single(l => l.StartsWith("| +00:20 |", StringComparison.Ordinal) && l.Contains("路段", StringComparison.Ordinal));

        Cells(odd).Should().Be(Cells(plain));
        odd.Should().Contain(@"路段 K12\\\|K15 与 A\|B 第二行 第三行");
    }
}
