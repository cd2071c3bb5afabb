using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Testing;
using Xunit.Abstractions;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Tests.Vulkan;

/// <summary>The Vulkan renderer against the CPU renderer (the specification) on a tiny random avatar.</summary>
[Collection(GpuCollection.Name)]
public class VulkanAvatarRendererTests(ITestOutputHelper output)
{
    private const float HeadTolerance = 2f / 255f;

    [SkippableFact]
    public void Head_colour_and_opacity_match_the_cpu_ray_renderer_per_roi_pixel()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 11);
        float[] c2w = TinyAvatar.CameraToWorld(0.2f, 3f);
        float[] audio = TinyAvatar.AudioCode(4);
        var rgb = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];

        float[] color, opacity;
        PixelRect roi;
        int gpuSamples;
        using (var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096))
        {
            renderer.Render(c2w, TinyAvatar.Shift, audio, 0.3f, 0, [], rgb);
            roi = renderer.LastHeadRegion;
            gpuSamples = renderer.LastHeadSamples;
            color = new float[3 * roi.Area];
            opacity = new float[roi.Area];
            renderer.ReadHead(color, opacity);
        }

        // The CPU head on the same ROI.
        var cpu = new AvatarRenderer(model);
        PinholeCamera camera = cpu.CameraFor(c2w);
        Assert.Equal(AvatarRenderer.HeadRegion(camera, AvatarRenderer.OccupiedBounds(model.Occupancy)!.Value), roi);
        var origins = new float[3 * roi.Area];
        var dirs = new float[3 * roi.Area];
        RayGenerator.Roi(camera, roi.X, roi.Y, roi.Width, roi.Height, origins, dirs);
        var head = new HeadRayRenderer(new HeadField(model.Config.Head), model.Occupancy);
        var expectedColor = new float[3 * roi.Area];
        var expectedOpacity = new float[roi.Area];
        head.Render(model.Parameters, model.Blocks.Head, origins, dirs, audio, 0.3f, model.HeadLatent(0),
            expectedColor, expectedOpacity);

        float colorErr = MaxAbs(expectedColor, color), opacityErr = MaxAbs(expectedOpacity, opacity);
        output.WriteLine($"ROI {roi}, samples GPU {gpuSamples} CPU {head.Samples.SampleCount}, max |Δcolour| {colorErr}, max |Δopacity| {opacityErr}, max opacity {expectedOpacity.Max()}");
        Assert.Equal(head.Samples.SampleCount, gpuSamples);
        Assert.True(colorErr <= HeadTolerance, $"max colour error {colorErr}");
        Assert.True(opacityErr <= HeadTolerance, $"max opacity error {opacityErr}");
        // Not vacuous: some rays are opaque, some empty, and there are far more samples than one chunk.
        Assert.Contains(expectedOpacity, w => w > 0.8f);
        Assert.Contains(expectedOpacity, w => w == 0f);
        Assert.True(gpuSamples > 4096, $"only {gpuSamples} samples; the test should span several chunks");
    }

    [SkippableFact]
    public void Whole_frame_matches_the_cpu_renderer_over_two_poses_and_a_replacement_background()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 12);
        var cpu = new AvatarRenderer(model);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var background = new byte[bytes];
        new Random(77).NextBytes(background);
        var expected = new byte[bytes];
        var actual = new byte[bytes];
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        (float yaw, byte[] bg)[] frames = [(-0.1f, []), (0.25f, background)];
        foreach (var (yaw, bg) in frames)
        {
            float[] c2w = TinyAvatar.CameraToWorld(yaw, 2.8f);
            float[] audio = TinyAvatar.AudioCode((int)(yaw * 100));
            cpu.Render(c2w, TinyAvatar.Shift, audio, 0.6f, 0, bg, expected);
            renderer.Render(c2w, TinyAvatar.Shift, audio, 0.6f, 0, bg, actual);

            double sum = 0;
            int max = 0, changed = 0;
            ReadOnlySpan<byte> under = bg.Length == 0 ? model.Plate : bg;
            for (int i = 0; i < bytes; i++)
            {
                int d = Math.Abs(expected[i] - actual[i]);
                sum += d;
                max = Math.Max(max, d);
                if (expected[i] != under[i]) changed++;
            }
            double mean = sum / bytes;
            output.WriteLine($"yaw {yaw}: mean |Δ| {mean:F4}/255, max |Δ| {max}/255, bytes differing from the background {changed}");
            Assert.True(mean <= 2.0, $"mean abs error {mean}/255");
            Assert.True(max <= 2, $"max abs error {max}/255");
            // Head and torso both changed a real part of the image (else the comparison says little).
            Assert.True(changed > bytes / 4, $"only {changed} bytes differ from the background");
            Assert.True(renderer.LastTimings.HeadMs > 0 && renderer.LastTimings.TorsoMs > 0);
        }
    }

    [SkippableFact]
    public void Pixels_outside_head_and_torso_are_the_background_exactly()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 13);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var background = new byte[bytes];
        new Random(78).NextBytes(background);
        var actual = new byte[bytes];
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        renderer.Render(TinyAvatar.CameraToWorld(0f, 3f), TinyAvatar.Shift, TinyAvatar.AudioCode(1), 0.5f, 0, background, actual);
        PixelRect head = renderer.LastHeadRegion, torso = model.TorsoRegion;
        int checkedPixels = 0;
        for (int y = 0; y < TinyAvatar.Size; y++)
            for (int x = 0; x < TinyAvatar.Size; x++)
            {
                bool inHead = x >= head.X && x < head.X + head.Width && y >= head.Y && y < head.Y + head.Height;
                bool inTorso = x >= torso.X && x < torso.X + torso.Width && y >= torso.Y && y < torso.Y + torso.Height;
                if (inHead || inTorso) continue;
                int o = 3 * (y * TinyAvatar.Size + x);
                for (int c = 0; c < 3; c++)
                    Assert.Equal(background[o + c], actual[o + c]);
                checkedPixels++;
            }
        Assert.True(checkedPixels > 100, $"only {checkedPixels} pixels lie outside both regions");
    }

    [SkippableFact]
    public void Loading_a_model_of_another_shape_is_refused()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 14);
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        var other = new AvatarModel(model.Blocks, model.Parameters, model.Occupancy,
            model.Camera with { Fx = 60f }, model.Plate, model.Normalization, model.PoseTrack, model.EyeTrack,
            model.TorsoTrack, model.MeanCentre, model.TorsoRegion);
        var e = Assert.Throws<ArgumentException>(() => renderer.Load(other));
        Assert.Contains("camera", e.Message);
    }

    private static float MaxAbs(float[] a, float[] b)
    {
        float m = 0;
        for (int i = 0; i < a.Length; i++) m = MathF.Max(m, MathF.Abs(a[i] - b[i]));
        return m;
    }
}
