using System.Text.Json;
using System.Text.Json.Serialization;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Application.Incidents;

#pragma warning disable CA1002, CA2227 // The projection document, bound by System.Text.Json.

/// <summary>
/// The current projection of an incident: what GET /incidents/{id} shows. Rebuilt by each change and
/// stored beside the append-only event log; the lifecycles' states live here as snapshots.
/// </summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public string PlanId { get; set; } = "";
    public string PlanDocumentNumber { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string County { get; set; } = "";
    public string Nature { get; set; } = "";
    public ReporterDto Reporter { get; set; } = new();
    public bool Drill { get; set; }

    /// <summary>The figures as last reported (continuations merge into it).</summary>
    public AssessmentRequest Report { get; set; } = new();
    public AssessmentResponse? Assessment { get; set; }
    public EscalationDto? Escalation { get; set; }
    public IncidentSnapshot Incident { get; set; } = null!;
    public ResponseSnapshot Response { get; set; } = ResponseSnapshot.Initial;
    public List<ObligationRecord> Obligations { get; set; } = [];
    public List<WarningRecord> Warnings { get; set; } = [];
    public List<TimelineEntry> Timeline { get; set; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static IncidentRecord FromJson(string json) =>
        JsonSerializer.Deserialize<IncidentRecord>(json, Json) ?? throw new InvalidOperationException("empty incident projection");
}

public sealed class ReporterDto
{
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string? Phone { get; set; }
}

/// <summary>One reporting obligation and its clock. Untimed ones (及时, 立即) have no clock.</summary>
public sealed class ObligationRecord
{
    /// <summary>Unique within the incident: the code, with #n for repeated continuation reports.</summary>
    public string Key { get; set; } = "";
    public string Code { get; set; } = "";
    public string To { get; set; } = "";
    public string Clause { get; set; } = "";
    public string Words { get; set; } = "";
    public string Timing { get; set; } = "fixed";
    public string? Every { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public ObligationSnapshot? Clock { get; set; }
    public DateTimeOffset? MetAt { get; set; }
    public string? MetBy { get; set; }
    public string? Note { get; set; }
    public bool Cancelled { get; set; }
}

public sealed class WarningRecord
{
    public Guid Id { get; set; }
    public WarningSnapshot Snapshot { get; set; } = null!;
}

/// <summary>What happened, who did it, and which rule applied.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Type, string Actor, string Summary, string? Rule);

/// <summary>A continuation raised the grade or level: a recommendation, for a human with the authority to act on.</summary>
public sealed record EscalationDto(
    DateTimeOffset At,
    string? FromGrade,
    string? ToGrade,
    string? FromLevel,
    string? ToLevel,
    string Recommendation,
    IReadOnlyList<ReasonDto> Because,
    AuthorityDto? ActivatedBy);
#pragma warning restore CA1002, CA2227
