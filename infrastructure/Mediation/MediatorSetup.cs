using System.Reflection;
using MediatR;

namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>
/// MediatR 5.1.0, wired by an assembly scan (its DI package does not restore here). Requests carry everything a
/// handler needs (the parsed query or body, the caller), so handlers and behaviours are stateless singletons and a
/// request costs no container work beyond finding them.
/// </summary>
public static class MediatorSetup
{
    public static IServiceCollection AddMediatorByScan(this IServiceCollection services, Assembly assembly)
    {
        services.AddSingleton<IMediator>(provider => new Mediator(provider.GetService!));

        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) && !type.IsGenericTypeDefinition)
                {
                    services.AddSingleton(contract, type);
                }
                else if (definition == typeof(IPipelineBehavior<,>) && type.IsGenericTypeDefinition)
                {
                    services.AddSingleton(typeof(IPipelineBehavior<,>), type);
                }
            }
        }

        return services;
    }
}
