namespace Proxbox.Api.Infrastructure.Options;

/// <summary>The <c>Proxbox</c> configuration section (appsettings, <c>Proxbox__X</c> environment variables, command line).</summary>
public sealed class ProxboxOptions
{
    public const string Section = "Proxbox";

    /// <summary>Where the embedded default keeps its PostgreSQL cluster, generated keys and the bootstrap token.</summary>
    public string DataDir { get; set; } = ".proxbox";

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Where <c>initdb</c>/<c>pg_ctl</c> live, when neither PATH nor /usr/lib/postgresql/*/bin has them (e.g. /usr/pgsql-15/bin).</summary>
    public string? PostgresBinDir { get; set; }

    /// <summary>NetBox's PAGINATE_COUNT.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>NetBox's MAX_PAGE_SIZE: the cap on <c>limit</c>, and what <c>limit=0</c> means.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The server-side bound on any one statement (0 turns it off).</summary>
    public int StatementTimeoutSeconds { get; set; } = 30;

    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Proxies (addresses or CIDR networks) whose X-Forwarded-* headers are believed. Loopback always is.</summary>
    public string[] TrustedProxies { get; set; } = [];

    public string? BootstrapToken { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Keys replaced by <c>rotate-secret-key</c>: kept only to verify tokens issued under them.</summary>
    public string[] RetiredSecretKeys { get; set; } = [];

    public string ScheduleTimeZone { get; set; } = "UTC";

    public string FullDataDir => Path.GetFullPath(DataDir);
}
