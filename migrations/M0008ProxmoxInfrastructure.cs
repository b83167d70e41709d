using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(8, "proxmox_infrastructure")]
public sealed class M0008ProxmoxInfrastructure : ScriptMigration;
