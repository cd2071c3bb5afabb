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
    public void An_anchors_torso_matches_the_cpu_renderer_and_moves_with_its_anchors()
    {
        // The torso's pose input is built on the host (AvatarModel.TorsoPose) and uploaded with the frame's vector, so
        // an anchors model needs nothing of its own on the device; this holds the upload to that.
        using var gpu = GpuFixture.Scope();
        AvatarModel model = ErNerf.TorsoAnchorsRoundTripTests.Create(seed: 13);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var expected = new byte[bytes];
        var actual = new byte[bytes];
        float[] c2w = TinyAvatar.CameraToWorld(0.2f, 2.8f);
        float[] audio = TinyAvatar.AudioCode(5);
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        new AvatarRenderer(model).Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], expected);
        renderer.Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], actual);
        int max = 0;
        for (int i = 0; i < bytes; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        output.WriteLine($"anchors torso: max |Δ| {max}/255");
        Assert.True(max <= 2, $"max abs error {max}/255");

        var anchors = model.Blocks.TorsoAnchors!;
        model.Parameters[anchors.Offset] += 0.05f;
        model.Parameters[anchors.Offset + 4] -= 0.05f;
        var moved = new byte[bytes];
        renderer.Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], moved);
        Assert.NotEqual(actual, moved);
    }

    [SkippableFact]
    public void A_frame_is_one_submission_once_the_sample_buffers_fit_and_an_overflowing_frame_still_matches_the_cpu()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 15);
        var cpu = new AvatarRenderer(model);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var expected = new byte[bytes];
        var actual = new byte[bytes];
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        int capacity = renderer.SampleCapacity;
        float[] c2w = TinyAvatar.CameraToWorld(0.1f, 2.8f);
        float[] audio = TinyAvatar.AudioCode(3);
        cpu.Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], expected);
        for (int frame = 0; frame < 3; frame++)
        {
            renderer.Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], actual);
            int max = 0;
            for (int i = 0; i < bytes; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
            output.WriteLine($"frame {frame}: {renderer.LastSubmissions} submission(s), {renderer.LastHeadSamples} samples, capacity {renderer.SampleCapacity}, max |Δ| {max}/255");
            Assert.True(max <= 2, $"frame {frame}: max abs error {max}/255");
            Assert.Equal(cpu.LastMarchedSamples, renderer.LastHeadSamples);
            if (frame == 0)
            {
                // The first frame's samples outgrow the initial buffers: it is detected on the device's count and
                // rendered again (so the comparison above covers the overflow path).
                Assert.True(renderer.LastHeadSamples > capacity, $"{renderer.LastHeadSamples} samples fit the initial {capacity}: no overflow exercised");
                Assert.Equal(2, renderer.LastSubmissions);
            }
            else
                Assert.Equal(1, renderer.LastSubmissions);
        }
    }

    [SkippableFact]
    public void On_a_device_whose_memory_is_not_host_mapped_a_frame_is_still_one_submission_and_matches_the_cpu()
    {
        // The discrete-GPU path: every buffer device-local, the frame's uploads and read-backs copied through staging
        // buffers inside the frame's command list (GpuBuffer's one-shot transfers would each be a submission).
        using var gpu = GpuFixture.Scope();
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        AvatarModel model = TinyAvatar.Create(seed: 16);
        var cpu = new AvatarRenderer(model);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var background = new byte[bytes];
        new Random(79).NextBytes(background);
        var expected = new byte[bytes];
        var actual = new byte[bytes];
        using (var device = Compute.ComputeDevice.Create(new Compute.ComputeDeviceOptions
               {
                   EnableValidation = true, SynchronizationValidation = true, ValidationMessage = messages.Enqueue,
                   ForceStagingBuffers = true,
               }))
        using (var renderer = new VulkanAvatarRenderer(device, model, chunkSamples: 4096))
        {
            (float yaw, byte[] bg)[] frames = [(0.05f, []), (0.05f, background), (-0.15f, [])];
            for (int f = 0; f < frames.Length; f++)
            {
                var (yaw, bg) = frames[f];
                float[] c2w = TinyAvatar.CameraToWorld(yaw, 2.8f);
                float[] audio = TinyAvatar.AudioCode(f);
                cpu.Render(c2w, TinyAvatar.Shift, audio, 0.5f, 0, bg, expected);
                renderer.Render(c2w, TinyAvatar.Shift, audio, 0.5f, 0, bg, actual);
                int max = 0;
                for (int i = 0; i < bytes; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
                output.WriteLine($"frame {f}: {renderer.LastSubmissions} submission(s), {renderer.LastHeadSamples} samples, max |Δ| {max}/255");
                Assert.True(max <= 2, $"frame {f}: max abs error {max}/255");
                if (f > 0)
                    Assert.Equal(1, renderer.LastSubmissions);
            }
        }
        Assert.True(messages.IsEmpty, "validation: " + string.Join("\n", messages));
    }

    /// <param name="staged">Every buffer device-local, so each frame's FiLM vector goes up through a staging copy
    /// inside the frame's command list (the discrete-GPU path), on a device of its own whose validation messages
    /// (synchronization included) fail the test; else the shared fixture's host-mapped buffers.</param>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_r2talker_head_renders_from_each_frames_film_vector_as_the_cpu_renderer_does(bool staged)
    {
        AvatarModel model = TinyAvatar.CreateR2Talker(seed: 17);
        // Two landmark rows' FiLM vectors, A B A: B must not stick once A comes back.
        float[] a = TinyAvatar.Film(model, seed: 1), b = TinyAvatar.Film(model, seed: 2);
        byte[][] frames = RenderCodesOnBoth(model, TinyAvatar.CameraToWorld(0.1f, 2.8f), [a, b, a], staged);
        // The FiLM vector matters: the two rows give clearly different heads (far beyond the tolerance above).
        int moved = BytesMoved(frames[0], frames[1]);
        output.WriteLine($"bytes moved by more than 8/255 between rows A and B: {moved}");
        Assert.True(moved > 200, $"only {moved} bytes differ by more than 8/255 between the two landmark rows");
    }

    /// <param name="staged">As for the r2talker head: device-local buffers and a device of its own whose validation
    /// messages (synchronization included) fail the test.</param>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_ernerf_head_renders_as_the_cpu_renderer_does_and_its_attention_hears_the_audio(bool staged)
    {
        AvatarModel model = ErNerf.TinyErNerfAvatar.Create(seed: 19);
        // Audio codes A B A: B must not stick once A comes back.
        float[] a = TinyAvatar.AudioCode(2), b = TinyAvatar.AudioCode(50);
        byte[][] frames = RenderCodesOnBoth(model, TinyAvatar.CameraToWorld(-0.1f, 2.8f), [a, b, a], staged);
        int moved = BytesMoved(frames[0], frames[1]);
        output.WriteLine($"bytes moved by more than 8/255 between audio codes A and B: {moved}");
        Assert.True(moved > 50, $"only {moved} bytes differ by more than 8/255 between the two audio codes");
        Assert.Equal(frames[0], frames[2]);
    }

    /// <summary>
    /// Renders one frame per frame code on the CPU renderer and on the Vulkan renderer (on its own validated device
    /// with every buffer device-local when <paramref name="staged"/>), asserting each pair within 2/255; returns the
    /// Vulkan frames.
    /// </summary>
    private byte[][] RenderCodesOnBoth(AvatarModel model, float[] c2w, float[][] codes, bool staged)
    {
        using var gpu = GpuFixture.Scope();
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var cpu = new AvatarRenderer(model);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var frames = new byte[codes.Length][];
        using (var device = staged
                   ? Compute.ComputeDevice.Create(new Compute.ComputeDeviceOptions
                   {
                       EnableValidation = true, SynchronizationValidation = true, ValidationMessage = messages.Enqueue,
                       ForceStagingBuffers = true,
                   })
                   : null)
        using (var renderer = new VulkanAvatarRenderer(device ?? gpu.Device, model, chunkSamples: 4096))
        {
            var expected = new byte[bytes];
            for (int f = 0; f < codes.Length; f++)
            {
                frames[f] = new byte[bytes];
                cpu.Render(c2w, TinyAvatar.Shift, codes[f], 0.4f, 0, [], expected);
                renderer.Render(c2w, TinyAvatar.Shift, codes[f], 0.4f, 0, [], frames[f]);
                double sum = 0;
                int max = 0;
                for (int i = 0; i < bytes; i++)
                {
                    int d = Math.Abs(expected[i] - frames[f][i]);
                    sum += d;
                    max = Math.Max(max, d);
                }
                output.WriteLine($"frame {f}: {renderer.LastSubmissions} submission(s), {renderer.LastHeadSamples} samples, mean |Δ| {sum / bytes:F4}/255, max |Δ| {max}/255");
                Assert.True(max <= 2, $"frame {f}: max abs error {max}/255");
                Assert.True(sum / bytes <= 2.0, $"frame {f}: mean abs error {sum / bytes}/255");
            }
        }
        Assert.True(messages.IsEmpty, "validation: " + string.Join("\n", messages));
        return frames;
    }

    private static int BytesMoved(byte[] a, byte[] b)
    {
        int moved = 0;
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(a[i] - b[i]) > 8) moved++;
        return moved;
    }

    [SkippableFact]
    public void An_r2talker_model_driven_by_a_landmark_track_renders_the_cpu_drivers_frames_on_vulkan()
    {
        // The run path: AvatarDriver makes each frame's FiLM vector from its landmark row on the CPU and hands it to
        // whichever renderer it drives.
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.CreateR2Talker(seed: 18);
        int row = model.Config.Head.Condition!.PositionFloats;
        var rng = new Random(5);
        var rows = new float[2 * row];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)(0.2 + 0.6 * rng.NextDouble());
        var track = new LandmarkTrack(rows, row);
        byte[][] Drive(IAvatarFrameRenderer? renderer)
        {
            using var driver = new AvatarDriver(model, renderer) { Landmarks = track };
            driver.Motion.FixedPose = true;
            driver.Motion.Blink = false;
            var window = new float[model.Config.Audio.WindowFloats];
            var images = new byte[2][];
            for (int f = 0; f < images.Length; f++)
            {
                images[f] = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
                driver.RenderNext(window, [], images[f]);
            }
            return images;
        }
        byte[][] cpu = Drive(null);
        byte[][] vulkan = Drive(new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096)); // the driver disposes it
        for (int f = 0; f < cpu.Length; f++)
        {
            int max = 0;
            for (int i = 0; i < cpu[f].Length; i++) max = Math.Max(max, Math.Abs(cpu[f][i] - vulkan[f][i]));
            output.WriteLine($"frame {f}: max |Δ| {max}/255");
            Assert.True(max <= 2, $"frame {f}: max abs error {max}/255");
        }
        // Not vacuous: the two rows give different frames.
        Assert.True(cpu[0].Zip(cpu[1]).Count(p => Math.Abs(p.First - p.Second) > 8) > 200, "the two landmark rows render alike");
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
