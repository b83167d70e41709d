using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(12, "vm_data_filter_indexes")]
public sealed class M0012VmDataFilterIndexes : ScriptMigration;
