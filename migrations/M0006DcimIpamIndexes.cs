using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(6, "dcim_ipam_indexes")]
public sealed class M0006DcimIpamIndexes : ScriptMigration;
