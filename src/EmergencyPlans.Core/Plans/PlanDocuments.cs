using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Plans;

// The plan files as written: every member nullable so the validator, not the parser, names what is missing.
// Unknown members are refused by the parser (JsonUnmappedMemberHandling.Disallow) so a misspelt key is an error.
#pragma warning disable CA1002, CA2227 // DTOs bound by System.Text.Json.

internal sealed class PlanDocument
{
    [JsonPropertyName("$schema")] public string? Schema { get; set; }
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Issued { get; set; }
    public DateTimeOffset? ValidFrom { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public string? Replaces { get; set; }
    public string? Owner { get; set; }
    public int? ReviewEveryYears { get; set; }
    public ClauseWordsDocument? Review { get; set; }
    public string? Source { get; set; }
    public string? Reading { get; set; }
    public GradeTableDocument? Grade { get; set; }
    public ResponseDocument? Response { get; set; }
    public List<CommandDocument>? Command { get; set; }
    public List<LeadPlanDocument>? LeadPlans { get; set; }
    public List<ObligationDocument>? Obligations { get; set; }
    public List<WorkGroupDocument>? WorkGroups { get; set; }
    public string? WorkGroupsNote { get; set; }
    public WarningsDocument? Warnings { get; set; }
    public FeedIntakeDocument? FeedIntake { get; set; }
    public List<FigureLabelDocument>? FigureLabels { get; set; }
    public List<RoleNameDocument>? RoleNames { get; set; }
    public GradeTermDocument? GradeTerm { get; set; }
    public List<PublicationDocument>? Publications { get; set; }
    public PreparationDocument? Preparation { get; set; }
    public List<JudgementPromptDocument>? JudgementPrompts { get; set; }
}

internal sealed class JudgementPromptDocument
{
    public string? Judgement { get; set; }
    public ConditionDocument? When { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
}

internal sealed class PreparationDocument
{
    public string? Clause { get; set; }
    public string? Judgement { get; set; }
    public string? By { get; set; }
    public string? Words { get; set; }
    public List<ClauseWordsDocument>? Measures { get; set; }
}

internal sealed class PublicationDocument
{
    public string? Code { get; set; }
    public string? By { get; set; }
    public string? Start { get; set; }
    public string? After { get; set; }
    public string? Timing { get; set; }
    public string? Until { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class GradeTableDocument
{
    public string? Provenance { get; set; }
    public UnknownFateDocument? UnknownFate { get; set; }
    public List<RuleDocument>? Rules { get; set; }
}

internal sealed class UnknownFateDocument
{
    public string? Figure { get; set; }
    public string? CountsAs { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
}

internal sealed class ResponseDocument
{
    public List<LevelDocument>? Levels { get; set; }
    public ClauseWordsDocument? NoResponse { get; set; }
    public TerminationDocument? TerminatedBy { get; set; }
    public List<OrganDocument>? Organs { get; set; }
    public AdjustmentDocument? Adjustment { get; set; }
    public ProposalDocument? Proposal { get; set; }
    public List<RaiseSuggestionDocument>? RaiseSuggestions { get; set; }
    public List<MeasureDocument>? Measures { get; set; }
    public string? MeasuresNote { get; set; }
    public List<MeasureIncludeDocument>? MeasuresInclude { get; set; }
    public List<RuleDocument>? Rules { get; set; }
}

internal sealed class TerminationDocument
{
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Principle { get; set; }
    public List<string>? Conditions { get; set; }
    public string? Afterwards { get; set; }
    public TerminationProposalDocument? Proposal { get; set; }
    public bool? ByTheLevelsAuthority { get; set; }
}

internal sealed class TerminationProposalDocument
{
    public List<string>? By { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class OrganDocument
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<string>? Ranks { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
}

internal sealed class ProposalDocument
{
    public List<string>? By { get; set; }
    public List<ProposalLevelDocument>? Levels { get; set; }
}

internal sealed class ProposalLevelDocument
{
    public string? Level { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class AdjustmentDocument
{
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? By { get; set; }
}

internal sealed class MeasureDocument
{
    public string? Level { get; set; }
    public string? Clause { get; set; }
    public List<string>? Lead { get; set; }
    public List<string>? With { get; set; }
    public string? LeadWords { get; set; }
    public string? Words { get; set; }
}

internal sealed class MeasureIncludeDocument
{
    public string? Level { get; set; }
    public string? Includes { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class RaiseSuggestionDocument
{
    public string? Id { get; set; }
    public string? Judgement { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public bool? Direct { get; set; }
}

internal sealed class ClauseWordsDocument
{
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class LevelDocument
{
    public string? Level { get; set; }
    public List<string>? ActivatedBy { get; set; }
    public List<string>? DelegationRequired { get; set; }
    public string? Authority { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class RuleDocument
{
    public string? Id { get; set; }
    public string? Grade { get; set; }
    public string? Level { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public List<string>? Quantity { get; set; }
    public decimal? AtLeast { get; set; }
    public decimal? Below { get; set; }
    public string? When { get; set; }
    public string? ShareOf { get; set; }
    public string? GradeAtLeast { get; set; }
    public string? Judgement { get; set; }
    public bool? Decision { get; set; }
    public CountiesDocument? Counties { get; set; }
    public string? Pollution { get; set; }
}

internal sealed class CountiesDocument
{
    public int? AtLeast { get; set; }
    public bool? Adjacent { get; set; }
}

internal sealed class LeadPlanDocument
{
    public string? When { get; set; }
    public string? AskedWhen { get; set; }
    public string? Plan { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class CommandDocument
{
    public string? Scope { get; set; }
    public List<string>? Levels { get; set; }
    public string? CommandedBy { get; set; }
    public string? CoordinatedBy { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class ObligationDocument
{
    public string? Code { get; set; }
    public string? Reporter { get; set; }
    public string? To { get; set; }
    public string? Act { get; set; }
    public string? Start { get; set; }
    public string? After { get; set; }
    public string? OrderedBy { get; set; }
    public string? WarningColour { get; set; }
    public string? ProposedLevel { get; set; }
    public string? MetBy { get; set; }
    public string? Timing { get; set; }
    public string? Due { get; set; }
    public string? Every { get; set; }
    public string? Until { get; set; }
    public string? SpecialEvery { get; set; }
    public bool? RunsFromReport { get; set; }
    public ConditionDocument? When { get; set; }
    public List<string>? SupersededBy { get; set; }
    public List<string>? OnlyWhenActivatedBy { get; set; }
    public bool? OutsideCommand { get; set; }
    public string? EachCounty { get; set; }
    public CalendarDocument? Calendar { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidUntil { get; set; }
    public string? Source { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}

internal sealed class CalendarDocument
{
    public string? Every { get; set; }
    public string? From { get; set; }
    public string? By { get; set; }
}

internal sealed class ConditionDocument
{
    public RangeDocument? ReportingGrade { get; set; }
    public RangeDocument? Grade { get; set; }
    public RangeDocument? DeclaredGrade { get; set; }
    public RangeDocument? Level { get; set; }
    public RangeDocument? ActivatedLevel { get; set; }
    public string? Fact { get; set; }
    public string? Judgement { get; set; }
    public List<string>? Quantity { get; set; }
    public decimal? AtLeast { get; set; }
    public string? AnyCounty { get; set; }
    public List<ConditionDocument>? Any { get; set; }
    public List<ConditionDocument>? All { get; set; }
}

internal sealed class RangeDocument
{
    public string? AtLeast { get; set; }
    public string? Below { get; set; }
}

internal sealed class WorkGroupDocument
{
    public string? Name { get; set; }
    public List<string>? Aliases { get; set; }
    public string? Clause { get; set; }
    public List<string>? Lead { get; set; }
    public List<string>? Members { get; set; }
    public string? Duties { get; set; }
    public List<string>? Levels { get; set; }
    public List<string>? MandatoryLevels { get; set; }
}

internal sealed class WarningsDocument
{
    public string? Input { get; set; }
    public string? LevelsNote { get; set; }
    public List<WarningColourDocument>? Colours { get; set; }
    public UngradedWarningDocument? Ungraded { get; set; }
    public ClauseWordsDocument? Content { get; set; }
    public ClauseWordsDocument? UpdatedBy { get; set; }
    public ClauseWordsDocument? ReportUp { get; set; }
    public ClauseWordsDocument? ReportedTo { get; set; }
    public ClauseWordsDocument? LiftedBy { get; set; }
}

internal sealed class UngradedWarningDocument
{
    public string? ProposedBy { get; set; }
    public ClauseWordsDocument? Proposal { get; set; }
    public string? ApprovedBy { get; set; }
    public List<string>? ApproverRoles { get; set; }
    public string? ApproverReading { get; set; }
    public string? IssuedBy { get; set; }
    public string? IssuerRole { get; set; }
    public string? ApprovalClause { get; set; }
    public string? ApprovalWords { get; set; }
}

internal sealed class WarningColourDocument
{
    public string? Colour { get; set; }
    public string? Clause { get; set; }
    public string? ApprovedBy { get; set; }
    public List<string>? ApproverRoles { get; set; }
    public string? ApproverReading { get; set; }
    public string? IssuedBy { get; set; }
    public string? IssuerRole { get; set; }
    public string? ApprovalClause { get; set; }
    public string? ApprovalWords { get; set; }
    public List<string>? AlsoRequired { get; set; }
    public List<WarningRuleDocument>? Rules { get; set; }
}

internal sealed class WarningRuleDocument
{
    public string? Id { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? WeatherWarning { get; set; }
    public decimal? VisibilityAtMost { get; set; }
    public List<string>? VisibilityCauses { get; set; }
    public int? WindForceAtLeast { get; set; }
    public int? TownshipsAtLeast { get; set; }
    public decimal? RepairHoursAtLeast { get; set; }
    public string? Fact { get; set; }
    public string? Judgement { get; set; }
}

internal sealed class CityDocument
{
    [JsonPropertyName("$schema")] public string? Schema { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<CountyDocument>? Counties { get; set; }
    public string? AdjacencySource { get; set; }
    public SourcedFigureDocument? AgriculturalPopulation { get; set; }
}

internal sealed class CountyDocument
{
    public string? Name { get; set; }
    public List<string>? Adjacent { get; set; }
    public string? Note { get; set; }
}

internal sealed class SourcedFigureDocument
{
    public decimal? Value { get; set; }
    public string? Source { get; set; }
    public bool? Provisional { get; set; }
}
#pragma warning restore CA1002, CA2227
