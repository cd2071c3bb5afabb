using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// R2-Talker's landmark encoding: every landmark point is looked up in one shared 2-D multiresolution grid
/// (<see cref="CpuGridEncoding"/> semantics, one table for all points) and the per-point features are concatenated.
/// <para>Layouts: positions F × L × 2 (frame-major, then landmark in <see cref="LandmarkFrameConfig.Indices"/>
/// order, then x, y in [0, 1]); output F × (L × Levels × FeaturesPerLevel), landmark-major then level-major within
/// a frame. That concatenation is exactly the grid encoding's point-major output for the F·L points, so the
/// forward is the shared kernel and the trainer's backward is <c>CpuGridEncodingBackward</c> on the same
/// buffers. A window of several frames (R2-Talker concatenates 5) is F consecutive frames read as one row.</para>
/// </summary>
public sealed class LandmarkGridEncoding
{
    /// <summary>
    /// Our default grid: 16 levels × 2 features as in R2-Talker, 2-D, hashed, 2^14 entries per level, resolutions
    /// 16 to 512 (a 1/512 step of the default box is ≈ 0.5 mm on the face, below landmark noise). The table sizes
    /// and resolutions are our choice, not R2-Talker's.
    /// </summary>
    public static GridEncodingConfig DefaultGrid { get; } = new()
    {
        Storage = GridStorage.Hashed, Dimensions = 2, Levels = 16, FeaturesPerLevel = 2,
        Log2TableSize = 14, BaseResolution = 16, FinestResolution = 512,
    };

    /// <summary>An encoding of <paramref name="landmarkCount"/> points per frame in a 2-D <paramref name="grid"/>.</summary>
    public LandmarkGridEncoding(GridEncodingConfig grid, int landmarkCount)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Dimensions != 2)
            throw new ArgumentException($"the landmark grid is 2-D (points on the face plane); this one has {grid.Dimensions} dimensions.", nameof(grid));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(landmarkCount);
        Layout = new GridEncodingLayout(grid);
        LandmarkCount = landmarkCount;
    }

    public GridEncodingLayout Layout { get; }

    /// <summary>L, points per frame.</summary>
    public int LandmarkCount { get; }

    /// <summary>Floats of one frame's position row: L × 2.</summary>
    public int PositionWidth => 2 * LandmarkCount;

    /// <summary>Floats of one frame's encoding: L × Levels × FeaturesPerLevel.</summary>
    public int OutputWidth => LandmarkCount * Layout.Config.OutputWidth;

    /// <summary>Frames in a position buffer; throws unless it holds whole frames.</summary>
    public int FrameCount(ReadOnlySpan<float> positions)
    {
        if (positions.Length == 0 || positions.Length % PositionWidth != 0)
            throw new ArgumentException($"positions has {positions.Length} floats, not a positive multiple of {PositionWidth} (L × 2).", nameof(positions));
        return positions.Length / PositionWidth;
    }

    /// <summary>Encodes F frames (layouts on the type).</summary>
    /// <param name="table">The grid's parameter table, <see cref="GridEncodingLayout.TableFloats"/> floats.</param>
    /// <param name="positions">F × L × 2 in [0, 1].</param>
    /// <param name="output">F × <see cref="OutputWidth"/>.</param>
    public void Forward(ReadOnlySpan<float> table, ReadOnlySpan<float> positions, Span<float> output)
    {
        int frames = FrameCount(positions);
        if (output.Length != (long)frames * OutputWidth)
            throw new ArgumentException($"output has {output.Length} floats; {frames} frames need {(long)frames * OutputWidth}.", nameof(output));
        CpuGridEncoding.Forward(Layout, table, positions, output);
    }
}
