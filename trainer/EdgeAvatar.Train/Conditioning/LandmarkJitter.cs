namespace EdgeAvatar.Train.Conditioning;

/// <summary>
/// Training-time noise on the landmarks an r2talker head is conditioned on (<c>TrainPreset.LandmarkNoisePixels</c>):
/// each coordinate of each chosen landmark moves by an independent Gaussian draw of standard deviation σ pixels; the
/// other landmarks are copied unchanged. Draws are taken in index order, x before y, two uniforms per draw, so a run
/// with the same seed draws the same noise.
/// </summary>
public static class LandmarkJitter
{
    /// <param name="landmarks">One frame's landmarks, (u, v) pairs in pixels.</param>
    /// <param name="indices">Landmarks to move (each below landmarks.Length / 2).</param>
    /// <param name="sigmaPixels">Standard deviation in pixels; 0 or more (0 copies, and draws nothing).</param>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="output">landmarks.Length floats, <b>overwritten</b>.</param>
    public static void Apply(ReadOnlySpan<float> landmarks, ReadOnlySpan<int> indices, float sigmaPixels, Random rng, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (output.Length != landmarks.Length)
            throw new ArgumentException($"output has {output.Length} floats; the landmarks have {landmarks.Length}.", nameof(output));
        if (!(float.IsFinite(sigmaPixels) && sigmaPixels >= 0))
            throw new ArgumentOutOfRangeException(nameof(sigmaPixels), sigmaPixels, "the noise must be a finite number of pixels, 0 or more.");
        landmarks.CopyTo(output);
        if (sigmaPixels == 0) return;
        foreach (int i in indices)
        {
            output[2 * i] += sigmaPixels * StandardNormal(rng);
            output[2 * i + 1] += sigmaPixels * StandardNormal(rng);
        }
    }

    /// <summary>Box–Muller; 1 − U keeps the logarithm's argument above 0.</summary>
    private static float StandardNormal(Random rng)
        => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
