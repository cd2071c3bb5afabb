namespace EdgeAvatar.Shaders;

/// <summary>
/// The device's SPIR-V modules: the forward kernels compiled from the GLSL sources in <c>shaders/</c> at build time.
/// A module is named by its source path relative to <c>shaders/</c> without extension, e.g. "encoding/grid_encode".
/// </summary>
public static class ShaderLibrary
{
    private static readonly SpirvResources s_resources = new(typeof(ShaderLibrary).Assembly);

    /// <summary>Names of every embedded module.</summary>
    public static IReadOnlyList<string> Names => s_resources.Names;

    /// <summary>Returns the SPIR-V words of one module.</summary>
    /// <exception cref="KeyNotFoundException">No module of that name was compiled into this build.</exception>
    public static byte[] Load(string name) => s_resources.Load(name);
}
