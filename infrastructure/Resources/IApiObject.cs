namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>Every response object exposes what ETags and re-reads need.</summary>
public interface IApiObject
{
    long Id { get; }
    DateTime? Created { get; }
    DateTime? LastUpdated { get; }
}
