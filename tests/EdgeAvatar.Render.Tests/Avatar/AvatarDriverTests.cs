using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Tests.Vulkan;

namespace EdgeAvatar.Render.Tests.Avatar;

/// <summary>
/// Skipping a frame (a live output behind its clock) must leave the driver exactly where rendering it would have:
/// same audio history for the attention window, same motion-track index; so the next frame is bit-identical.
/// </summary>
public sealed class AvatarDriverTests
{
    private static float[] Window(AvatarModel model, int k)
    {
        var w = new float[model.Config.Audio.WindowFloats];
        for (int i = 0; i < w.Length; i++) w[i] = MathF.Sin(0.37f * i + 1.9f * k);
        return w;
    }

    [Fact]
    public void Skipping_a_frame_leaves_the_next_frame_as_if_it_had_been_rendered()
    {
        AvatarModel model = TinyAvatar.Create(seed: 21);
        var rendered = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        var skipped = new byte[rendered.Length];
        var scratch = new byte[rendered.Length];
        using var a = new AvatarDriver(model);
        using var b = new AvatarDriver(model);
        for (int k = 0; k < 6; k++)
        {
            float[][] ahead = [Window(model, k + 1), Window(model, k + 2)];
            a.RenderNext(Window(model, k), ahead, k == 5 ? rendered : scratch);
            if (k is 2 or 3) b.SkipNext(Window(model, k));
            else b.RenderNext(Window(model, k), ahead, k == 5 ? skipped : scratch);
        }
        Assert.Equal(a.FrameIndex, b.FrameIndex);
        Assert.Equal(rendered, skipped);
    }

    [Fact]
    public void The_audio_history_matters_so_a_driver_that_forgot_it_would_differ()
    {
        // Guards the test above: frame 5 does depend on the windows of frames 2 and 3.
        AvatarModel model = TinyAvatar.Create(seed: 21);
        var first = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        var second = new byte[first.Length];
        var scratch = new byte[first.Length];
        using var a = new AvatarDriver(model);
        using var b = new AvatarDriver(model);
        for (int k = 0; k < 6; k++)
        {
            float[][] ahead = [Window(model, k + 1)];
            a.RenderNext(Window(model, k), ahead, k == 5 ? first : scratch);
            b.RenderNext(k is 2 or 3 ? Window(model, 40 + k) : Window(model, k), ahead, k == 5 ? second : scratch);
        }
        Assert.NotEqual(first, second);
    }
}
