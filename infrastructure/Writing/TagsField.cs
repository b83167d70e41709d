namespace Proxbox.Api.Infrastructure.Writing;

/// <summary><c>tags</c>: tag references replacing the object's tag set (never creating tags).</summary>
public sealed class TagsField(ReferenceTarget target) : ManyToManyField("tags", target, null, "object_id", "tag_id");
