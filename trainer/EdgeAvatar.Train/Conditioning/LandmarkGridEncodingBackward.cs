using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Train.Kernels.Encodings;

namespace EdgeAvatar.Train.Conditioning;

/// <summary>
/// Table gradient of <see cref="LandmarkGridEncoding.Forward"/>. The F × L × (Levels × Features) output is the
/// grid encoding's point-major output of F·L points, so this is <see cref="CpuGridEncodingBackward"/> on the same
/// buffers (deterministic, accumulating). No position gradient: landmarks are data, not parameters.
/// </summary>
public static class LandmarkGridEncodingBackward
{
    /// <param name="encoding">The encoding.</param>
    /// <param name="table">The table the forward used.</param>
    /// <param name="positions">F × L × 2, as given to the forward.</param>
    /// <param name="outputGrad">dL/d(output), F × OutputWidth.</param>
    /// <param name="tableGrad">TableFloats floats; gradients are <b>added</b>.</param>
    public static void Backward(LandmarkGridEncoding encoding, ReadOnlySpan<float> table, ReadOnlySpan<float> positions,
        ReadOnlySpan<float> outputGrad, Span<float> tableGrad)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        int frames = encoding.FrameCount(positions);
        if (outputGrad.Length != (long)frames * encoding.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {frames} frames need {(long)frames * encoding.OutputWidth}.", nameof(outputGrad));
        CpuGridEncodingBackward.Backward(encoding.Layout, table, positions, outputGrad, tableGrad, []);
    }
}
