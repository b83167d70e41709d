using System.Reflection;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>Where a set of migrations lives: an assembly and the namespace of its migration classes.</summary>
public sealed record MigrationCatalog(Assembly Assembly, string Namespace)
{
    /// <summary>The service's own schema (the <c>migrations/</c> folder).</summary>
    public static MigrationCatalog Service { get; } = new(typeof(MigrationCatalog).Assembly, "Proxbox.Api.Migrations");

    /// <summary>Every migration of the catalog, in version order (instances only describe; the runner applies them).</summary>
    public IReadOnlyList<ChecksummedMigration> Migrations { get; } = Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == Namespace && typeof(ChecksummedMigration).IsAssignableFrom(t))
        .Select(t => (ChecksummedMigration)Activator.CreateInstance(t)!)
        .OrderBy(m => m.Version)
        .ToList();

    public long LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;
}
