namespace Proxbox.Api.Infrastructure.Mediation;

/// <summary>A request that only reads, and so may safely run again.</summary>
public interface IReadRequest;
