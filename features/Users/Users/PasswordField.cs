using System.Text.Json;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Users;

/// <summary>
/// <c>password</c>: write-only; the body's value is hashed on the way in and the hash is all that is stored. A user
/// created without one can only use tokens.
/// </summary>
public sealed class PasswordField() : WriteField("password")
{
    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128 };

    public override bool WriteOnly => true;

    protected override object? EmptyValue => Passwords.Unusable;

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ? Parsed.Fail("Not a valid string.")
        : value.GetString()!.Length > 128 ? Parsed.Fail("Ensure this field has no more than 128 characters.")
        : value.GetString()!.Length == 0 ? Parsed.Fail("This field may not be blank.")
        : Parsed.Ok(Passwords.Hash(value.GetString()!));
}
