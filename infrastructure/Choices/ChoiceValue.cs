namespace Proxbox.Api.Infrastructure.Choices;

/// <summary>How a choice reads: <c>{"value": "active", "label": "Active"}</c>.</summary>
public sealed record ChoiceValue(string Value, string Label)
{
    /// <summary>A stored choice as it reads: its value with its label, or null when empty.</summary>
    public static ChoiceValue? Of(IReadOnlyList<Choice> choices, string? value) =>
        string.IsNullOrEmpty(value) ? null : new ChoiceValue(value, choices.FirstOrDefault(c => c.Value == value)?.Label ?? "");
}
