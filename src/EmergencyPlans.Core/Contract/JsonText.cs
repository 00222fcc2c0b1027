using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace EmergencyPlans.Core.Contract;

/// <summary>How the service writes text into JSON, wherever it writes it (API answers, feed answers, stored events).</summary>
public static class JsonText
{
    /// <summary>
    /// Chinese (plan words, counties, document numbers) written as itself rather than as <c>\uXXXX</c> escapes: readable by
    /// people and integrators, and half the bytes. Characters that JSON or HTML needs escaped still are.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);
}
