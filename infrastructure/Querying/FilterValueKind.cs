namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>What a filter's values are, so the API document can type each query parameter.</summary>
public enum FilterValueKind
{
    Text,
    Integer,
    Decimal,
    DateTime,
    Boolean,
}
