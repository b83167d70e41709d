using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(5, "auth_notifications")]
public sealed class M0005AuthNotifications : ScriptMigration;
