using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Testing;
using Xunit.Abstractions;

namespace EdgeAvatar.Render.Tests.Vulkan;

/// <summary>
/// A kiosk renders for weeks: 5 000 frames on the Vulkan renderer (tiny model, 64², varying pose, audio and
/// background) must leave managed memory, open file descriptors and the process's resident memory flat. Measured
/// after a 300-frame warm-up (pipelines, buffer growth), then again at the end.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class VulkanRendererSoakTests(ITestOutputHelper output)
{
    private const int Warmup = 300, Frames = 5000;

    [SkippableFact]
    public void Five_thousand_frames_leave_memory_and_handles_flat()
    {
        using var gpu = GpuFixture.Scope();
        AvatarModel model = TinyAvatar.Create(seed: 31);
        using var renderer = new VulkanAvatarRenderer(gpu.Device, model, chunkSamples: 4096);
        int bytes = 3 * TinyAvatar.Size * TinyAvatar.Size;
        var rgb = new byte[bytes];
        var background = new byte[bytes];
        new Random(5).NextBytes(background);
        (long managed, int fds, long rss) before = default;
        for (int i = 0; i < Warmup + Frames; i++)
        {
            if (i == Warmup) before = Measure();
            float yaw = 0.2f * MathF.Sin(i * 0.05f);
            renderer.Render(TinyAvatar.CameraToWorld(yaw, 2.8f), TinyAvatar.Shift, TinyAvatar.AudioCode(i % 97), 0.3f + 0.1f * (i % 3), 0,
                i % 2 == 0 ? [] : background, rgb);
        }
        var after = Measure();
        output.WriteLine($"managed {before.managed} -> {after.managed} B, fds {before.fds} -> {after.fds}, rss {before.rss >> 20} -> {after.rss >> 20} MiB");
        Assert.Equal(before.fds, after.fds);
        Assert.True(after.managed - before.managed < 1 << 20, $"managed memory grew by {after.managed - before.managed} bytes");
        Assert.True(after.rss - before.rss < 32L << 20, $"resident memory grew by {(after.rss - before.rss) >> 20} MiB");
    }

    private static (long managed, int fds, long rss) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int fds = Directory.GetFiles("/proc/self/fd").Length;
        return (GC.GetTotalMemory(forceFullCollection: true), fds, Environment.WorkingSet);
    }
}
