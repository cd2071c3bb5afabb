using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Torso;
using Xunit.Abstractions;
using EdgeAvatar.Train.Kernels.Optimizers;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>The torso learns a small synthetic image with Adam: the whole forward/backward/optimiser loop works.</summary>
public class TorsoFitTests(ITestOutputHelper output)
{
    private const int Size = 32;

    private static readonly TorsoConfig FitConfig = new()
    {
        Grid = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 6, FeaturesPerLevel = 2,
            Log2TableSize = 12, BaseResolution = 4, FinestResolution = 64,
        },
        CoordFrequencies = 4, PoseFrequencies = 1, LatentWidth = 2,
        DeformHidden = 16, DeformLayers = 2, ColorHidden = 16, ColorLayers = 2,
    };

    /// <summary>32×32 pixels: an orange opaque disc (radius 0.55 around (0.1, −0.1)) on a transparent blue field.</summary>
    private static (float[] Coords, float[] Rgb, float[] Alpha) Target()
    {
        var coords = new float[2 * Size * Size];
        var rgb = new float[3 * Size * Size];
        var alpha = new float[Size * Size];
        for (int py = 0; py < Size; py++)
            for (int px = 0; px < Size; px++)
            {
                int i = py * Size + px;
                float x = 2f * (px + 0.5f) / Size - 1f, y = 2f * (py + 0.5f) / Size - 1f;
                coords[2 * i] = x;
                coords[2 * i + 1] = y;
                bool inside = (x - 0.1f) * (x - 0.1f) + (y + 0.1f) * (y + 0.1f) < 0.55f * 0.55f;
                float[] c = inside ? [0.9f, 0.45f, 0.1f] : [0.1f, 0.2f, 0.7f];
                c.CopyTo(rgb, 3 * i);
                alpha[i] = inside ? 1f : 0f;
            }
        return (coords, rgb, alpha);
    }

    private static double Psnr(float[] rgb, float[] alpha, float[] tRgb, float[] tAlpha)
    {
        double se = 0;
        for (int i = 0; i < rgb.Length; i++)
            se += (rgb[i] - tRgb[i]) * (double)(rgb[i] - tRgb[i]);
        for (int i = 0; i < alpha.Length; i++)
            se += (alpha[i] - tAlpha[i]) * (double)(alpha[i] - tAlpha[i]);
        return -10 * Math.Log10(se / (rgb.Length + alpha.Length));
    }

    [Fact]
    public void Torso_learns_a_disc_image_with_adam()
    {
        (float[] coords, float[] tRgb, float[] tAlpha) = Target();
        int n = Size * Size;
        var trainer = new TorsoBackward(FitConfig);
        TorsoModel model = trainer.Model;
        var p = new float[model.ParameterCount];
        AvatarInitializer.Torso(model, p, 1);
        float[] pose = [0.05f, -0.1f, 0f, 0f, 0f, -1f];
        var latent = new float[FitConfig.LatentWidth];
        int[] frameOf = new int[n];

        var rgb = new float[3 * n];
        var alpha = new float[n];
        model.Forward(p, coords, pose, latent, rgb, alpha);
        double initial = Psnr(rgb, alpha, tRgb, tAlpha);

        var groups = trainer.ParameterGroups
            .Select(g => new AdamParameterGroup(g.Offset, g.Count, g.IsGrid ? 2e-2f : 5e-3f)).ToArray();
        var adam = new AdamConfig();
        float[] grad = new float[p.Length], m = new float[p.Length], v = new float[p.Length];
        var gRgb = new float[3 * n];
        var gAlpha = new float[n];
        var gLatent = new float[latent.Length];
        TorsoTape? tape = null;
        for (int step = 1; step <= 150; step++)
        {
            tape = tape is null
                ? trainer.Forward(p, coords, frameOf, pose, latent, rgb, alpha)
                : trainer.Forward(p, coords, frameOf, pose, latent, rgb, alpha, tape);
            // d(mean squared error)/d(output), over all four channels.
            float scale = 2f / (4 * n);
            for (int i = 0; i < rgb.Length; i++)
                gRgb[i] = scale * (rgb[i] - tRgb[i]);
            for (int i = 0; i < n; i++)
                gAlpha[i] = scale * (alpha[i] - tAlpha[i]);
            Array.Clear(grad);
            trainer.Backward(tape, gRgb, gAlpha, grad, gLatent);
            CpuAdam.Step(adam, groups, step, p, grad, m, v);
        }
        model.Forward(p, coords, pose, latent, rgb, alpha);
        double final = Psnr(rgb, alpha, tRgb, tAlpha);
        output.WriteLine($"PSNR {initial:F1} dB → {final:F1} dB after 150 Adam steps");
        Assert.True(final > 25, $"final PSNR {final:F1} dB");
        Assert.True(final > initial + 12, $"PSNR went from {initial:F1} to {final:F1} dB");
    }
}
