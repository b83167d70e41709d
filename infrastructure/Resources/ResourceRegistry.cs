using Mapster;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// Every resource declaration of the service, found once by an assembly scan. Declarations are immutable and have
/// parameterless constructors, like route modules, so questions about all of them (object types, secret columns)
/// need no container. Their row mappings are compiled here, together, at start-up.
/// </summary>
public static class ResourceRegistry
{
    private static readonly Lazy<IReadOnlyList<IResource>> All = new(Discover);

    public static IReadOnlyList<IResource> Declarations => All.Value;

    /// <summary>Every object type a permission can name (<c>extras.tag</c>, <c>netbox_proxbox.proxmoxendpoint</c>, …).</summary>
    public static IReadOnlySet<string> ObjectTypes => Declarations.Select(r => r.Identity.ObjectType).ToHashSet(StringComparer.Ordinal);

    public static IServiceCollection AddResources(this IServiceCollection services)
    {
        foreach (var resource in Declarations)
        {
            services.AddSingleton(resource.GetType(), resource);
            services.AddSingleton(resource);
        }

        return services;
    }

    private static IReadOnlyList<IResource> Discover()
    {
        var resources = typeof(ResourceRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IResource).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IResource)Activator.CreateInstance(t)!)
            .ToList();

        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true };
        // The conversions every tagged object shares: its tags column and its custom fields.
        config.NewConfig<string, IReadOnlyList<NestedTag>>().MapWith(tags => Tagging.Read(tags, ReadContext.Current.Urls));
        config.NewConfig<string, RawJson>().MapWith(json => RawJson.From(json));
        foreach (var resource in resources.Cast<IMappedResource>())
        {
            resource.Configure(config);
        }

        foreach (var resource in resources)
        {
            ((IMappedResource)resource).Compile(config);
            _ = resource.Statements; // generated now, so a declaration mistake stops start-up rather than a request
        }

        return resources;
    }
}
