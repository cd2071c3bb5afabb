using System.Diagnostics;
using EdgeAvatar.Audio;
using EdgeAvatar.Host.Output;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's per-frame work, timed stage by stage, for `edgeavatar bench`: audio features (the streaming log-mel
/// of 40 ms of audio, as the run loop computes it), the audio network and attention, torso, head, composite, and the
/// output (scan-out of the frame into a 1920×1080 XRGB8888 buffer, what the drm/fbdev sinks do per frame). The audio
/// is a deterministic noise-like signal; the windows fed to the renderer are random N(0,1)-like features, which
/// exercise the audio path like normalised speech does. Warm-up frames are not timed.
/// </summary>
public static class RenderBenchmark
{
    public const int WarmupFrames = 3;

    public static RenderBenchmarkResult Run(FrameRendererFactory renderers, AvatarModel model, int frames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(renderers);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        using var driver = renderers.CreateDriver(model);
        var cam = model.Camera;
        var rgb = new byte[cam.Width * cam.Height * 3];
        var window = new float[model.Config.Audio.WindowFloats];
        var rng = new Random(1);
        var features = new StreamingLogMelExtractor();
        var pcm = new short[AudioFeatureConfig.Default.SampleRate / 25];
        var mel = new float[features.Config.MelBands];
        var screen = FramebufferLayout.Xrgb8888(1920, 1080, 1920 * 4);
        var blitter = new FramebufferBlitter(screen, cam.Width, cam.Height);
        var scanout = new byte[screen.Length];
        var frameMs = new List<double>(frames);
        var sums = new double[6];
        double renderCall = 0;
        long samples = 0, rays = 0, submissions = 0;
        for (int i = 0; i < WarmupFrames + frames; i++)
        {
            ct.ThrowIfCancellationRequested();
            for (int k = 0; k < pcm.Length; k++) pcm[k] = (short)rng.Next(-8000, 8000);
            for (int k = 0; k < window.Length; k++) window[k] = (float)(rng.NextDouble() * 2 - 1);

            long t0 = Stopwatch.GetTimestamp();
            features.Push(pcm);
            while (features.TryReadFrame(mel, out _)) { }
            long t1 = Stopwatch.GetTimestamp();
            driver.RenderNext(window, [], rgb);
            long t2 = Stopwatch.GetTimestamp();
            blitter.Draw(rgb, scanout);
            long t3 = Stopwatch.GetTimestamp();
            if (i < WarmupFrames) continue;

            frameMs.Add(Stopwatch.GetElapsedTime(t0, t3).TotalMilliseconds);
            RenderTimings t = driver.Renderer.LastTimings;
            sums[0] += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            sums[1] += driver.LastAudioMs;
            sums[2] += t.HeadMs;
            sums[3] += t.TorsoMs;
            sums[4] += t.CompositeMs;
            sums[5] += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            renderCall += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds - driver.LastAudioMs;
            samples += driver.Renderer.LastHeadSamples;
            rays += HeadRays(driver.Renderer);
            submissions += driver.Renderer is VulkanAvatarRenderer v ? v.LastSubmissions : 0;
        }
        frameMs.Sort();
        var stages = new Dictionary<string, double>
        {
            ["audio_features"] = sums[0] / frames, ["audio_net"] = sums[1] / frames, ["head"] = sums[2] / frames,
            ["torso"] = sums[3] / frames, ["composite"] = sums[4] / frames, ["output"] = sums[5] / frames,
        };
        double? gpuMb = renderers.Device is { } d ? d.PeakAllocatedBytes / 1048576.0 : null;
        bool gpu = renderers.Device is not null;
        // Host: what the CPU spends per frame; on Vulkan the render call minus the GPU's stage times is the host's
        // share of it (recording, submission, waiting overheads, uploads, the read-back).
        double gpuTotal = stages["torso"] + stages["head"] + stages["composite"];
        var host = new Dictionary<string, double>
        {
            ["audio_features"] = stages["audio_features"], ["audio_net"] = stages["audio_net"],
            ["render_call"] = renderCall / frames, ["render_host"] = gpu ? renderCall / frames - gpuTotal : renderCall / frames,
            ["output"] = stages["output"],
        };
        Dictionary<string, double>? gpuMs = gpu
            ? new() { ["torso"] = stages["torso"], ["head"] = stages["head"], ["composite"] = stages["composite"], ["total"] = gpuTotal }
            : null;
        long torsoPixels = Math.Max(0, model.TorsoRegion.Area), pixels = (long)cam.Width * cam.Height;
        var cost = new FrameCostFigures(
            FrameCost.Flops(model.Config, samples / frames, torsoPixels, pixels) / 1e9,
            FrameCost.Bytes(model.Config, samples / frames, rays / frames, torsoPixels, pixels),
            (double)submissions / frames, host, gpuMs);
        using var self = Process.GetCurrentProcess();
        return new RenderBenchmarkResult(renderers.Description, cam.Width, cam.Height, frames,
            1000.0 * frames / frameMs.Sum(), RunLoop.Percentile(frameMs, 0.5), RunLoop.Percentile(frameMs, 0.99), stages, samples / frames,
            gpuMb, self.PeakWorkingSet64 / 1048576.0, cost);
    }

    private static long HeadRays(IAvatarFrameRenderer renderer) => renderer switch
    {
        VulkanAvatarRenderer v => v.LastHeadRegion.Area,
        AvatarRenderer c => c.LastHeadRegion.Area,
        _ => 0,
    };
}
