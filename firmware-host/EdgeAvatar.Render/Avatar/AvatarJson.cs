using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAvatar.Render.Avatar;

/// <summary>JSON settings for model configs in run directories and .eavm manifests: camelCase, enums as names.</summary>
public static class AvatarJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };
}
