using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>The writable fields every tagged NetBox object ends with.</summary>
public static class NetBoxFields
{
    public static IReadOnlyList<WriteField> TagsAndCustomFields { get; } = [Tagging.Field, new CustomFieldsField()];
}
