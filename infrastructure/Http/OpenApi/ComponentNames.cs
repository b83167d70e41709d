using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// The component names of a resource's schemas, after NetBox's own document (<c>Tag</c>, <c>BriefTag</c>,
/// <c>PaginatedTagList</c>, <c>TagRequest</c>, <c>PatchedTagRequest</c>), plus the bulk update item forms.
/// </summary>
public static class ComponentNames
{
    public const string BulkDeleteItem = "BulkDeleteRequest";

    public static string Full(IResource resource) => resource.Identity.ModelName;

    public static string Brief(IResource resource) => "Brief" + resource.Identity.ModelName;

    public static string Paginated(IResource resource) => $"Paginated{resource.Identity.ModelName}List";

    public static string Request(IResource resource) => resource.Identity.ModelName + "Request";

    public static string PatchedRequest(IResource resource) => $"Patched{resource.Identity.ModelName}Request";

    public static string BulkRequest(IResource resource) => $"Bulk{resource.Identity.ModelName}Request";

    public static string PatchedBulkRequest(IResource resource) => $"PatchedBulk{resource.Identity.ModelName}Request";

    /// <summary>The object a create answers with when it reveals a key once (<see cref="CreateBody.Revealed"/>).</summary>
    public static string Created(IResource resource) => resource.Identity.ModelName + "Created";
}
