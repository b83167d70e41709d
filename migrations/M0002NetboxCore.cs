using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(2, "netbox_core")]
public sealed class M0002NetboxCore : ScriptMigration;
