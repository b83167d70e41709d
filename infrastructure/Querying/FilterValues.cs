namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>The null sentinel and value parsing shared by the kinds.</summary>
internal static class FilterValues
{
    public const string Null = "null";

    public static bool IsNull(string value) => value == Null;

    public static string? ParseEmpty(IReadOnlyList<string> values, out bool empty)
    {
        empty = false;
        var last = values[^1];
        if (BoolValue.TryParse(last, out empty))
        {
            return null;
        }

        return $"Select a valid choice. {last} is not one of the available choices.";
    }

    /// <summary>Escapes LIKE metacharacters so <c>%</c> and <c>_</c> in a value match themselves.</summary>
    public static string Like(string value) => value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
