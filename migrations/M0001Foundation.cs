using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(1, "foundation")]
public sealed class M0001Foundation : ScriptMigration;
