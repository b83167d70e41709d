using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

public static class PythonType
{
    /// <summary>The Python type name DRF puts in its messages for a JSON value.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "dict",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "NoneType",
    };
}
