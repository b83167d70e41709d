using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(4, "endpoints_settings")]
public sealed class M0004EndpointsSettings : ScriptMigration;
