using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace EmergencyPlans.Drills;

/// <summary>
/// A drill script's bytes made text: scripts are UTF-8 (a UTF-8 byte order mark is allowed and dropped). A script saved in
/// another encoding, GBK above all (the "ANSI" of a Chinese Windows), is refused naming the line and byte where it stops
/// being UTF-8: read as UTF-8 its participants' names and texts would be U+FFFD, silently, and the report garbled.
/// </summary>
public static class DrillScriptText
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The text of <paramref name="bytes"/>, which must be UTF-8.</summary>
    /// <param name="bytes">The script as read from its file or a request body.</param>
    /// <param name="file">The name problems are reported under.</param>
    /// <exception cref="DrillScriptException">The script is not UTF-8: one problem naming the line and byte.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            return DecodeFrom(bytes[Utf8Bom.Length..], Utf8Bom.Length, bytes, file);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new DrillScriptException([new DrillProblem(file, 1,
                "脚本以 UTF-16 保存（文件开头是 UTF-16 字节顺序标记，记事本的“Unicode”）：演练脚本须以 UTF-8 保存，请另存为 UTF-8 后再试")]);
        }

        return DecodeFrom(bytes, 0, bytes, file);
    }

    private static string DecodeFrom(ReadOnlySpan<byte> body, int skipped, ReadOnlySpan<byte> whole, string file)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, body.Length));
        try
        {
            var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == System.Buffers.OperationStatus.Done)
            {
                return new string(chars, 0, written);
            }

            throw new DrillScriptException([NotUtf8(whole, skipped + read, file)]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The problem for a script that stops being UTF-8 at byte <paramref name="offset"/> (0-based, in the whole file).</summary>
    private static DrillProblem NotUtf8(ReadOnlySpan<byte> whole, int offset, string file)
    {
        var before = whole[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        var shown = whole.Slice(offset, Math.Min(4, whole.Length - offset)).ToArray();
        var hex = string.Join(' ', shown.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        var message = FormattableString.Invariant($"第 {line} 行第 {column} 个字节起不是 UTF-8 编码（文件第 {offset + 1} 字节：{hex}）：演练脚本须以 UTF-8 保存。")
            + "多半是在中文 Windows 上以 GBK（ANSI）保存的，中文会读成乱码：请用编辑器另存为 UTF-8（记事本：另存为 → 编码选“UTF-8”）后再试";
        return new DrillProblem(file, line, message);
    }

    /// <summary>Reads a script file (<see cref="Decode"/>).</summary>
    /// <exception cref="DrillScriptException">The file is not UTF-8.</exception>
    public static string ReadFile(string path, string file) => Decode(File.ReadAllBytes(path), file);
}
