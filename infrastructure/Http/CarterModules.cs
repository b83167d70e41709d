using System.Reflection;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// Carter's module contract, written here because no usable Carter package restores (see README, Dependencies):
/// a module is a route table with no state and no constructor dependencies, found by an assembly scan.
/// The names match Carter's so that moving to the package is a change of <c>using</c>.
/// </summary>
public interface ICarterModule
{
    void AddRoutes(IEndpointRouteBuilder app);
}

public static class CarterModuleExtensions
{
    private static readonly Type[] Modules = typeof(ICarterModule).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICarterModule).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    public static IServiceCollection AddCarter(this IServiceCollection services)
    {
        foreach (var module in Modules)
        {
            if (module.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException($"{module.Name} must have a parameterless constructor: modules are route tables.");
            }
        }

        return services;
    }

    public static IEndpointRouteBuilder MapCarter(this IEndpointRouteBuilder app)
    {
        foreach (var module in Modules)
        {
            ((ICarterModule)Activator.CreateInstance(module)!).AddRoutes(app);
        }

        return app;
    }
}
