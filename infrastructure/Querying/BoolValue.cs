namespace Proxbox.Api.Infrastructure.Querying;

public static class BoolValue
{
    /// <summary>NetBox clients send <c>True</c>/<c>False</c> (pynetbox), <c>true</c>/<c>false</c>, or <c>1</c>/<c>0</c>.</summary>
    public static bool TryParse(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
