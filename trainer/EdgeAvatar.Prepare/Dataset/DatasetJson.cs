using System.Text.Json;

namespace EdgeAvatar.Prepare.Dataset;

/// <summary>The one JSON setting of the manifest: snake_case names, indented, numbers as numbers.</summary>
public static class DatasetJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}
