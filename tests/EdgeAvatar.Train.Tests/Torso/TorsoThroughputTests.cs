using System.Diagnostics;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Tests.AudioNetworks;
using EdgeAvatar.Train.Torso;
using Xunit.Abstractions;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>
/// Prints torso throughput for the Quick config (a 512×200 frame per forward; the same points from 4 frames for a
/// training step). A measurement for the report, not a timing assertion: it only checks the outputs are sane.
/// </summary>
public class TorsoThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Quick_config_throughput_is_reported()
    {
        const int width = 512, height = 200, n = width * height;
        var trainer = new TorsoBackward(TorsoConfig.Quick);
        TorsoModel model = trainer.Model;
        var p = new float[model.ParameterCount];
        AvatarInitializer.Torso(model, p, 3);
        var coords = new float[2 * n];
        for (int py = 0; py < height; py++)
            for (int px = 0; px < width; px++)
            {
                coords[2 * (py * width + px)] = 2f * (px + 0.5f) / width - 1f;
                coords[2 * (py * width + px) + 1] = 2f * (py + 0.5f) / height - 1f;
            }
        float[] poses = GradientCheck.RandomVector(4 * TorsoConfig.Quick.PoseInputWidth, 4, 0.2f);
        float[] latents = GradientCheck.RandomVector(32, 5, 0.2f);
        var rgb = new float[3 * n];
        var alpha = new float[n];

        model.Forward(p, coords, poses.AsSpan(0, TorsoConfig.Quick.PoseInputWidth), latents.AsSpan(0, 8), rgb, alpha); // warm-up (JIT)
        const int reps = 3;
        var sw = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
            model.Forward(p, coords, poses.AsSpan(0, TorsoConfig.Quick.PoseInputWidth), latents.AsSpan(0, 8), rgb, alpha);
        double forward = reps * (double)n / sw.Elapsed.TotalSeconds;

        int[] frameOf = Enumerable.Range(0, n).Select(i => i % 4).ToArray();
        float[] gRgb = GradientCheck.RandomVector(3 * n, 6, 1e-3f), gAlpha = GradientCheck.RandomVector(n, 7, 1e-3f);
        var grad = new float[p.Length];
        var gLat = new float[latents.Length];
        TorsoTape tape = trainer.Forward(p, coords, frameOf, poses, latents, rgb, alpha);
        trainer.Backward(tape, gRgb, gAlpha, grad, gLat); // warm-up
        sw.Restart();
        for (int r = 0; r < reps; r++)
        {
            trainer.Forward(p, coords, frameOf, poses, latents, rgb, alpha, tape);
            trainer.Backward(tape, gRgb, gAlpha, grad, gLat);
        }
        double train = reps * (double)n / sw.Elapsed.TotalSeconds;
        output.WriteLine($"Quick torso on {Environment.ProcessorCount} cores: forward {forward / 1e6:F2} M points/s "
            + $"({n / forward * 1e3:F0} ms per 512x200 frame); forward+backward {train / 1e6:F2} M points/s");
        Assert.All(alpha, a => Assert.InRange(a, 0f, 1f));
        Assert.Contains(grad, g => g != 0f);
    }
}
