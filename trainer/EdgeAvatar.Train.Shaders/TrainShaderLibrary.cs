using EdgeAvatar.Shaders;

namespace EdgeAvatar.Train.Shaders;

/// <summary>
/// The trainer's SPIR-V modules (backward kernels, optimiser, training glue), named by source path relative to
/// this project's folder without extension, e.g. "network/mlp_backward" or "train/head_output_backward".
/// </summary>
public static class TrainShaderLibrary
{
    private static readonly SpirvResources s_resources = new(typeof(TrainShaderLibrary).Assembly);

    /// <summary>Names of every embedded module.</summary>
    public static IReadOnlyList<string> Names => s_resources.Names;

    /// <summary>Returns the SPIR-V words of one module.</summary>
    /// <exception cref="KeyNotFoundException">No module of that name was compiled into this build.</exception>
    public static byte[] Load(string name) => s_resources.Load(name);
}
