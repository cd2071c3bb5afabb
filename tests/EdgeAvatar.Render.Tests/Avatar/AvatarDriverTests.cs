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

    [Fact]
    public void Streamed_frames_see_the_neighbours_clamped_to_the_stream_start_and_the_look_ahead_given()
    {
        // Frame k's window is Window(k). Frame 1 with one look-ahead window must be coded from frames
        // 0 0 0 0 1 2 2 2 (before the start: the first frame; past the look-ahead: the newest), frame 5 with three
        // from 1 2 3 4 5 6 7 8. The expected codes are encoded here from those hand-listed windows.
        AvatarModel model = TinyAvatar.Create(seed: 21);
        var recorder = new CodeRecordingRenderer(model);
        using var driver = new AvatarDriver(model, recorder);
        var rgb = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        for (int k = 0; k < 6; k++)
        {
            float[][] ahead = k == 1 ? [Window(model, 2)] : [Window(model, k + 1), Window(model, k + 2), Window(model, k + 3)];
            driver.RenderNext(Window(model, k), ahead, rgb);
        }

        Assert.Equal(Code(model, [0, 0, 0, 0, 1, 2, 2, 2]), recorder.Codes[1]);
        Assert.Equal(Code(model, [1, 2, 3, 4, 5, 6, 7, 8]), recorder.Codes[5]);
    }

    private static float[] Code(AvatarModel model, int[] frames)
    {
        var ac = model.Config.Audio;
        var windows = new float[frames.Length * ac.WindowFloats];
        for (int j = 0; j < frames.Length; j++) Window(model, frames[j]).CopyTo(windows, j * ac.WindowFloats);
        var codes = new float[frames.Length * ac.OutputWidth];
        var code = new float[ac.OutputWidth];
        new AudioConditioner(ac).Encode(model.Parameters, model.Blocks, windows, useAttention: true, codes, code);
        return code;
    }
}
