namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>One query parameter a list filters on, as the API document describes it.</summary>
public sealed record FilterParameter(string Name, FilterValueKind Kind, IReadOnlyCollection<string>? AllowedValues, bool Repeats);
