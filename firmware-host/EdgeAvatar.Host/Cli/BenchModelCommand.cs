using System.CommandLine;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar bench --model m.eavm [--frames 50] [--size N]... [--device auto|cpu|vulkan|SELECTOR] [--json]</c>: for each
/// size (default 256 and 512) renders frames of the model after <see cref="RenderBenchmark.WarmupFrames"/> warm-up
/// frames and prints FPS, frame-time p50/p99, the per-stage split (audio features, audio network, head, torso,
/// composite, output) and memory (the renderer's peak GPU memory; the process's peak working set). --device picks the
/// renderer by the rule `run` uses (<see cref="DeviceChoice"/>): auto (the default), cpu, vulkan or a Vulkan device
/// selector, so a bench measures the renderer the daemon would run. --json prints one JSON object per size, one per
/// line, with keys fps, frame_ms_p50, frame_ms_p99, device, size, stages_ms, head_samples, gpu_memory_mb (null on the
/// CPU), host_memory_mb, and the cost keys: samples_per_frame (head samples), gflop_per_frame and bytes_per_frame
/// (counted, see FrameCost), submissions_per_frame (queue submissions; 0 on the CPU), host_ms and gpu_ms (per stage;
/// gpu_ms null on the CPU).
/// </summary>
public static class BenchModelCommand
{
    private static readonly int[] DefaultSizes = [256, 512];

    public static void AddTo(Command bench)
    {
        var model = new Option<string?>("--model") { Description = "Baked avatar (.eavm) to benchmark." };
        var frames = new Option<int>("--frames") { Description = "Timed frames per size.", DefaultValueFactory = _ => 50 };
        var device = new Option<string?>("--device")
        {
            Description = "Renderer: auto (as run chooses: Vulkan on a real GPU, else the CPU), cpu, vulkan, or a Vulkan device selector "
                + "(name substring or index). Default: auto.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per size (JSON lines)." };
        var size = new Option<int[]>("--size") { Description = "Render at N x N; repeat for several sizes (default 256 and 512).", AllowMultipleArgumentsPerToken = false };
        bench.Add(model); bench.Add(frames); bench.Add(device); bench.Add(json); bench.Add(size);
        bench.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
        {
            string path = parse.GetValue(model)
                ?? throw new EdgeAvatarException(ExitCodes.Usage, "give --model <file.eavm>, or use `bench kernels`.");
            int n = parse.GetValue(frames);
            if (n < 1) throw new EdgeAvatarException(ExitCodes.Usage, "--frames must be at least 1.");
            int[] sizes = parse.GetValue(size) is { Length: > 0 } s ? s : DefaultSizes;
            if (sizes.Any(v => v is < 16 or > 4096 || v % 2 != 0))
                throw new EdgeAvatarException(ExitCodes.Usage, "--size must be an even number from 16 to 4096.");
            string? choice = parse.GetValue(device);
            if (choice is not null && string.IsNullOrWhiteSpace(choice))
                throw new EdgeAvatarException(ExitCodes.Usage, "--device must be auto, cpu, vulkan or a Vulkan device selector.");
            AvatarModel avatar = AvatarModelFile.Load(path);
            using var renderers = new FrameRendererFactory(choice ?? DeviceChoice.Auto);
            foreach (int side in sizes)
                Print(path, RenderBenchmark.Run(renderers, avatar.WithSize(side, side), n, ct), parse.GetValue(json));
            return 0;
        });
    }

    private static void Print(string path, RenderBenchmarkResult r, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["fps"] = r.Fps, ["frame_ms_p50"] = r.FrameMsP50, ["frame_ms_p99"] = r.FrameMsP99, ["device"] = r.Device,
                ["size"] = $"{r.Width}x{r.Height}", ["stages_ms"] = r.StagesMs, ["head_samples"] = r.HeadSamples,
                ["gpu_memory_mb"] = r.GpuMemoryMb, ["host_memory_mb"] = r.HostMemoryMb,
                ["samples_per_frame"] = r.HeadSamples, ["gflop_per_frame"] = r.Cost.GflopPerFrame,
                ["bytes_per_frame"] = r.Cost.BytesPerFrame, ["submissions_per_frame"] = r.Cost.SubmissionsPerFrame,
                ["host_ms"] = r.Cost.HostMs, ["gpu_ms"] = r.Cost.GpuMs,
            }));
            return;
        }
        Console.Out.WriteLine($"model {Path.GetFileName(path)}  {r.Width}x{r.Height}  device {r.Device}  {r.Frames} frames");
        Console.Out.WriteLine($"fps {r.Fps:F2}  frame p50 {r.FrameMsP50:F1} ms  p99 {r.FrameMsP99:F1} ms  head samples/frame {r.HeadSamples:N0}");
        Console.Out.WriteLine("stages (ms/frame): " + string.Join("  ", r.StagesMs.Select(s => $"{s.Key} {s.Value:F2}")));
        Console.Out.WriteLine($"cost: {r.Cost.GflopPerFrame:F3} GFLOP/frame, {r.Cost.BytesPerFrame / 1e6:F1} MB traffic/frame (counted), "
            + $"{r.Cost.SubmissionsPerFrame:F2} submissions/frame");
        Console.Out.WriteLine("host (ms/frame): " + string.Join("  ", r.Cost.HostMs.Select(s => $"{s.Key} {s.Value:F2}"))
            + (r.Cost.GpuMs is { } gpuMs ? "   gpu (ms/frame): " + string.Join("  ", gpuMs.Select(s => $"{s.Key} {s.Value:F2}")) : ""));
        Console.Out.WriteLine($"memory: GPU {(r.GpuMemoryMb is double g ? $"{g:F1} MiB (peak, renderer buffers)" : "none (CPU renderer)")}, " +
            $"host peak working set {r.HostMemoryMb:F0} MiB");
    }
}
