using System.Buffers;
using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// ER-NeRF's tri-plane hash encoding: a point of the unit cube is projected onto three planes — xy, yz, xz, in
/// that order, each keeping the point's axes in ascending order (xz reads (x, z), not (z, x)) — each plane is looked
/// up in its own 2-D multiresolution grid (<see cref="CpuGridEncoding"/> semantics; the three grids share one
/// <see cref="GridEncodingConfig"/>), and the three feature rows are concatenated.
/// <para>Layouts. Positions: N × 3, point-major, in [0, 1]³ (the head box already mapped to the unit cube, as for the
/// 3-D spatial grid). Table: the three planes' tables back to back, xy then yz then xz, each
/// <see cref="PlaneTableFloats"/> floats in <see cref="GridEncodingLayout"/>'s [entry][feature] layout.
/// Output: N × <see cref="OutputWidth"/>, point-major; within a point the xy plane's Levels × Features, then yz's,
/// then xz's (level-major within a plane, like the grid encoding).</para>
/// <para>Each plane applies the 2-D rule for points outside the unit square (zeros), so a point outside the cube
/// along z alone still gets its xy features — what torch-ngp's 2-D grid does inside ER-NeRF. The head field only
/// samples inside its box, where the rule never applies.</para>
/// </summary>
public sealed class TriPlaneEncoding
{
    /// <summary>xy, yz, xz.</summary>
    public const int PlaneCount = 3;

    // Plane p reads point axes (s_first[p], s_second[p]).
    private static readonly int[] s_first = [0, 1, 0];
    private static readonly int[] s_second = [1, 2, 2];

    /// <summary>
    /// ER-NeRF's plane grid: hashed 2-D, 12 levels × 1 feature, base resolution 64, 2^14 entries per level, finest
    /// 512 (its desired_resolution 512 × bound with bound 1): 36 features per point over the three planes.
    /// </summary>
    public static GridEncodingConfig ErNerfPlane { get; } = new()
    {
        Storage = GridStorage.Hashed, Dimensions = 2, Levels = 12, FeaturesPerLevel = 1,
        Log2TableSize = 14, BaseResolution = 64, FinestResolution = 512,
    };

    /// <summary>An encoding whose three planes each use <paramref name="plane"/> (which must be 2-D).</summary>
    public TriPlaneEncoding(GridEncodingConfig plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        if (plane.Dimensions != 2)
            throw new ArgumentException($"a tri-plane's grids are 2-D; this one has {plane.Dimensions} dimensions.", nameof(plane));
        Layout = new GridEncodingLayout(plane);
    }

    /// <summary>The layout of one plane's grid (all three are alike).</summary>
    public GridEncodingLayout Layout { get; }

    /// <summary>Floats of one plane's table.</summary>
    public long PlaneTableFloats => Layout.TableFloats;

    /// <summary>Floats of the whole table: 3 × <see cref="PlaneTableFloats"/>.</summary>
    public long TableFloats => PlaneCount * PlaneTableFloats;

    /// <summary>Features one plane gives a point: Levels × FeaturesPerLevel.</summary>
    public int PlaneWidth => Layout.Config.OutputWidth;

    /// <summary>Features per point: 3 × <see cref="PlaneWidth"/>.</summary>
    public int OutputWidth => PlaneCount * PlaneWidth;

    /// <summary>The point axis plane <paramref name="plane"/> reads as its first coordinate.</summary>
    public static int FirstAxis(int plane) => s_first[plane];

    /// <summary>The point axis plane <paramref name="plane"/> reads as its second coordinate.</summary>
    public static int SecondAxis(int plane) => s_second[plane];

    /// <summary>N, after checking the table and position lengths (throws <see cref="ArgumentException"/> otherwise).</summary>
    public int PointCount(ReadOnlySpan<float> table, ReadOnlySpan<float> positions)
    {
        if (positions.Length % 3 != 0)
            throw new ArgumentException($"positions has {positions.Length} floats, not a multiple of 3.", nameof(positions));
        if (table.Length != TableFloats)
            throw new ArgumentException($"table has {table.Length} floats; a tri-plane of this grid needs {TableFloats}.", nameof(table));
        return positions.Length / 3;
    }

    /// <summary>Writes plane <paramref name="plane"/>'s N × 2 coordinates of the N × 3 <paramref name="positions"/>.</summary>
    public static void ProjectToPlane(ReadOnlySpan<float> positions, int plane, Span<float> planePositions)
    {
        int n = positions.Length / 3, a = s_first[plane], b = s_second[plane];
        if (planePositions.Length != 2 * n)
            throw new ArgumentException($"planePositions has {planePositions.Length} floats; {n} points need {2 * n}.", nameof(planePositions));
        for (int i = 0; i < n; i++)
        {
            planePositions[2 * i] = positions[3 * i + a];
            planePositions[2 * i + 1] = positions[3 * i + b];
        }
    }

    /// <summary>Encodes N points (layouts on the type).</summary>
    /// <param name="table"><see cref="TableFloats"/> floats: xy, yz, xz tables back to back.</param>
    /// <param name="positions">N × 3 in [0, 1]³.</param>
    /// <param name="output">N × <see cref="OutputWidth"/>, overwritten.</param>
    public void Forward(ReadOnlySpan<float> table, ReadOnlySpan<float> positions, Span<float> output)
    {
        int n = PointCount(table, positions);
        if (output.Length != (long)n * OutputWidth)
            throw new ArgumentException($"output has {output.Length} floats; {n} points need {(long)n * OutputWidth}.", nameof(output));
        int pw = PlaneWidth, width = OutputWidth;
        // Pooled: the renderer calls this per chunk of points, on every frame.
        float[] positionRent = ArrayPool<float>.Shared.Rent(2 * n), outputRent = ArrayPool<float>.Shared.Rent(n * pw);
        try
        {
            Span<float> planePositions = positionRent.AsSpan(0, 2 * n), planeOutput = outputRent.AsSpan(0, n * pw);
            for (int p = 0; p < PlaneCount; p++)
            {
                ProjectToPlane(positions, p, planePositions);
                CpuGridEncoding.Forward(Layout, table.Slice((int)(p * PlaneTableFloats), (int)PlaneTableFloats),
                    planePositions, planeOutput);
                for (int i = 0; i < n; i++)
                    planeOutput.Slice(i * pw, pw).CopyTo(output.Slice(i * width + p * pw, pw));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(positionRent);
            ArrayPool<float>.Shared.Return(outputRent);
        }
    }
}
