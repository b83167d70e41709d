using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

// Small migration sets for the runner's tests, one namespace per set.
namespace Proxbox.Api.Tests.Infrastructure.MigrationSets.Original
{
    [Migration(1, "first")]
    public sealed class First : ChecksummedMigration
    {
        public override string Script => "CREATE TABLE t1 (id int)";
    }
}

namespace Proxbox.Api.Tests.Infrastructure.MigrationSets.Edited
{
    [Migration(1, "first")]
    public sealed class First : ChecksummedMigration
    {
        public override string Script => "CREATE TABLE t1 (id bigint)";
    }

    [Migration(2, "second")]
    public sealed class Second : ChecksummedMigration
    {
        public override string Script => "CREATE TABLE t2 (id int)";
    }
}

namespace Proxbox.Api.Tests.Infrastructure.MigrationSets.Broken
{
    [Migration(1, "broken")]
    public sealed class Broken : ChecksummedMigration
    {
        public override string Script => "CREATE TABLE half (id int); SELECT no_such_function();";
    }
}

namespace Proxbox.Api.Tests.Infrastructure.MigrationSets.Slow
{
    [Migration(1, "slow")]
    public sealed class Slow : ChecksummedMigration
    {
        public override string Script => "SELECT pg_sleep(0.3); CREATE TABLE once (id int);";
    }
}
