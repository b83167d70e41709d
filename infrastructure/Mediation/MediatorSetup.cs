using System.Reflection;
using MediatR;

namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>
/// MediatR 5.1.0 wired by hand (its DI package does not restore here): every handler and pipeline behaviour in
/// this assembly is registered by a scan. Generic handlers over a resource are closed per resource by the
/// resource registry, since the container cannot infer them from an open generic request type.
/// </summary>
public static class MediatorSetup
{
    public static IServiceCollection AddMediatorByScan(this IServiceCollection services, Assembly assembly)
    {
        services.AddScoped<IMediator>(sp => new Mediator(sp.GetService!));

        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) && !type.IsGenericTypeDefinition)
                {
                    services.AddTransient(contract, type);
                }
                else if (definition == typeof(IPipelineBehavior<,>) && type.IsGenericTypeDefinition)
                {
                    services.AddTransient(typeof(IPipelineBehavior<,>), type);
                }
            }
        }

        return services;
    }
}
