using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(9, "vm_data")]
public sealed class M0009VmData : ScriptMigration;
