namespace EmergencyPlans.Application.Common;

/// <summary>
/// A validation failure's <c>CustomState</c> when its path ends in a name the client wrote (an unknown figure such as <c>Deaths</c>):
/// a host that recases member paths (<c>Figures</c> → <c>figures</c>) gives that name back as written, not recased into a field the
/// client did not send. The name may hold dots; it is the path's end.
/// </summary>
public sealed record SentName(string Name);
