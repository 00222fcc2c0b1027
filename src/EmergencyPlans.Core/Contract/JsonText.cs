using System.Text.Encodings.Web;

namespace EmergencyPlans.Core.Contract;

/// <summary>How the service writes text into JSON, wherever it writes it (API answers, feed answers, the CLI's output, stored events).</summary>
public static class JsonText
{
    /// <summary>
    /// Text written as itself: Chinese (plan words, counties, document numbers) rather than <c>\uXXXX</c> escapes, readable by people
    /// and integrators and half the bytes; and <c>'</c>, <c>&amp;</c>, <c>+</c>, <c>&lt;</c>, <c>&gt;</c> plain, a quote inside a string as
    /// <c>\"</c>. Only what JSON itself needs escaped is (the quote, the backslash, control characters). The one setting of the API's
    /// answers (<c>ConfigureHttpJsonOptions</c>), the feed's answers over HTTP and on the command line (<c>FeedAnswer.Json</c>) and every
    /// other JSON the CLI prints. Until 2026-12-07 it was <c>JavaScriptEncoder.Create(UnicodeRanges.All)</c>, which still escapes the
    /// characters HTML treats specially: <c>feed ingest</c> printed <c>the record\u0027s incident</c> and <c>{\u0022eventId\u0022: …}</c>
    /// (valid JSON, unreadable in a terminal; a duty officer's review, session 54). Nothing the service writes as JSON is put into HTML
    /// unescaped: the drill report's HTML encodes its own text, and every answer is <c>application/json</c>.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
