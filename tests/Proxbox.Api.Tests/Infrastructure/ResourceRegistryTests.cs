using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class ResourceRegistryTests
{
    /// <summary>The service compiles its row mappings in the background; every one of them must compile.</summary>
    [Fact]
    public void Every_resources_row_mapping_compiles_and_says_every_response_key()
    {
        Should.NotThrow(ResourceRegistry.WarmMappings);
        ResourceRegistry.Declarations.ShouldAllBe(resource => resource.Statements != null || resource.Writes == null);
    }
}
