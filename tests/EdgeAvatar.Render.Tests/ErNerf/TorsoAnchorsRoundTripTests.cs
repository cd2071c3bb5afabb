using EdgeAvatar.Common;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Model;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Tests.Vulkan;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Train.Bake;
using EdgeAvatar.Train.Torso;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// A torso with an anchors pose input through bake and load: the anchors survive the bake exactly (fp32 even in a
/// half bake), and the CPU renderer's torso pixels are the trainer's torso forward with the anchors projected through
/// the frame's camera. An old raw model (a manifest written before the pose input existed) loads as raw and renders
/// with the raw pose features.
/// </summary>
public sealed class TorsoAnchorsRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("torso-anchors-").FullName;

    internal static AvatarModelConfig AnchorsConfig { get; } = TinyAvatar.Config with
    {
        Torso = TinyAvatar.Config.Torso with { PoseInput = TorsoConfig.AnchorsPoseInput },
    };

    /// <summary>TinyAvatar with anchors moved off ER-NeRF's start (so a reset to the start shows).</summary>
    internal static AvatarModel Create(int seed)
    {
        var model = TinyAvatar.Create(seed, AnchorsConfig);
        var anchors = model.Blocks.TorsoAnchors!;
        Span<float> a = model.Parameters.AsSpan(anchors.Offset, anchors.Count);
        for (int i = 0; i < a.Length; i++) a[i] += 0.03f * ((i % 4) - 1.5f);
        return model;
    }

    /// <summary>The renderer's frame; also returns the head region it drew, whose pixels are not the torso's alone.</summary>
    private static byte[] Render(AvatarModel model, float[] cameraToWorld, out PixelRect headRegion)
    {
        var renderer = new AvatarRenderer(model);
        var image = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        renderer.Render(cameraToWorld, TinyAvatar.Shift, TinyAvatar.AudioCode(1), 0.3f, 0, [], image);
        headRegion = renderer.LastHeadRegion;
        return image;
    }

    /// <summary>
    /// The torso region's pixels outside <paramref name="headRegion"/> composited from the trainer's forward
    /// (<see cref="TorsoBackward.Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>)
    /// with the given pose input, as the renderer composites: rgb·α + (1 − α)·plate, rounded to bytes. The others are 0.
    /// </summary>
    private static byte[] TrainerTorso(AvatarModel model, float[] pose, PixelRect headRegion)
    {
        var tr = model.TorsoRegion;
        int n = tr.Area, w = model.Camera.Width;
        var coords = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            coords[2 * i] = TorsoCoordinates.ToUnit(tr.X + i % tr.Width, w);
            coords[2 * i + 1] = TorsoCoordinates.ToUnit(tr.Y + i / tr.Width, model.Camera.Height);
        }
        var rgb = new float[3 * n];
        var alpha = new float[n];
        var trainer = new TorsoBackward(model.Config.Torso);
        trainer.Forward(model.Parameters.AsSpan(model.Blocks.Torso.Offset, model.Blocks.Torso.Count), coords, new int[n],
            pose, model.TorsoLatent(0), rgb, alpha);
        var image = new byte[model.Plate.Length];
        for (int i = 0; i < n; i++)
        {
            int px = tr.X + i % tr.Width, py = tr.Y + i / tr.Width, o = 3 * (py * w + px);
            if (headRegion.Contains(px, py)) continue;
            for (int ch = 0; ch < 3; ch++)
            {
                float c = rgb[3 * i + ch] * alpha[i] + (1f - alpha[i]) * (model.Plate[o + ch] * (1f / 255f));
                image[o + ch] = (byte)Math.Clamp((int)(c * 255f + 0.5f), 0, 255);
            }
        }
        return image;
    }

    /// <summary>The torso-only pixels (inside the torso region, outside the head region) of a frame; others 0.</summary>
    private static byte[] TorsoOnly(AvatarModel model, byte[] frame, PixelRect headRegion)
    {
        var tr = model.TorsoRegion;
        int w = model.Camera.Width;
        var image = new byte[frame.Length];
        for (int py = tr.Y; py < tr.Y + tr.Height; py++)
            for (int px = tr.X; px < tr.X + tr.Width; px++)
            {
                if (headRegion.Contains(px, py)) continue;
                int o = 3 * (py * w + px);
                frame.AsSpan(o, 3).CopyTo(image.AsSpan(o, 3));
            }
        return image;
    }

    [Fact]
    public void A_baked_anchors_torso_loads_back_and_renders_the_trainers_torso_forward()
    {
        var model = Create(seed: 4);
        string path = Path.Combine(_dir, "anchors.eavm");
        AvatarBaker.Write(model, [0], ErNerfAvatarRoundTripTests.Info, half: true, path);

        var loaded = AvatarModelFile.Load(path);

        Assert.Equal(TorsoConfig.AnchorsPoseInput, loaded.Config.Torso.PoseInput);
        var block = model.Blocks.TorsoAnchors!;
        float[] anchors = model.Parameters.AsSpan(block.Offset, block.Count).ToArray();
        var loadedBlock = loaded.Blocks.TorsoAnchors!;
        Assert.Equal(anchors, loaded.Parameters.AsSpan(loadedBlock.Offset, loadedBlock.Count).ToArray());
        using (var file = EavmReader.Open(path))
            Assert.True(file.TryGetTensorInfo(AvatarParameters.TorsoAnchorsName, out var info) && info.DType == EavmDType.Float32,
                "the anchors must stay fp32 in a half bake");

        float[] c2w = TinyAvatar.CameraToWorld(0.25f, 3f);
        // The trainer's pose input: the anchors projected through this frame's camera, then the torso shift.
        var pose = new float[loaded.Config.Torso.PoseInputWidth];
        var cam = loaded.Camera;
        AdaptivePoseEncoding.Forward(new PinholeCamera(cam.Width, cam.Height, cam.Fx, cam.Fy, cam.Cx, cam.Cy, c2w), anchors,
            pose.AsSpan(0, TorsoConfig.PoseWidth));
        TinyAvatar.Shift.CopyTo(pose, TorsoConfig.PoseWidth);

        byte[] frame = Render(loaded, c2w, out PixelRect head);
        byte[] expected = TrainerTorso(loaded, pose, head);
        byte[] actual = TorsoOnly(loaded, frame, head);
        Assert.Contains(expected, b => b != 0); // some torso pixels lie outside the head region
        Assert.Equal(expected, actual);

        // The anchors are live: moved anchors render another torso.
        Span<float> live = loaded.Parameters.AsSpan(loadedBlock.Offset, loadedBlock.Count);
        live[0] += 0.05f;
        live[4] -= 0.05f;
        Assert.NotEqual(actual, TorsoOnly(loaded, Render(loaded, c2w, out _), head));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
