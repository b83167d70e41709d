using Microsoft.Extensions.Options;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Http.OpenApi;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Logging;
using Proxbox.Api.Infrastructure.Mediation;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Options;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Hosting;

/// <summary>Builds the web service: its services, its middleware, its routes.</summary>
public static class ProxboxApp
{
    public const string DefaultUrl = "http://localhost:8080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection(ProxboxOptions.Section).Get<ProxboxOptions>() ?? new ProxboxOptions();
        RefuseUnrunnableConfiguration(builder.Configuration, options);

        // http://localhost:8080 unless --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS say otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });

        builder.AddProxboxLogging();
        builder.Services.AddProxboxServices(builder.Configuration);
        var app = builder.Build();
        app.UseProxboxPipeline(options);
        return app;
    }

    /// <summary>
    /// Configuration problems an operator fixes (no database to run on, no key for an external one) stop the service
    /// before the host starts, with one message and no stack trace.
    /// </summary>
    private static void RefuseUnrunnableConfiguration(IConfiguration configuration, ProxboxOptions options)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Proxbox")))
        {
            if (EmbeddedPostgres.FindBinaries(options.PostgresBinDir) is null)
            {
                throw new PostgresUnavailableException(EmbeddedPostgres.InstallHint);
            }
        }
        else
        {
            _ = ServerSecret.Load(options, embedded: false);
        }
    }

    public static IServiceCollection AddProxboxServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProxboxOptions>(configuration.GetSection(ProxboxOptions.Section));
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddProxboxDatabase();
        services.AddHostedService<AdminBootstrap>(); // after the database: hosted services start in order
        services.AddSingleton<TokenCache>();
        services.AddHostedService<AuthChangeListener>();
        services.AddSingleton(sp => ServerSecret.Load(sp.GetRequiredService<IOptions<ProxboxOptions>>().Value, sp.GetRequiredService<DatabaseTarget>().IsEmbedded));
        services.AddSingleton<SecretBox>();
        services.AddScoped<Caller>();
        services.AddSingleton<ScheduleCalendar>();
        services.AddSingleton<ResourceReader>();
        services.AddSingleton<SearchStatistics>();
        services.AddSingleton<ResourceWriter>();
        services.AddMediatorByScan(typeof(ProxboxApp).Assembly);
        services.AddResources();
        services.AddCarter(configurator: carter => carter.WithEmptyValidators());
        services.AddApiDocument();
        return services;
    }

    public static void UseProxboxPipeline(this WebApplication app, ProxboxOptions options)
    {
        app.UseForwardedHeaders(ForwardedHeaders(options));
        app.UseMiddleware<RequestIdentity>();
        app.UseRequestLog();
        app.UseMiddleware<ErrorBodies>();
        app.UseRequestBodyLimit(options.MaxRequestBodyBytes);
        app.UseRouting();
        app.UseMiddleware<TokenAuthentication>();
        app.MapApiSchema();
        // The documentation page's middleware matches paths by building a pattern per request: only its own paths pass it.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(SwaggerPath), docs => docs.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = SwaggerPath[1..];
            ui.SwaggerEndpoint("/api/schema/", "Proxbox API");
            // The document needs a token like every other /api/ path, and the page needs the document before its
            // Authorize button exists: ask for the token once per tab and send it with the document and "Try it out".
            ui.UseRequestInterceptor(SwaggerTokenPrompt);
        }));
        app.MapCarter();
    }

    private const string SwaggerPath = "/api/docs";

    private const string SwaggerTokenPrompt = """
        (request) => {
          if (request.headers.Authorization) { return request; }
          let token = sessionStorage.getItem('proxbox-token');
          if (!token && request.url.split('?')[0].endsWith('/api/schema/')) {
            token = window.prompt('API token (40 characters, or nbt_<key>.<secret>):');
            if (token) { token = token.trim(); sessionStorage.setItem('proxbox-token', token); }
          }
          if (token) { request.headers.Authorization = /^(token|bearer) /i.test(token) ? token : (token.startsWith('nbt_') ? 'Bearer ' : 'Token ') + token; }
          return request;
        }
        """;

    /// <summary>X-Forwarded-Proto/Host/Prefix are believed from loopback and from the configured proxies only.</summary>
    private static ForwardedHeadersOptions ForwardedHeaders(ProxboxOptions options)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                               | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                               | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost
                               | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedPrefix,
        };
        foreach (var proxy in options.TrustedProxies)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy.Contains('/') ? proxy : proxy + (proxy.Contains(':') ? "/128" : "/32")));
        }

        return forwarded;
    }
}
