using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Tests.Vulkan;

namespace EdgeAvatar.Render.Tests.Head;

/// <summary>
/// The hidden-activation tape is the trainer's to ask for: a rendering batch records none, and recording one does not
/// change what the field computes.
/// </summary>
public class HeadFieldTapeTests
{
    private const int Points = 700, Rays = 20;

    [Fact]
    public void A_rendering_batch_keeps_no_tape_and_gives_the_same_field_bit_for_bit_as_a_taped_one()
    {
        AvatarModel model = TinyAvatar.Create(seed: 4);
        HeadModelConfig config = model.Config.Head;
        var (positions, dirs, rayIndex) = Samples(config);
        float[] audio = TinyAvatar.AudioCode(2);
        var field = new HeadField(config);

        var render = new HeadFieldBatch(config);
        var taped = new HeadFieldBatch(config, keepTape: true);
        field.Forward(model.Parameters, model.Blocks.Head, positions, dirs, rayIndex, audio, 0.4f, model.HeadLatent(0), render);
        field.Forward(model.Parameters, model.Blocks.Head, positions, dirs, rayIndex, audio, 0.4f, model.HeadLatent(0), taped);

        Assert.False(render.KeepsTape);
        Assert.Empty(render.AmbientHidden);
        Assert.Empty(render.SigmaHidden);
        Assert.Empty(render.ColorHidden);
        Assert.Equal(taped.Sigma.AsSpan(0, Points).ToArray(), render.Sigma.AsSpan(0, Points).ToArray());
        Assert.Equal(taped.Rgb.AsSpan(0, 3 * Points).ToArray(), render.Rgb.AsSpan(0, 3 * Points).ToArray());
    }

    [Fact]
    public void A_taped_batch_records_every_hidden_activation()
    {
        AvatarModel model = TinyAvatar.Create(seed: 4);
        HeadModelConfig config = model.Config.Head;
        var (positions, dirs, rayIndex) = Samples(config);
        var taped = new HeadFieldBatch(config, keepTape: true);
        new HeadField(config).Forward(model.Parameters, model.Blocks.Head, positions, dirs, rayIndex, TinyAvatar.AudioCode(2),
            0.4f, model.HeadLatent(0), taped);

        Assert.True(taped.KeepsTape);
        int sigmaHidden = config.SigmaMlp.HiddenLayers * config.SigmaMlp.HiddenWidth;
        Assert.True(taped.SigmaHidden.Length >= Points * sigmaHidden);
        // ReLU hidden units of a random network: many are positive, so the tape is really written.
        Assert.Contains(taped.SigmaHidden.AsSpan(0, Points * sigmaHidden).ToArray(), v => v > 0f);
        Assert.Contains(taped.ColorHidden.AsSpan(0, Points * config.ColorMlp.HiddenLayers * config.ColorMlp.HiddenWidth).ToArray(), v => v > 0f);
    }

    [Fact]
    public void The_renderer_keeps_no_tape_unless_asked()
    {
        AvatarModel model = TinyAvatar.Create(seed: 4);
        var field = new HeadField(model.Config.Head);
        Assert.False(new HeadRayRenderer(field, model.Occupancy).Batch.KeepsTape);
        Assert.True(new HeadRayRenderer(field, model.Occupancy, keepTape: true).Batch.KeepsTape);
    }

    private static (float[] Positions, float[] Dirs, int[] RayIndex) Samples(HeadModelConfig config)
    {
        var rng = new Random(3);
        var box = config.Bounds;
        var positions = new float[3 * Points];
        for (int i = 0; i < Points; i++)
        {
            positions[3 * i] = box.Min.X + (float)rng.NextDouble() * box.Size.X;
            positions[3 * i + 1] = box.Min.Y + (float)rng.NextDouble() * box.Size.Y;
            positions[3 * i + 2] = box.Min.Z + (float)rng.NextDouble() * box.Size.Z;
        }
        var dirs = new float[3 * Rays];
        for (int r = 0; r < Rays; r++)
        {
            var d = System.Numerics.Vector3.Normalize(new((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f, -1f));
            dirs[3 * r] = d.X; dirs[3 * r + 1] = d.Y; dirs[3 * r + 2] = d.Z;
        }
        int[] rayIndex = Enumerable.Range(0, Points).Select(i => i * Rays / Points).ToArray();
        return (positions, dirs, rayIndex);
    }
}
