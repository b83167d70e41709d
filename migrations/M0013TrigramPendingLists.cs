using FluentMigrator;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Migrations;

[Migration(13, "trigram_pending_lists")]
public sealed class M0013TrigramPendingLists : ScriptMigration;
