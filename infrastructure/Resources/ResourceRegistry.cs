using MediatR;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// Finds every <see cref="Resource{TRow,TResponse}"/> in the assembly and registers it with the shared
/// operations closed over its row and response types.
/// </summary>
public static class ResourceRegistry
{
    public static IReadOnlyList<Type> ResourceTypes { get; } = typeof(ResourceRegistry).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && ResourceBase(t) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// One instance of every resource, for questions about all of them (object types, secret columns). Resources
    /// are declarations with parameterless constructors, like modules, so this needs no container.
    /// </summary>
    public static IReadOnlyList<IResource> Declarations { get; } = ResourceTypes.Select(t => (IResource)Activator.CreateInstance(t)!).ToList();

    /// <summary>Every object type a permission can name (<c>extras.tag</c>, <c>netbox_proxbox.proxmoxendpoint</c>, …).</summary>
    public static IReadOnlySet<string> ObjectTypes { get; } = Declarations.Select(r => r.Info.ObjectType).ToHashSet(StringComparer.Ordinal);

    public static IServiceCollection AddResources(this IServiceCollection services)
    {
        services.AddSingleton<ResourceReader>();
        services.AddSingleton<ResourceWriter>();
        foreach (var type in ResourceTypes)
        {
            var resourceBase = ResourceBase(type)!;
            var args = resourceBase.GetGenericArguments();
            services.AddSingleton(type);
            services.AddSingleton(resourceBase, sp => sp.GetRequiredService(type));
            services.AddSingleton(typeof(IResource), sp => sp.GetRequiredService(type));
            Register(services, typeof(ListObjects<,>), "Query", args);
            Register(services, typeof(GetObject<,>), "Query", args);
            Register(services, typeof(CreateObjects<,>), "Command", args);
            Register(services, typeof(UpdateObjects<,>), "Command", args);
            Register(services, typeof(DeleteObjects<,>), "Command", args);
        }

        return services;
    }

    private static void Register(IServiceCollection services, Type operation, string request, Type[] args)
    {
        var requestType = operation.GetNestedType(request)!.MakeGenericType(args);
        var handlerType = operation.GetNestedType("Handler")!.MakeGenericType(args);
        services.AddTransient(typeof(IRequestHandler<,>).MakeGenericType(requestType, typeof(Outcome)), handlerType);
    }

    private static Type? ResourceBase(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Resource<,>))
            {
                return current;
            }
        }

        return null;
    }
}
