using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Contract;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmergencyPlans.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: Bearer API keys, required request fields, and the optional
/// Idempotency-Key header on every POST.
/// </summary>
public static class ApiDocumentExtensions
{
    /// <summary>The security scheme's name in components.securitySchemes.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The header a client may send on any POST so that a retry does not act twice.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// What each request body must contain, as the validators require it (a missing one is a 400 naming it).
    /// The request types leave them nullable so that absence reaches the validator, whose message names the
    /// field, instead of failing in the JSON reader; this table tells clients which ones are required.
    /// HealthAndOpenApiTests posts an empty body to each endpoint and checks the validators name each of them.
    /// </summary>
    internal static readonly IReadOnlyDictionary<Type, string[]> RequiredProperties = new Dictionary<Type, string[]>
    {
        [typeof(AssessmentRequest)] = ["plan", "occurredAt"],
        [typeof(OpenIncidentRequest)] = ["plan", "occurredAt", "location", "nature", "reporter"],
        [typeof(LocationDto)] = ["county"],
        [typeof(ReporterDto)] = ["name"],
        [typeof(FileReportRequest)] = ["kind"],
        [typeof(ResponseDecisionRequest)] = ["level", "reason"],
        [typeof(TerminationRequest)] = ["reason"],
        [typeof(WarningRequest)] = ["action", "reason"],
        [typeof(ClockEventRequest)] = ["kind"],
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer(DescribeBearer);
        o.AddOperationTransformer(DescribeIdempotencyKey);
        o.AddSchemaTransformer(MarkRequired);
        o.AddSchemaTransformer(DescribeInstants);
        o.AddSchemaTransformer(DescribeStrings);
        o.AddSchemaTransformer<FiguresSchemaTransformer>(); // figures described from FigureCatalog
        o.AddSchemaTransformer(DescribeDutyEndings);
    });

    /// <summary>What a duty's <c>endedAs</c> may say, an interface other systems read (extended, never renamed; docs/guide.md, ADR 0003 #77).</summary>
    internal const string EndedAsDescription =
        "How an ended duty ended; null unless status is ended. "
        + "unmet: the incident closed while the duty (one without a due time: 立即续报, the office's report with its proposal) was owed and not done. "
        + "unrecorded: the incident closed while such a duty of a body outside the city command (the plan's outsideCommand: 拨打122, 事发单位报告属地县住建部门) "
        + "was owed and not recorded; the office records such a duty and does not make it, so nothing says it was never made (事件关闭时未记录). "
        + "not-needed: it no longer applied (a 续报 not yet due when the 终报 came, 灾情稳定, the end of the response, a grade that no longer calls for it, a report entered in error).";

    /// <summary>
    /// Describes <c>endedAs</c> on an incident's duty, whose values other systems act on: the record's XML documentation does not reach the
    /// document, so a client read a bare nullable string.
    /// </summary>
    private static Task DescribeDutyEndings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { Name: "endedAs" } property && property.DeclaringType == typeof(ObligationView))
        {
            schema.Description = EndedAsDescription;
        }

        return Task.CompletedTask;
    }

    /// <summary>A Bearer scheme and a document-wide requirement, so /api-docs can authorise and call.</summary>
    private static Task DescribeBearer(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "EmergencyPlans";
        document.Info.Description ??= "Request bodies are read strictly: a member the request does not have (a misspelt one), a member named twice, "
                                      + "a value of the wrong JSON type or a count sent as a string is refused with 400, an RFC 9457 problem whose "
                                      + "errors name the field. Nothing of a refused request is stored.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key issued to a role (Authorization: Bearer <key>). Every endpoint but the probes and this document needs one.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Documents the header on every POST, whatever endpoint group it is in, so none can be missed.
    /// The behaviour itself lives with the handlers.
    /// </summary>
    private static Task DescribeIdempotencyKey(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Description.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase)
            || context.Description.ActionDescriptor.EndpointMetadata.OfType<Endpoints.FeedEndpoints.TakesNoIdempotencyKey>().Any())
        {
            return Task.CompletedTask;
        }

        // Endpoints bind the header ([FromHeader]); describe that parameter rather than adding a second one.
        operation.Parameters ??= [];
        foreach (var bound in operation.Parameters.Where(p => p.In == ParameterLocation.Header && p.Name == IdempotencyKeyHeader).ToArray())
        {
            operation.Parameters.Remove(bound);
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeyHeader,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Optional; at most one effect per key. A retry with the same key and the same body replays the first response " +
                          "(status, body, ETag) and changes nothing; the same key with a different body is refused with 422.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The city-offset converter (AddHttpJson) hides DateTimeOffset's type from the schema generator, which then
    /// writes only the format; say it is an ISO 8601 string again, and in which offset it is written.
    /// </summary>
    private static Task DescribeInstants(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
        {
            schema.Type = type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
            schema.Description ??= "ISO 8601; written by the API in the city's offset, +08:00.";
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The service's string converter (text without control characters, AddHttpJson) hides string's type from the schema generator as the
    /// city-offset converter hides DateTimeOffset's: 277 members of the document were typed <c>{}</c>, which a generated client reads as
    /// any value (an operations review, session 53: <c>incidentUrl</c>, <c>dispatchId</c>). A string member is a string again, nullable
    /// where its C# type is; so are the numbers read by the service's own converters.
    /// </summary>
    private static Task DescribeStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is not null || schema.Enum is { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string))
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: false } ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        }
        else if (Nullable.GetUnderlyingType(type) is { } inner && (inner == typeof(int) || inner == typeof(long) || inner == typeof(decimal)))
        {
            // The road observations read by whole-number converters (windForce 8 or 8.0): a number, or null while unknown.
            schema.Type = (inner == typeof(decimal) ? JsonSchemaType.Number : JsonSchemaType.Integer) | JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }

    private static Task MarkRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (RequiredProperties.TryGetValue(context.JsonTypeInfo.Type, out var required))
        {
            schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in required)
            {
                schema.Required.Add(name);
            }
        }

        return Task.CompletedTask;
    }
}
