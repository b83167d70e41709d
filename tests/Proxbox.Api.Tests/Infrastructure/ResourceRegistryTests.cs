using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class ResourceRegistryTests
{
    /// <summary>The service compiles a row mapping when a request first needs it; every one of them must compile.</summary>
    [Fact]
    public void Every_resources_row_mapping_compiles_and_says_every_response_key()
    {
        foreach (var resource in ResourceRegistry.Declarations.Cast<IMappedResource>())
        {
            Should.NotThrow(resource.Warm);
        }

        ResourceRegistry.Declarations.ShouldAllBe(resource => resource.Statements != null || resource.Writes == null);
    }
}
