using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(7, "virtualization_indexes")]
public sealed class M0007VirtualizationIndexes : ScriptMigration;
