namespace EmergencyPlans.Core.Plans;

/// <summary>
/// The check every entry giving a plan's own word for something shares (<c>figureLabels</c> 失踪, <c>roleNames</c> 市安委办主任,
/// <c>gradeTerm</c> 突发事件等级): the word, the clause and the words quoting it are all there, and the words say the word, so that it
/// is the plan's and not ours, unless the entry may give a reading of why it is ours.
/// </summary>
internal static class QuotedWord
{
    /// <summary>The word, trimmed; null when the entry does not hold together (each problem reported).</summary>
    /// <param name="rule">Where the entry is (<c>roleNames.office-director</c>).</param>
    /// <param name="field">The field that holds the word (<c>name</c>, <c>label</c>, <c>term</c>).</param>
    /// <param name="word">The word.</param>
    /// <param name="clause">Where the plan uses it.</param>
    /// <param name="words">The plan's words quoted.</param>
    /// <param name="reading">Why the word is ours where the words do not say it; null where the entry may not give one.</param>
    /// <param name="readingAllowed">Whether the entry may give a reading instead of words that say the word.</param>
    /// <param name="kind">What the word is, in English and in Chinese (<c>("name", "名称")</c>), as the problem says it.</param>
    /// <param name="problem">Reports a problem: rule, English text, Chinese text.</param>
    internal static string? Check(string rule, string field, string? word, string? clause, string? words, string? reading, bool readingAllowed,
        (string English, string Chinese) kind, Action<string, string, string> problem)
    {
        var complete = true;
        foreach (var (value, name) in new[] { (word, field), (clause, "clause"), (words, "words") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problem($"{rule}.{name}", "is missing", $"缺少 “{name}”");
                complete = false;
            }
        }

        if (!complete)
        {
            return null;
        }

        var trimmed = word!.Trim();
        if (words!.Contains(trimmed, StringComparison.Ordinal) || (readingAllowed && !string.IsNullOrWhiteSpace(reading)))
        {
            return trimmed;
        }

        problem(rule,
            $"the words quoted do not contain the {kind.English} '{trimmed}': quote the plan's words that use it"
            + (readingAllowed ? $", or say in 'reading' why the {kind.English} is not the plan's own" : ""),
            $"“words” 中没有 “{trimmed}”：请引用预案中使用该{kind.Chinese}的原文" + (readingAllowed ? $"，或在 “reading” 中说明该{kind.Chinese}的来由" : ""));
        return null;
    }
}
