using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// A model's arithmetic and memory traffic per frame, counted from its configuration and a frame's work (head
/// samples, head rays, torso pixels, image pixels) — for `bench`'s gflop_per_frame and bytes_per_frame and for
/// projecting other devices' frame rates from their peak rates. Counts, not measurements:
/// <list type="bullet">
/// <item>FLOPs: 2 per multiply-add of every MLP layer (bias-free), a grid lookup's corner weights and feature
/// sums (3 + 2·F per corner), 60 per head sample for SH4, activations and compositing, 20 per torso pixel for its
/// glue, 10 per output byte for the final composite. The audio network (on the host) is not counted.</item>
/// <item>Bytes: grid table reads (4·F per corner, no cache reuse assumed), each per-sample intermediate written
/// once and read once (the Vulkan renderer's buffers), the sample list (positions, ray, σ, rgb: write + read),
/// per-ray buffers, and the background read plus the image written and read back (3 bytes per pixel each). MLP
/// weights are assumed cache-resident.</item>
/// </list>
/// </summary>
public static class FrameCost
{
    public static double Flops(AvatarModelConfig config, long headSamples, long torsoPixels, long imagePixels)
    {
        var h = config.Head;
        var t = config.Torso;
        double perSample = 2.0 * (h.AmbientMlp.MultiplyAddsPerPoint + h.SigmaMlp.MultiplyAddsPerPoint + h.ColorMlp.MultiplyAddsPerPoint)
            + GridFlops(h.SpatialGrid) + GridFlops(h.AmbientGrid) + 60;
        double perTorso = 2.0 * (t.DeformMlp.MultiplyAddsPerPoint + t.ColorMlp.MultiplyAddsPerPoint) + GridFlops(t.Grid) + 20;
        return headSamples * perSample + torsoPixels * perTorso + imagePixels * 3 * 10.0;
    }

    public static double Bytes(AvatarModelConfig config, long headSamples, long headRays, long torsoPixels, long imagePixels)
    {
        var h = config.Head;
        var t = config.Torso;
        int s = h.SpatialGrid.OutputWidth, q = h.AmbientGrid.OutputWidth;
        // Per-sample intermediates, in floats: unit, spatial, the three MLP inputs and outputs, coordinate, ambient.
        double headFloats = 3 + s + Width(h.AmbientMlp) + 2 + q + Width(h.SigmaMlp) + Width(h.ColorMlp) + 3;
        double perSample = GridBytes(h.SpatialGrid) + GridBytes(h.AmbientGrid) + 2 * 4 * headFloats + 2 * 4 * 8;
        double perRay = 2 * 4 * 10;
        double torsoFloats = t.CoordEncodingWidth + Width(t.DeformMlp) + 2 + 2 + t.Grid.OutputWidth + Width(t.ColorMlp) + 4;
        double perTorso = GridBytes(t.Grid) + 2 * 4 * torsoFloats;
        return headSamples * perSample + headRays * perRay + torsoPixels * perTorso + imagePixels * 3 * 3.0;
    }

    private static int Width(MlpConfig m) => m.InputWidth + m.OutputWidth;

    private static double Corners(GridEncodingConfig g) => Math.Pow(2, g.Dimensions);

    private static double GridFlops(GridEncodingConfig g) => g.Levels * Corners(g) * (3 + 2.0 * g.FeaturesPerLevel);

    private static double GridBytes(GridEncodingConfig g) => g.Levels * Corners(g) * 4.0 * g.FeaturesPerLevel;
}
