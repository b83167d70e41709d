using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(3, "users")]
public sealed class M0003Users : ScriptMigration;
