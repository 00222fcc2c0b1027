using System.Security.Cryptography;
using System.Text;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// The report names the script it ran by the SHA-256 of its text's UTF-8 bytes: what <c>sha256sum</c> gives for the file an evaluator
/// holds. The hash is taken a piece at a time (a million-inject script is a hundred megabytes), so the pieces' seams must not change it:
/// Chinese text, characters beyond the Basic Multilingual Plane (a surrogate pair split across a seam) and scripts of every length around a
/// piece.
/// </summary>
public sealed class ScriptHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5_000)]
    [InlineData(5_461)]
    [InlineData(5_462)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(16_385)]
    [InlineData(100_000)]
    public void The_hash_is_the_sha256_of_the_texts_utf8_bytes_whatever_its_length(int length)
    {
        // ASCII, 3-byte Chinese and 4-byte characters (a surrogate pair each) in a rhythm that puts each kind across the seams somewhere.
        const string pattern = "a张三𠀀b：预警🚒\n";
        var text = string.Concat(Enumerable.Repeat(pattern, length / pattern.Length + 1))[..length];
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text = text[..^1];
        }

        DrillRunner.Hash(text).Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void A_sample_drill_is_named_by_the_sha256_of_its_file()
    {
        var file = Path.Combine(Support.Paths.Repository, "plans", "drills", "road-hazmat-fog.yaml");

        DrillRunner.Hash(File.ReadAllText(file, Encoding.UTF8)).Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
    }
}
