using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(10, "operations")]
public sealed class M0010Operations : ScriptMigration;
