namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>A tag as other objects show it (NetBox's NestedTagSerializer).</summary>
public sealed record NestedTag(long Id, string Url, string Display, string Name, string Slug, string Color);
