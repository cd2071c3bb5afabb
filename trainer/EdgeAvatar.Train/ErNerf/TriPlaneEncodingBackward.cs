using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Train.Kernels.Encodings;

namespace EdgeAvatar.Train.ErNerf;

/// <summary>
/// Backward of <see cref="TriPlaneEncoding.Forward"/>: each plane is the shared 2-D grid encoding on that plane's
/// N × 2 coordinates, so this is <see cref="CpuGridEncodingBackward"/> per plane, on the plane's slice of the table
/// and of the output gradient. A point axis is read by two planes (x by xy and xz, y by xy and yz, z by yz and xz), so
/// its position gradient is the sum of those two planes' coordinate gradients. Deterministic (planes in order, the
/// grid backward is), and accumulating: both gradients are <b>added</b>.
/// </summary>
public static class TriPlaneEncodingBackward
{
    /// <param name="encoding">The encoding.</param>
    /// <param name="table">The table the forward used (xy, yz, xz back to back).</param>
    /// <param name="positions">N × 3, as given to the forward.</param>
    /// <param name="outputGrad">dL/d(output), N × OutputWidth.</param>
    /// <param name="tableGrad">TableFloats floats; gradients are <b>added</b>.</param>
    /// <param name="positionGrad">Empty, or N × 3 floats; gradients are <b>added</b>.</param>
    public static void Backward(TriPlaneEncoding encoding, ReadOnlySpan<float> table, ReadOnlySpan<float> positions,
        ReadOnlySpan<float> outputGrad, Span<float> tableGrad, Span<float> positionGrad)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        int n = encoding.PointCount(table, positions);
        if (tableGrad.Length != encoding.TableFloats)
            throw new ArgumentException($"tableGrad has {tableGrad.Length} floats; expected {encoding.TableFloats}.", nameof(tableGrad));
        if (outputGrad.Length != (long)n * encoding.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {n} points need {(long)n * encoding.OutputWidth}.", nameof(outputGrad));
        if (!positionGrad.IsEmpty && positionGrad.Length != positions.Length)
            throw new ArgumentException($"positionGrad has {positionGrad.Length} floats; expected 0 or {positions.Length}.", nameof(positionGrad));

        int pw = encoding.PlaneWidth, width = encoding.OutputWidth, planeFloats = (int)encoding.PlaneTableFloats;
        bool wantPos = !positionGrad.IsEmpty;
        var planePositions = new float[2 * n];
        var planeOutputGrad = new float[n * pw];
        var planePositionGrad = wantPos ? new float[2 * n] : [];
        for (int p = 0; p < TriPlaneEncoding.PlaneCount; p++)
        {
            TriPlaneEncoding.ProjectToPlane(positions, p, planePositions);
            for (int i = 0; i < n; i++)
                outputGrad.Slice(i * width + p * pw, pw).CopyTo(planeOutputGrad.AsSpan(i * pw, pw));
            Array.Clear(planePositionGrad);
            CpuGridEncodingBackward.Backward(encoding.Layout, table.Slice(p * planeFloats, planeFloats), planePositions,
                planeOutputGrad, tableGrad.Slice(p * planeFloats, planeFloats), planePositionGrad);
            if (!wantPos)
                continue;
            int a = TriPlaneEncoding.FirstAxis(p), b = TriPlaneEncoding.SecondAxis(p);
            for (int i = 0; i < n; i++)
            {
                positionGrad[3 * i + a] += planePositionGrad[2 * i];
                positionGrad[3 * i + b] += planePositionGrad[2 * i + 1];
            }
        }
    }
}
