using Mapster;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>A resource whose row mapping the registry declares at start-up; it compiles when first needed.</summary>
public interface IMappedResource
{
    void Configure(TypeAdapterConfig config);

    void Compile(TypeAdapterConfig config);

    /// <summary>Compiles the mapping now, if nothing has needed it yet.</summary>
    void Warm();
}
