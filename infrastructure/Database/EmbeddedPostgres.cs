using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// A private PostgreSQL cluster run from the machine's installed server binaries: the embedded default of
/// <c>dotnet run</c> (durable, kept across restarts) and the throwaway cluster of a test run (fsync off, deleted).
/// PostgreSQL refuses to run as root, so when we are root every server command runs as the <c>postgres</c> OS user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string DatabaseName = "proxbox";
    private const string SuperUser = "postgres";
    private const string ServiceOsUser = "postgres";

    private readonly string _binDir;
    private readonly string _dataDir;
    private readonly bool _durable;
    private bool _stopped;

    private EmbeddedPostgres(string binDir, string dataDir, bool durable, int port, string password, bool startedHere, bool initialized)
    {
        _binDir = binDir;
        _dataDir = dataDir;
        _durable = durable;
        Port = port;
        Password = password;
        StartedHere = startedHere;
        Initialized = initialized;
    }

    public int Port { get; }
    public string Password { get; }
    /// <summary>False when a server left running on the same data folder was reused (until this process restarts it).</summary>
    public bool StartedHere { get; private set; }
    /// <summary>True when this start created the cluster.</summary>
    public bool Initialized { get; }
    public string ClusterDir => Path.Combine(_dataDir, "pgdata");

    public string ConnectionString(string database = DatabaseName) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: the configured one (which must hold them),
    /// else PATH, else Debian's layout; null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindBinaries(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) && File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        if (onPath is not null)
        {
            // Debian links initdb into /usr/local/bin; the server binaries live beside the link's target.
            var target = new FileInfo(Path.Combine(onPath, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? onPath : Path.GetDirectoryName(target.FullName) ?? onPath;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
            .Where(x => x.Version > 0 && File.Exists(Path.Combine(x.Bin, "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Bin)
            .FirstOrDefault();
    }

    public static string InstallHint =>
        "No connection string is configured (ConnectionStrings__Proxbox) and no PostgreSQL server binaries were found " +
        "(initdb/pg_ctl in Proxbox__PostgresBinDir, on PATH or under /usr/lib/postgresql/*/bin). Install PostgreSQL (Debian/Ubuntu: " +
        "`apt-get install -y postgresql`) or point the service at a database with " +
        "ConnectionStrings__Proxbox=\"Host=...;Username=...;Password=...;Database=...\".";

    /// <summary>Starts (initialising on first use, or reusing a server already running there) a cluster in <paramref name="dataDir"/>.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDir, bool durable, CancellationToken ct, string? binDir = null)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PostgresUnavailableException("The embedded PostgreSQL default runs on Linux and macOS; on Windows set ConnectionStrings__Proxbox.");
        }

        binDir = FindBinaries(binDir) ?? throw new PostgresUnavailableException(InstallHint);
        if (IsRoot && !HasServiceUser())
        {
            throw new PostgresUnavailableException(
                $"PostgreSQL refuses to run as root and there is no `{ServiceOsUser}` OS user to run it as. Create one " +
                $"(`useradd --system {ServiceOsUser}`; the postgresql package does), run the service unprivileged, or set ConnectionStrings__Proxbox.");
        }
        dataDir = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(dataDir);
        if (IsRoot)
        {
            await EnsureServiceUserCanReachAsync(dataDir, ct);
        }

        var clusterDir = Path.Combine(dataDir, "pgdata");
        var passwordFile = Path.Combine(dataDir, "postgres.password");

        var initialized = false;
        if (!File.Exists(Path.Combine(clusterDir, "PG_VERSION")))
        {
            await InitializeAsync(binDir, dataDir, clusterDir, passwordFile, durable, ct);
            initialized = true;
        }

        var password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();
        var runningPort = await RunningPortAsync(binDir, clusterDir, ct);
        if (runningPort is int reusedPort)
        {
            var reused = new EmbeddedPostgres(binDir, dataDir, durable, reusedPort, password, startedHere: false, initialized);
            await reused.EnsureDatabaseAsync(ct);
            return reused;
        }

        var started = new EmbeddedPostgres(binDir, dataDir, durable, FreeLoopbackPort(), password, startedHere: true, initialized);
        await started.StartServerAsync(ct);
        await started.EnsureDatabaseAsync(ct);
        return started;
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        var logFile = Path.Combine(_dataDir, "postgres.log");
        if (!File.Exists(logFile))
        {
            await File.WriteAllTextAsync(logFile, "", ct);
        }

        await GiveToServiceUserAsync(logFile, ct);
        // Unix sockets are switched off: we connect over loopback TCP, and a socket path inside a deep data folder
        // can exceed the 107-byte limit. After a crash the server first syncs its whole data folder; file by file
        // that took 8 s of a restart on a busy disk, one syncfs of the file system a fraction of a second.
        // A throwaway cluster keeps its WAL small: left at the default it grew past a gigabyte in a test run.
        var serverOptions = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
            + (!_durable ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=96MB -c min_wal_size=32MB"
                : OperatingSystem.IsLinux() ? " -c recovery_init_sync_method=syncfs" : "");
        await RunAsync(_binDir, "pg_ctl", ["-D", ClusterDir, "-l", logFile, "-w", "-t", "60", "-o", serverOptions, "start"], ct);
    }

    /// <summary>
    /// Whether the server's postmaster is still alive, from the pid it recorded in <c>postmaster.pid</c>; a process
    /// check, so watching costs no connection and no child process.
    /// </summary>
    public bool IsRunning() => IsServerRunning(ClusterDir);

    /// <summary><see cref="IsRunning"/> for the cluster in <paramref name="clusterDir"/>, whoever started it.</summary>
    public static bool IsServerRunning(string clusterDir)
    {
        var pidFile = Path.Combine(clusterDir, "postmaster.pid");
        try
        {
            using var reader = new StreamReader(pidFile);
            return int.TryParse(reader.ReadLine()?.Trim(), out var pid) && IsAlive(pid);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return false; // stopped cleanly (pg_ctl stop removes the file)
        }
    }

    /// <summary>
    /// Starts the server again on the same port (the pool's connection string names it) after it died, running
    /// crash recovery. From now on this process owns it and stops it on shutdown.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StartServerAsync(ct);
        StartedHere = true;
        _stopped = false;
    }

    /// <summary>Stops the server if this process started it.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !StartedHere)
        {
            return;
        }

        _stopped = true;
        var (exitCode, output) = await TryRunAsync(_binDir, "pg_ctl", ["-D", ClusterDir, "-m", _durable ? "fast" : "immediate", "-w", "stop"], CancellationToken.None);
        // A server that died and could not be restarted has nothing left to stop; that is not a shutdown error.
        if (exitCode != 0 && IsRunning())
        {
            throw new InvalidOperationException($"pg_ctl failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task InitializeAsync(string binDir, string dataDir, string clusterDir, string passwordFile, bool durable, CancellationToken ct)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await WriteSecretFileAsync(passwordFile, password, ct);

        // initdb reads the superuser's password from a file, which the service user must be able to read.
        var initPasswordFile = Path.Combine(dataDir, ".initdb-password");
        await WriteSecretFileAsync(initPasswordFile, password, ct);
        try
        {
            await GiveToServiceUserAsync(initPasswordFile, ct);
            Directory.CreateDirectory(clusterDir);
            OwnerOnly(clusterDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await GiveToServiceUserAsync(clusterDir, ct);
            List<string> args = ["-D", clusterDir, "-U", SuperUser, "-A", "scram-sha-256", "--pwfile", initPasswordFile, "-E", "UTF8", "--no-locale"];
            if (!durable)
            {
                args.Add("--no-sync");
            }

            await RunAsync(binDir, "initdb", args, ct);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
    }

    private static async Task<int?> RunningPortAsync(string binDir, string clusterDir, CancellationToken ct)
    {
        var pidFile = Path.Combine(clusterDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var (exitCode, _) = await TryRunAsync(binDir, "pg_ctl", ["-D", clusterDir, "status"], ct);
        if (exitCode != 0)
        {
            return null; // a stale pid file; pg_ctl start cleans it up
        }

        // postmaster.pid: line 4 is the port.
        var lines = await File.ReadAllLinesAsync(pidFile, ct);
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), out var port) ? port : null;
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.Add(new NpgsqlParameter { Value = DatabaseName });
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName} ENCODING 'UTF8'", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WriteSecretFileAsync(string path, string content, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, content, ct);
        OwnerOnly(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Secrets and the cluster folder are the owner's alone (PostgreSQL insists on 0700 for the latter).</summary>
    public static void OwnerOnly(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool IsRoot => geteuid() == 0;

    /// <summary>
    /// Whether a process exists and is not a zombie: where this service is PID 1 of a container, an orphaned
    /// postmaster that died is re-parented to it and lingers as a zombie that <c>kill(pid, 0)</c> still finds.
    /// </summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (Directory.Exists("/proc/self"))
        {
            try
            {
                // "pid (comm) S ...": the state follows the last ')', since comm may itself hold one.
                var text = File.ReadAllText(stat);
                var state = text[(text.LastIndexOf(')') + 2)..].FirstOrDefault();
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false; // no such process
            }
        }

        // Without /proc (macOS): signal 0 checks existence without delivering anything; EPERM still means it exists.
        return kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == NoPermission;
    }

    private const int NoPermission = 1; // EPERM

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static bool HasServiceUser() =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceOsUser + ":", StringComparison.Ordinal));

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    /// <summary>
    /// The server runs as <c>postgres</c>, which must be able to enter the data folder: open the folder itself
    /// (its secrets are 0600 files), and refuse clearly when a parent folder shuts it out.
    /// </summary>
    private static async Task EnsureServiceUserCanReachAsync(string dataDir, CancellationToken ct)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDir, File.GetUnixFileMode(dataDir) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var (exitCode, _) = await RunProcessAsync(SystemTool("runuser"), ["-u", ServiceOsUser, "--", "test", "-x", dataDir], ct);
        if (exitCode != 0)
        {
            throw new PostgresUnavailableException(
                $"PostgreSQL runs as the `{ServiceOsUser}` OS user when the service is started as root, and that user cannot reach {dataDir} " +
                "(a parent folder is private). Set Proxbox__DataDir to a folder outside private home directories (e.g. /var/lib/proxbox), " +
                "run the service as an unprivileged user, or set ConnectionStrings__Proxbox.");
        }
    }

    private static async Task GiveToServiceUserAsync(string path, CancellationToken ct)
    {
        if (IsRoot)
        {
            await RunProcessAsync(SystemTool("chown"), [$"{ServiceOsUser}:", path], ct);
        }
    }

    /// <summary>A system tool by name, also where a minimal PATH (a service manager's, a container's) does not look.</summary>
    private static string SystemTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new PostgresUnavailableException(
            $"Starting the embedded PostgreSQL as root needs `{name}` (util-linux/coreutils), which was not found. " +
            "Run the service as an unprivileged user, or set ConnectionStrings__Proxbox.");

    private static async Task RunAsync(string binDir, string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var (exitCode, output) = await TryRunAsync(binDir, tool, args, ct);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    private static Task<(int ExitCode, string Output)> TryRunAsync(string binDir, string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var executable = Path.Combine(binDir, tool);
        return IsRoot
            ? RunProcessAsync(SystemTool("runuser"), ["-u", ServiceOsUser, "--", executable, .. args], ct)
            : RunProcessAsync(executable, args, ct);
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string fileName, IReadOnlyList<string> args, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server inherits this directory; the service user may not be allowed into ours.
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        // pg_ctl start leaves the server holding inherited pipes; read until the tool itself exits, not until EOF.
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await WhenDoneOrEmpty(stdout) + await WhenDoneOrEmpty(stderr);
        return (process.ExitCode, output);
    }

    private static async Task<string> WhenDoneOrEmpty(Task<string> read) =>
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2))) == read ? await read : "";
}
