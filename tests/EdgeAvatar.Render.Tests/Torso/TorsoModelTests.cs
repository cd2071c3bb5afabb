using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Render.Tests.Torso;

public class TorsoModelTests
{
    private static readonly TorsoConfig Tiny = new()
    {
        Grid = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 3, FeaturesPerLevel = 2,
            Log2TableSize = 8, BaseResolution = 4, FinestResolution = 16,
        },
        CoordFrequencies = 3, PoseFrequencies = 2, LatentWidth = 3,
        DeformHidden = 8, DeformLayers = 3, ColorHidden = 8, ColorLayers = 2,
    };

    private static float[] Params(TorsoModel m, int seed, float gridBound)
    {
        var p = new float[m.ParameterCount];
        AvatarInitializer.Torso(m, p, seed);
        // A visible grid (the default ±1e-4 would make the grid path numerically invisible).
        var rng = new Random(seed);
        for (int i = 0; i < m.GridCount; i++)
            p[i] = (float)(rng.NextDouble() * 2 - 1) * gridBound;
        return p;
    }

    private static float[] Coords(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => (float)(rng.NextDouble() * 1.9 - 0.95)).ToArray();
    }

    [Fact]
    public void Forward_equals_the_composition_of_the_kernel_references()
    {
        var m = new TorsoModel(Tiny);
        float[] p = Params(m, 1, 0.5f);
        int n = 50;
        float[] coords = Coords(n, 2);
        float[] pose = [0.1f, -0.2f, 0.05f, 0.01f, 0.02f, -1.2f];
        float[] latent = [0.3f, -0.4f, 0.5f];
        var rgb = new float[3 * n];
        var alpha = new float[n];
        m.Forward(p, coords, pose, latent, rgb, alpha);

        // Independent path: full concatenated inputs through FusedMlpReference and CpuGridEncoding.
        float[] poseEnc = new float[Tiny.PoseEncodingWidth];
        FrequencyEncoding.Encode(pose, Tiny.PoseFrequencies, poseEnc);
        int dIn = Tiny.DeformMlp.InputWidth, cIn = Tiny.ColorMlp.InputWidth, gw = Tiny.Grid.OutputWidth;
        var deformIn = new float[n * dIn];
        for (int i = 0; i < n; i++)
        {
            Span<float> row = deformIn.AsSpan(i * dIn, dIn);
            FrequencyEncoding.Encode(coords.AsSpan(2 * i, 2), Tiny.CoordFrequencies, row[..Tiny.CoordEncodingWidth]);
            poseEnc.CopyTo(row[Tiny.CoordEncodingWidth..]);
            latent.CopyTo(row[(Tiny.CoordEncodingWidth + poseEnc.Length)..]);
        }
        var raw = new float[2 * n];
        FusedMlpReference.Forward(Tiny.DeformMlp, p.AsSpan(m.DeformOffset, Tiny.DeformMlp.ParameterCount), deformIn, raw);
        var pos = new float[2 * n];
        int moved = 0;
        for (int i = 0; i < 2 * n; i++)
        {
            float offset = 0.25f * MathF.Tanh(raw[i]);
            moved += Math.Abs(offset) > 1e-3f ? 1 : 0;
            pos[i] = (Math.Clamp(coords[i] + offset, -1f, 1f) + 1f) / 2f;
        }
        Assert.True(moved > n, "the deformation should move most coordinates");
        var feat = new float[n * gw];
        CpuGridEncoding.Forward(Tiny.Grid, p.AsSpan(0, m.GridCount), pos, feat);
        var colorIn = new float[n * cIn];
        for (int i = 0; i < n; i++)
        {
            Span<float> row = colorIn.AsSpan(i * cIn, cIn);
            feat.AsSpan(i * gw, gw).CopyTo(row);
            poseEnc.CopyTo(row[gw..]);
            latent.CopyTo(row[(gw + poseEnc.Length)..]);
        }
        var outRaw = new float[4 * n];
        FusedMlpReference.Forward(Tiny.ColorMlp, p.AsSpan(m.ColorOffset, Tiny.ColorMlp.ParameterCount), colorIn, outRaw);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
                Assert.Equal(1 / (1 + Math.Exp(-outRaw[4 * i + j])), rgb[3 * i + j], 2e-5);
            Assert.Equal(1 / (1 + Math.Exp(-outRaw[4 * i + 3])), alpha[i], 2e-5);
        }
    }

    [Fact]
    public void Batch_with_mixed_frames_matches_one_call_per_frame_bit_for_bit()
    {
        var m = new TorsoModel(Tiny);
        float[] p = Params(m, 3, 0.3f);
        int n = 700;
        float[] coords = Coords(n, 4);
        float[] poses = [0.1f, 0, 0, 0, 0, -1, -0.2f, 0.3f, 0.1f, 0.05f, 0, -1.1f];
        float[] latents = [0.1f, 0.2f, 0.3f, -0.5f, 0, 0.5f];
        int[] frameOf = Enumerable.Range(0, n).Select(i => (i * 7) % 2).ToArray();
        var rgb = new float[3 * n];
        var alpha = new float[n];
        m.ForwardBatch(p, coords, frameOf, poses, latents, rgb, alpha, new TorsoForwardState());
        for (int f = 0; f < 2; f++)
        {
            int[] idx = Enumerable.Range(0, n).Where(i => frameOf[i] == f).ToArray();
            float[] sub = idx.SelectMany(i => new[] { coords[2 * i], coords[2 * i + 1] }).ToArray();
            var r = new float[3 * idx.Length];
            var a = new float[idx.Length];
            m.Forward(p, sub, poses.AsSpan(6 * f, 6), latents.AsSpan(3 * f, 3), r, a);
            for (int k = 0; k < idx.Length; k++)
            {
                Assert.Equal(alpha[idx[k]], a[k]);
                Assert.Equal(rgb[3 * idx[k] + 1], r[3 * k + 1]);
            }
        }
    }

    [Fact]
    public void Concurrent_renders_give_identical_images()
    {
        var m = new TorsoModel(TorsoConfig.Quick);
        float[] p = Params(m, 5, 0.1f);
        float[] coords = Coords(3000, 6);
        float[] pose = [0, 0.1f, 0, 0, 0, -1, 1.5f, -2f, 0.5f, 3f]; // head pose, then Quick's 4 torso shifts
        var latent = new float[8];
        var results = new float[4][];
        Parallel.For(0, 4, k =>
        {
            var rgb = new float[9000];
            m.Forward(p, coords, pose, latent, rgb, new float[3000]);
            results[k] = rgb;
        });
        for (int k = 1; k < 4; k++)
            Assert.Equal(results[0], results[k]);
        Assert.All(results[0], v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Latent_changes_the_image()
    {
        var m = new TorsoModel(Tiny);
        float[] p = Params(m, 8, 0.3f);
        float[] coords = Coords(20, 9);
        float[] pose = new float[6];
        var a = new float[60];
        var b = new float[60];
        m.Forward(p, coords, pose, [0, 0, 0], a, new float[20]);
        m.Forward(p, coords, pose, [1, 0, 0], b, new float[20]);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Same_seed_gives_the_same_initialisation()
    {
        var m = new TorsoModel(TorsoConfig.Quick);
        float[] a = new float[m.ParameterCount], b = new float[m.ParameterCount], c = new float[m.ParameterCount];
        AvatarInitializer.Torso(m, a, 42);
        AvatarInitializer.Torso(m, b, 42);
        AvatarInitializer.Torso(m, c, 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a.AsSpan(0, m.GridCount).ToArray(), v => Assert.InRange(v, -1e-4f, 1e-4f));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_messages()
    {
        var m = new TorsoModel(Tiny);
        var p = new float[m.ParameterCount];
        var ex = Assert.Throws<ArgumentException>(() => m.Forward(p, new float[3], new float[6], new float[3], new float[3], new float[1]));
        Assert.Contains("coords", ex.Message);
        Assert.Throws<ArgumentException>(() => m.Forward(p, new float[2], new float[5], new float[3], new float[3], new float[1]));
        Assert.Throws<ArgumentException>(() => m.Forward(p, new float[2], new float[6], new float[2], new float[3], new float[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.ForwardBatch(p, new float[2], [1], new float[6],
            new float[3], new float[3], new float[1], new TorsoForwardState()));
    }
}
