using System.Text.Json;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class RepeatedKeysTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": 2}""", null)]
    [InlineData("""{"a": 1, "b": 2, "a": 3}""", "a")]
    [InlineData("""[{"a": 1}, {"a": 2}, {"b": [1, {"c": 1, "d": 2, "c": 3}]}]""", "c")]
    [InlineData("""{"tags": [{"name": "x"}], "custom_fields": {"site": 1, "site": 2}}""", "site")]
    [InlineData("""{"name": 1, "n\u0061me": 2}""", "name")]
    [InlineData("""{"\u00e9t\u00e9": 1, "été": 2}""", "été")]
    [InlineData("""{"a\"b": 1, "a\u0022b": 2}""", "a\"b")]
    [InlineData("""{"ab": 1, "a\u0062c": 2, "ba": 3}""", null)]
    [InlineData("""[1, "a", null, [], {}]""", null)]
    public void Finds_the_first_key_repeated_in_one_object_as_its_value_reads(string json, string? repeated)
    {
        using var document = JsonDocument.Parse(json);

        RepeatedKeys.Find(document.RootElement).ShouldBe(repeated);
    }

    [Fact]
    public void Objects_with_more_keys_than_fit_on_the_stack_are_checked_too()
    {
        var keys = Enumerable.Range(0, 500).Select(i => $"\"k{i}\": {i}").ToList();
        using var distinct = JsonDocument.Parse("{" + string.Join(", ", keys) + "}");
        keys.Add("\"k250\": 0");
        using var repeated = JsonDocument.Parse("{" + string.Join(", ", keys) + "}");

        RepeatedKeys.Find(distinct.RootElement).ShouldBeNull();
        RepeatedKeys.Find(repeated.RootElement).ShouldBe("k250");
    }
}
