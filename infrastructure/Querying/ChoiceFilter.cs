using Proxbox.Api.Infrastructure.Choices;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Choice columns: exact and <c>__n</c> validate the value; the text lookups are free text.</summary>
public sealed class ChoiceFilter(string name, IEnumerable<Choice> choices, string? column = null) : TextFilter(name, column)
{
    private readonly string[] _ordered = choices.Select(c => c.Value).ToArray();
    private HashSet<string> Values => field ??= _ordered.ToHashSet(StringComparer.Ordinal);

    public override IReadOnlyCollection<string>? AllowedValues => _ordered;

    protected override bool IsValid(string value) => Values.Contains(value);
}
