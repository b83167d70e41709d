namespace Proxbox.Api.Infrastructure.Security;

/// <summary>Raised when the service must not start without a configured secret key.</summary>
public sealed class SecretKeyException(string message) : Exception(message);
