using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Compute;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar bench --model m.eavm [--frames 50] [--size N] [--device cpu|vulkan|SELECTOR] [--json]</c>: renders frames of
/// the model driven by a recorded idle pose track and a sweep of audio windows, after 3 warm-up frames, and prints
/// FPS, frame-time p50/p99 and the per-stage split (audio network, torso, head, composite). --device picks the
/// renderer: <c>cpu</c> (<see cref="AvatarRenderer"/>), <c>vulkan</c> (<see cref="VulkanAvatarRenderer"/> on the
/// default Vulkan device) or a Vulkan device selector (name substring or index); without it, vulkan when a Vulkan
/// device exists, else cpu. Keys in --json: fps, frame_ms_p50, frame_ms_p99, device, size, stages_ms, head_samples.
/// </summary>
public static class BenchModelCommand
{
    private const int Warmup = 3;

    public static void AddTo(Command bench)
    {
        var model = new Option<string?>("--model") { Description = "Baked avatar (.eavm) to benchmark." };
        var frames = new Option<int>("--frames") { Description = "Timed frames.", DefaultValueFactory = _ => 50 };
        var device = new Option<string?>("--device")
        {
            Description = "Renderer: cpu, vulkan, or a Vulkan device selector (name substring or index). "
                + "Default: vulkan when a Vulkan device exists, else cpu.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var size = new Option<int?>("--size") { Description = "Render at N x N instead of the model's recorded size." };
        bench.Add(model); bench.Add(frames); bench.Add(device); bench.Add(json); bench.Add(size);
        bench.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
        {
            string path = parse.GetValue(model)
                ?? throw new EdgeAvatarException(ExitCodes.Usage, "give --model <file.eavm>, or use `bench kernels`.");
            int n = parse.GetValue(frames);
            if (n < 1) throw new EdgeAvatarException(ExitCodes.Usage, "--frames must be at least 1.");
            string? choice = parse.GetValue(device);
            if (choice is not null && string.IsNullOrWhiteSpace(choice))
                throw new EdgeAvatarException(ExitCodes.Usage, "--device must be cpu, vulkan or a Vulkan device selector.");
            AvatarModel avatar = AvatarModelFile.Load(path);
            if (parse.GetValue(size) is int side) avatar = avatar.WithSize(side, side);
            using var renderers = new Run.FrameRendererFactory(choice ?? (VulkanAvailable() ? "vulkan" : "cpu"));
            using var driver = renderers.CreateDriver(avatar);
            var m = Run(avatar, n, ct, renderers.Description, (window, rgb) =>
            {
                driver.RenderNext(window, [], rgb);
                return (driver.LastAudioMs, driver.Renderer.LastTimings, driver.Renderer.LastHeadSamples);
            });
            return Report(path, avatar, n, parse.GetValue(json), m);
        });
    }

    /// <summary>Timed frames and per-stage sums of one benchmark run.</summary>
    private sealed record Measured(string Device, List<double> FrameMs, double Audio, double Torso, double Head,
        double Composite, long Samples);

    private delegate (double AudioMs, RenderTimings Timings, int Samples) FrameRenderer(float[] window, byte[] rgb);

    private static Measured Run(AvatarModel avatar, int n, CancellationToken ct, string device, FrameRenderer render)
    {
        var cam = avatar.Camera;
        var rgb = new byte[cam.Width * cam.Height * 3];
        int wf = avatar.Config.Audio.WindowFloats;
        var rng = new Random(1);
        var window = new float[wf];
        var total = new List<double>();
        double audio = 0, torso = 0, head = 0, composite = 0;
        long samples = 0;
        for (int i = 0; i < Warmup + n; i++)
        {
            ct.ThrowIfCancellationRequested();
            // Normalised features are ~N(0, 1): a random window exercises the audio path like speech does.
            for (int k = 0; k < wf; k++) window[k] = (float)(rng.NextDouble() * 2 - 1);
            long t0 = Stopwatch.GetTimestamp();
            var (audioMs, t, s) = render(window, rgb);
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (i < Warmup) continue;
            total.Add(ms);
            audio += audioMs; torso += t.TorsoMs; head += t.HeadMs; composite += t.CompositeMs;
            samples += s;
        }
        return new Measured(device, total, audio, torso, head, composite, samples);
    }

    private static int Report(string path, AvatarModel avatar, int n, bool json, Measured m)
    {
        var cam = avatar.Camera;
        var total = m.FrameMs;
        total.Sort();
        double p50 = total[total.Count / 2], p99 = total[Math.Min(total.Count - 1, (int)(0.99 * total.Count))];
        double fps = 1000.0 * n / total.Sum();
        var stages = new Dictionary<string, double>
        {
            ["audio"] = m.Audio / n, ["torso"] = m.Torso / n, ["head"] = m.Head / n, ["composite"] = m.Composite / n,
        };
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["fps"] = fps, ["frame_ms_p50"] = p50, ["frame_ms_p99"] = p99, ["device"] = m.Device,
                ["size"] = $"{cam.Width}x{cam.Height}", ["stages_ms"] = stages, ["head_samples"] = m.Samples / n,
            }));
        else
        {
            Console.Out.WriteLine($"model {Path.GetFileName(path)}  {cam.Width}x{cam.Height}  device {m.Device}  {n} frames");
            Console.Out.WriteLine($"fps {fps:F2}  frame p50 {p50:F1} ms  p99 {p99:F1} ms  head samples/frame {m.Samples / n:N0}");
            Console.Out.WriteLine("stages (ms/frame): " + string.Join("  ", stages.Select(s => $"{s.Key} {s.Value:F1}")));
        }
        return 0;
    }

    /// <summary>True when a usable Vulkan device exists (the default choice of --device).</summary>
    private static bool VulkanAvailable()
    {
        try
        {
            return ComputeDevice.EnumerateDevices().Any(d => d.IsSupported);
        }
        catch (VulkanUnavailableException)
        {
            return false;
        }
    }
}
