using System.Reflection;

namespace EdgeAvatar.Shaders;

/// <summary>
/// The SPIR-V modules one assembly embeds (compiled by <c>shaders/Spirv.targets</c>). A module is named by its
/// source path relative to the project's shader folder without extension, e.g. "encoding/grid_encode".
/// </summary>
public sealed class SpirvResources
{
    private readonly Assembly _assembly;

    public SpirvResources(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        _assembly = assembly;
        Names = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".spv", StringComparison.Ordinal))
            .Select(n => n[..^4])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Names of every module the assembly embeds.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Returns the SPIR-V words of one module.</summary>
    /// <exception cref="KeyNotFoundException">No module of that name was compiled into the assembly.</exception>
    public byte[] Load(string name)
    {
        using Stream? stream = _assembly.GetManifestResourceStream(name + ".spv")
            ?? throw new KeyNotFoundException(
                $"No SPIR-V module named '{name}' is embedded in {_assembly.GetName().Name}; known modules: {string.Join(", ", Names)}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
