namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Which database the process works on, decided once when the host starts: the configured connection string, or
/// the embedded default's. The data source is built from it on first use, so nothing may open a connection before
/// <see cref="DatabaseStartup"/> has run.
/// </summary>
public sealed class DatabaseTarget
{
    private string? _connectionString;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database is not chosen yet: the host has not started.");

    public bool IsEmbedded { get; private set; }

    public void Choose(string connectionString, bool embedded)
    {
        _connectionString = connectionString;
        IsEmbedded = embedded;
    }
}
