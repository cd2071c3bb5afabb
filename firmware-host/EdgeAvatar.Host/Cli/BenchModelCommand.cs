using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar bench --model m.eavm [--frames 50] [--json]</c>: renders frames of the model driven by a recorded
/// idle pose track and a sweep of audio windows, after 3 warm-up frames, and prints FPS, frame-time p50/p99 and the
/// per-stage split (audio network, torso, head, composite). Keys in --json: fps, frame_ms_p50, frame_ms_p99,
/// device, size, stages_ms, head_samples. The renderer is the CPU one (the Vulkan path is not wired yet).
/// </summary>
public static class BenchModelCommand
{
    private const int Warmup = 3;

    public static void AddTo(Command bench)
    {
        var model = new Option<string?>("--model") { Description = "Baked avatar (.eavm) to benchmark." };
        var frames = new Option<int>("--frames") { Description = "Timed frames.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        bench.Add(model); bench.Add(frames); bench.Add(json);
        bench.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
        {
            string path = parse.GetValue(model)
                ?? throw new EdgeAvatarException(ExitCodes.Usage, "give --model <file.eavm>, or use `bench kernels`.");
            int n = parse.GetValue(frames);
            if (n < 1) throw new EdgeAvatarException(ExitCodes.Usage, "--frames must be at least 1.");
            var driver = new AvatarDriver(AvatarModelFile.Load(path));
            var cam = driver.Model.Camera;
            var rgb = new byte[cam.Width * cam.Height * 3];
            int wf = driver.Model.Config.Audio.WindowFloats;
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
                driver.RenderNext(window, [], rgb);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (i < Warmup) continue;
                total.Add(ms);
                var t = driver.Renderer.LastTimings;
                audio += driver.LastAudioMs; torso += t.TorsoMs; head += t.HeadMs; composite += t.CompositeMs;
                samples += driver.Renderer.LastHeadSamples;
            }
            total.Sort();
            double p50 = total[total.Count / 2], p99 = total[Math.Min(total.Count - 1, (int)(0.99 * total.Count))];
            double fps = 1000.0 * n / total.Sum();
            var stages = new Dictionary<string, double>
            {
                ["audio"] = audio / n, ["torso"] = torso / n, ["head"] = head / n, ["composite"] = composite / n,
            };
            string device = $"CPU ({Environment.ProcessorCount} threads)";
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["fps"] = fps, ["frame_ms_p50"] = p50, ["frame_ms_p99"] = p99, ["device"] = device,
                    ["size"] = $"{cam.Width}x{cam.Height}", ["stages_ms"] = stages, ["head_samples"] = samples / n,
                }));
            else
            {
                Console.Out.WriteLine($"model {Path.GetFileName(path)}  {cam.Width}x{cam.Height}  device {device}  {n} frames");
                Console.Out.WriteLine($"fps {fps:F2}  frame p50 {p50:F1} ms  p99 {p99:F1} ms  head samples/frame {samples / n:N0}");
 var occ = driver.Model.Occupancy;
                Console.Out.WriteLine($"occupancy {100.0 * occ.OccupiedCount() / occ.CellCount:F1}% of {occ.Resolution}^3 cells, threshold {occ.Threshold:F2}");
                Console.Out.WriteLine("stages (ms/frame): " + string.Join("  ", stages.Select(s => $"{s.Key} {s.Value:F1}")));
            }
            return 0;
        });
    }
}
