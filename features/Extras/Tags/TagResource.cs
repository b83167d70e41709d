using System.Text.RegularExpressions;
using Mapster;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Extras.Tags;

/// <summary>NetBox's tags (<c>/api/extras/tags/</c>): what every other object's <c>tags</c> refer to.</summary>
public sealed partial class TagResource() : Resource<TagRow, TagResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("extras/tags", "extras_tag", "t", "Tag", "tag", "extras.tag", Tagged: false);

    public override string SelectSql => $"SELECT t.id, t.name, t.slug, t.color, t.description, t.created, t.last_updated FROM {Identity.From}";

    public override FilterSet Filters { get; } = Identity.Filters(
        [new TextFilter("name"), new TextFilter("slug"), new TextFilter("color"), new TextFilter("description")],
        search: ["name", "slug", "description"],
        ordering: ["name"]);

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "slug", "color", "description"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new TextField("name", 100) { Required = true, AllowBlank = false },
            new TextField("slug", 100)
            {
                Required = true,
                AllowBlank = false,
                Pattern = SlugPattern(),
                PatternMessage = "Enter a valid \u201cslug\u201d consisting of letters, numbers, underscores or hyphens.",
            },
            new TextField("color", 6)
            {
                Default = "9e9e9e",
                AllowBlank = false,
                Pattern = ColorPattern(),
                PatternMessage = "Enter a valid hexadecimal RGB color code.",
                Sql = value => $"lower({value})",
            },
            new TextField("description", 200),
        ],
        Unique =
        [
            new UniqueRule("extras_tag_name_key", ["name"], "tag with this name already exists.", "name"),
            new UniqueRule("extras_tag_slug_key", ["slug"], "tag with this slug already exists.", "slug"),
        ],
    };

    protected override void Map(TypeAdapterSetter<TagRow, TagResponse> map) => map.Map(tag => tag.Display, row => row.Name);

    [GeneratedRegex("^[-a-zA-Z0-9_]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
