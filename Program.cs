using Proxbox.Api.Infrastructure.Hosting;

return await ProxboxProgram.MainAsync(args);

/// <summary>The entry point's class, public so tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
