using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(11, "row_counts")]
public sealed class M0011RowCounts : ScriptMigration;
