using System.Reflection;

namespace EdgeAvatar.Shaders;

/// <summary>
/// The SPIR-V modules compiled from the GLSL sources in <c>shaders/</c> at build time.
/// A module is named by its source path relative to <c>shaders/</c> without extension, e.g. "encoding/grid_encode".
/// </summary>
public static class ShaderLibrary
{
    private static readonly Assembly s_assembly = typeof(ShaderLibrary).Assembly;

    /// <summary>Names of every embedded module.</summary>
    public static IReadOnlyList<string> Names { get; } = s_assembly.GetManifestResourceNames()
        .Where(n => n.EndsWith(".spv", StringComparison.Ordinal))
        .Select(n => n[..^4])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Returns the SPIR-V words of one module.</summary>
    /// <exception cref="KeyNotFoundException">No module of that name was compiled into this build.</exception>
    public static byte[] Load(string name)
    {
        using Stream? stream = s_assembly.GetManifestResourceStream(name + ".spv")
            ?? throw new KeyNotFoundException(
                $"No SPIR-V module named '{name}' is embedded; known modules: {string.Join(", ", Names)}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
