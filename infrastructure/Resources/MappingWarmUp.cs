namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>Compiles the row mappings in the background while the service starts (see <see cref="ResourceRegistry.WarmMappings"/>).</summary>
public sealed class MappingWarmUp(ILogger<MappingWarmUp> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            ResourceRegistry.WarmMappings();
        }
        catch (AggregateException error)
        {
            // A mapping that does not compile fails every request of its resource; say which, once, at start-up.
            log.LogError(error.Flatten(), "A resource's row mapping does not compile");
        }
    }, stoppingToken);
}
