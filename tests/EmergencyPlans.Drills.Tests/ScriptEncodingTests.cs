using System.Text;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Scripts are UTF-8. One saved in GBK (the "ANSI" of a Chinese Windows) was read as UTF-8 and ran with every Chinese name and text
/// turned into U+FFFD, without a word: it is refused naming the line and byte where it stops being UTF-8. A UTF-8 BOM is fine.
/// </summary>
public sealed class ScriptEncodingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-encoding-").FullName;

    static ScriptEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Encoding Gbk => Encoding.GetEncoding("GBK");

    /// <summary>A valid road drill whose first non-ASCII text is the duty officer's name, 张三, on line 7 after "    name: " (10 bytes).</summary>
    private static string Script()
    {
        var yaml = Support.Drills.Road("", """
              - id: E1
                kind: duty-met
                duty: phone-report-to-city
            """).Replace("title: 测试演练", "title: encoding test", StringComparison.Ordinal).Replace("值班员甲", "张三", StringComparison.Ordinal);
        yaml.Split('\n')[6].Should().Be("    name: 张三", "the test's premise");
        yaml[..yaml.IndexOf("张三", StringComparison.Ordinal)].Should().MatchRegex("^[\\x00-\\x7F]*$", "nothing before it is beyond ASCII");
        return yaml;
    }

    [Fact]
    public void Gbk_TheBytesOfZhangSan_AreD5C5C8FD_NotUtf8()
    {
        Gbk.GetBytes("张三").Should().Equal(0xD5, 0xC5, 0xC8, 0xFD);
        Encoding.UTF8.GetBytes("张三").Should().Equal(0xE5, 0xBC, 0xA0, 0xE4, 0xB8, 0x89);
    }

    [Fact]
    public void Decode_AGbkScript_IsRefusedNamingTheLineAndByteWhereItStopsBeingUtf8_InChinese()
    {
        var bytes = Gbk.GetBytes(Script());
        var offset = Array.IndexOf(bytes, (byte)0xD5);

        var act = () => DrillScriptText.Decode(bytes, "gbk.yaml");

        var problem = act.Should().Throw<DrillScriptException>().Which.Problems.Should().ContainSingle().Subject;
        problem.File.Should().Be("gbk.yaml");
        problem.Line.Should().Be(7);
        problem.Message.Should().Contain("第 7 行第 11 个字节起不是 UTF-8 编码")
            .And.Contain($"文件第 {offset + 1} 字节：D5 C5 C8 FD")
            .And.Contain("GBK").And.Contain("另存为 UTF-8");
        problem.ToString().Should().StartWith("gbk.yaml:7: ");
    }

    [Fact]
    public void Decode_Utf8WithOrWithoutABom_IsTheSameText_AndTheScriptReadsWithItsNames()
    {
        var yaml = Script();
        var plain = Encoding.UTF8.GetBytes(yaml);
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. plain];

        var text = DrillScriptText.Decode(withBom, "bom.yaml");

        text.Should().Be(yaml, "the BOM is dropped");
        DrillScriptText.Decode(plain, "plain.yaml").Should().Be(yaml);
        Support.Drills.Runner.Read(text, "bom.yaml").Participants.Should().Contain(p => p.Name == "张三");
    }

    [Fact]
    public void Decode_AfterABom_TheByteCountedIsTheFilesOwn()
    {
        // "a: 张" in GBK after a UTF-8 BOM: the file's 7th byte is the first that is not UTF-8, line 1's 7th as well.
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'a', (byte)':', (byte)' ', 0xD5, 0xC5, (byte)'\n'];

        var act = () => DrillScriptText.Decode(bytes, "x.yaml");

        act.Should().Throw<DrillScriptException>().Which.Problems.Single().Message.Should().Contain("第 1 行第 7 个字节").And.Contain("文件第 7 字节：D5 C5 0A");
    }

    [Fact]
    public void Decode_ASequenceCutShortAtTheEnd_IsRefusedOnTheLastLine()
    {
        // The first two bytes of 张 in UTF-8 and nothing after: the file was cut mid-character.
        byte[] bytes = [(byte)'a', (byte)'\n', (byte)'b', (byte)':', (byte)' ', 0xE5, 0xBC];

        var act = () => DrillScriptText.Decode(bytes, "cut.yaml");

        act.Should().Throw<DrillScriptException>().Which.Problems.Single().Should().Match<DrillProblem>(p => p.Line == 2 && p.Message.Contains("第 2 行第 4 个字节", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_Utf16_IsRefusedSayingSo()
    {
        var act = () => DrillScriptText.Decode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Script())).ToArray(), "u16.yaml");

        act.Should().Throw<DrillScriptException>().Which.Problems.Single().Message.Should().Contain("UTF-16").And.Contain("另存为 UTF-8");
    }

    [Fact]
    public async Task Cli_DrillValidateAndRun_OnAGbkScript_Exit2NamingTheLine_AndPrintNoGarbledReport()
    {
        var path = Path.Combine(_dir, "gbk.yaml");
        await File.WriteAllBytesAsync(path, Gbk.GetBytes(Script()));

        var validate = await Processes.CliAsync(_dir, "drill", "validate", path);
        var run = await Processes.CliAsync(_dir, "drill", "run", path);

        foreach (var (exit, stdout, stderr) in new[] { validate, run })
        {
            exit.Should().Be(2, "an invalid script (docs/drills.md, exit codes): {0}", stderr);
            stderr.Should().Contain("gbk.yaml:7: 第 7 行第 11 个字节起不是 UTF-8 编码").And.Contain("另存为 UTF-8").And.Contain("脚本无效：1 个问题");
            stdout.Should().BeEmpty("no report is made of a script that was not read");
            (stdout + stderr).Should().NotContain("\uFFFD");
        }
    }

    [Fact]
    public async Task Cli_DrillValidate_OnAUtf8ScriptWithABom_Exits0()
    {
        var path = Path.Combine(_dir, "bom.yaml");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Script())]);

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "validate", path);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("bom.yaml：脚本有效");
    }
}
