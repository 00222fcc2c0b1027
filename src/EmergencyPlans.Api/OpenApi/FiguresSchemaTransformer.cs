using System.Globalization;
using System.Text.Json.Nodes;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmergencyPlans.Api.OpenApi;

/// <summary>
/// Describes the <c>figures</c> object from <see cref="FigureCatalog"/>. <see cref="FiguresDto"/> is read by a
/// converter, so the generator sees no properties; this lists each figure with its type, unit, limits and
/// Chinese label, and refuses other names, as the validator does.
/// </summary>
public sealed class FiguresSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type != typeof(FiguresDto))
        {
            return Task.CompletedTask;
        }

        schema.Type = JsonSchemaType.Object;
        schema.Description = "Figures of the report. Omitted or null counts and amounts are unknown (never zero); omitted facts are false.";
        schema.AdditionalPropertiesAllowed = false;
        schema.Properties = FigureCatalog.All.ToDictionary(f => f.Name, Describe, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    private static IOpenApiSchema Describe(FigureDefinition figure)
    {
        var description = figure.Label + (figure.Unit is { } unit ? $" ({unit})" : "") + (figure.InCasualtyCount ? "; a change owes an immediate continuation report" : "");
        var schema = new OpenApiSchema { Description = description };
        switch (figure.Kind)
        {
            case FigureKind.Count:
                schema.Type = JsonSchemaType.Integer | JsonSchemaType.Null;
                schema.Format = "int64";
                break;
            case FigureKind.AmountWan:
                schema.Type = JsonSchemaType.Number | JsonSchemaType.Null;
                schema.Format = "decimal";
                break;
            case FigureKind.Fact:
                schema.Type = JsonSchemaType.Boolean | JsonSchemaType.Null;
                break;
            case FigureKind.Pollution:
                schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
                schema.Enum = Enum.GetValues<Pollution>().Select(p => (JsonNode)JsonValue.Create(Names.Of(p))).ToList();
                break;
            case FigureKind.DeclaredGrade:
                schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
                schema.Enum = Enum.GetValues<Grade>().Select(g => (JsonNode)JsonValue.Create(Names.Of(g))).ToList();
                break;
            case FigureKind.Counties:
                schema.Type = JsonSchemaType.Array | JsonSchemaType.Null;
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                schema.UniqueItems = true;
                break;
        }

        if (figure.IsQuantity)
        {
            schema.Minimum = "0";
            schema.Maximum = figure.Max!.Value.ToString(CultureInfo.InvariantCulture);
        }

        return schema;
    }
}
