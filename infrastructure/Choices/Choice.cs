namespace Proxbox.Api.Infrastructure.Choices;

/// <summary>A choice: one value and its label, as NetBox's ChoiceSets define them.</summary>
public sealed record Choice(string Value, string Label);
