using EdgeAvatar.Compute;

namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// What one grid config and a plane count fix for every grid kernel, forward and backward alike: the specialization
/// constants, the table, position and output widths, the y extent of a dispatch and the per-level uniform words.
/// Both kernel wrappers take them from here, so the backward can never size or dispatch a tri-plane differently from
/// the forward that produced its inputs.
/// <para>Invariants: <see cref="Planes"/> is 1 (one grid of any dimension) or 3 (a tri-plane of a 2-D grid: positions
/// N × 3, the xy, yz and xz tables back to back, each point's row holding the three planes' features in turn).</para>
/// </summary>
public sealed class GridKernelShape
{
    /// <summary>Bytes of the per-level uniform buffer every grid shader reads (two uvec4 per level, at most MaxLevels).</summary>
    public const int LevelUniformBytes = GridEncodingConfig.MaxLevels * 2 * 16;

    /// <exception cref="ArgumentOutOfRangeException">planes is not 1 or 3.</exception>
    /// <exception cref="ArgumentException">a tri-plane of a grid that is not 2-D.</exception>
    public GridKernelShape(GridEncodingConfig config, int planes)
    {
        Specialization = KernelSpecialization.Grid(config, planes);
        Layout = new GridEncodingLayout(config);
        Planes = planes;
    }

    public GridEncodingConfig Config => Layout.Config;

    public GridEncodingLayout Layout { get; }

    /// <summary>1, or 3 for a tri-plane.</summary>
    public int Planes { get; }

    /// <summary>The shaders' specialization constants (<see cref="KernelSpecialization.Grid(GridEncodingConfig, int)"/>).</summary>
    public SpecializationConstant[] Specialization { get; }

    /// <summary>Bytes of a table (or table-gradient) buffer: float [entry][feature], a tri-plane's three back to back.</summary>
    public long TableBytes => Planes * Layout.TableFloats * sizeof(float);

    /// <summary>Floats per point of the positions (and their gradient): the grid's dimensions, or 3 for a tri-plane.</summary>
    public int PositionWidth => Planes == 3 ? 3 : Config.Dimensions;

    /// <summary>Floats per point of the output (and its gradient): Planes × Levels × Features.</summary>
    public int OutputWidth => Planes * Config.OutputWidth;

    /// <summary>Workgroups along y: one per level of each plane.</summary>
    public uint GroupsY => (uint)(Planes * Config.Levels);

    /// <summary>For a kernel's debug name: "2D Hashed 16x2 triplane".</summary>
    public string Description => $"{Config.Dimensions}D {Config.Storage} {Config.Levels}x{Config.FeaturesPerLevel}{(Planes == 3 ? " triplane" : "")}";

    /// <summary>A uniform buffer holding the per-level words, owned by the caller.</summary>
    public GpuBuffer CreateLevelUniforms(ComputeDevice device)
    {
        GpuBuffer levels = device.CreateBuffer(LevelUniformBytes, BufferUsage.Uniform);
        levels.Upload<uint>(Layout.ToUniformWords());
        return levels;
    }

    /// <summary>Checks that a table (or table-gradient) buffer holds <see cref="TableBytes"/>.</summary>
    public void CheckTable(GpuBuffer table, string name) => KernelBuffers.CheckSize(table, TableBytes, name);

    /// <summary>Checks that a positions (or position-gradient) buffer holds <paramref name="n"/> points.</summary>
    public void CheckPositions(GpuBuffer positions, int n, string name) =>
        KernelBuffers.CheckSize(positions, (long)n * PositionWidth * sizeof(float), name);

    /// <summary>Checks that an output (or output-gradient) buffer holds <paramref name="n"/> points.</summary>
    public void CheckOutputs(GpuBuffer output, int n, string name) =>
        KernelBuffers.CheckSize(output, (long)n * OutputWidth * sizeof(float), name);
}
