using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Common.Cli;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// <c>edgeavatar bench kernels [--json] [--device &lt;selector&gt;] [--repeats 10]</c>: points per second of the
/// forward kernels the renderer runs per sample point — the RAD-NeRF head grid encoding and the RAD-NeRF sigma MLP
/// (65 → 64 → 64 → 65, fp32 and fp16 weights) — at N = 65 536 and 262 144. Each figure is the median of the timed
/// runs after two warm-up runs (the first dispatch compiles the pipeline on lavapipe), timed with GPU timestamps
/// around the dispatches; wall time (submit to fence) is reported beside it. Runs without validation layers.
/// Progress goes to stderr, figures to stdout.
/// </summary>
public static class BenchKernelsCommand
{
    private static readonly int[] s_sizes = [65_536, 262_144];
    private const int WarmupRuns = 2;

    /// <summary>The <c>bench</c> command with its <c>kernels</c> subcommand.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var device = new Option<string?>("--device")
        {
            Description = "Which Vulkan device to use (a name substring or index, as the compute core accepts).",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed runs per measurement (at least 10); the median is reported.",
            DefaultValueFactory = _ => 10,
        };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 10)
                r.AddError("--repeats must be at least 10.");
        });
        var kernels = new Command("kernels", "Measure points/s of the grid-encoding and MLP forward kernels.")
        {
            json,
            device,
            repeats,
        };
        kernels.SetGuardedAction(HostCommandLine.ProgramName, (parse, ct) =>
            Run(parse.GetValue(device), parse.GetValue(repeats), parse.GetValue(json), Console.Out, Console.Error, ct));
        var bench = new Command("bench", "Benchmarks: a model's frame rate (--model), or the compute kernels (bench kernels).") { kernels };
        BenchModelCommand.AddTo(bench);
        return bench;
    }

    /// <summary>One measured kernel at one size.</summary>
    public sealed record Result(string Kernel, string Shape, int Points, double GpuMedianMs, double WallMedianMs)
    {
        public double PointsPerSecond => Points / (GpuMedianMs / 1000.0);
        public double PointsPerSecondWall => Points / (WallMedianMs / 1000.0);
    }

    public static int Run(string? deviceSelector, int repeats, bool json, TextWriter output, TextWriter progress,
        CancellationToken cancellationToken)
    {
        using ComputeDevice device = OpenDevice(deviceSelector);
        progress.WriteLine($"bench: device {device.Info.Name} ({device.Info.Type})");
        var results = new List<Result>();

        GridEncodingConfig grid = GridEncodingConfig.RadNerfHead;
        string gridShape = $"3-D tiled, {grid.Levels} levels x {grid.FeaturesPerLevel} features, base {grid.BaseResolution}, "
            + $"finest {grid.FinestResolution}, table 2^{grid.Log2TableSize}";
        using (var kernel = new GridEncodingKernel(device, grid))
        {
            using GpuBuffer table = Upload(device, Random((int)kernel.Shape.Layout.TableFloats, -1f, 1f, 1));
            foreach (int n in s_sizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.WriteLine($"bench: grid encode, N = {n}");
                using GpuBuffer positions = Upload(device, Random(n * grid.Dimensions, 0f, 1f, 2));
                using GpuBuffer encoded = device.CreateBuffer((long)n * grid.OutputWidth * sizeof(float), BufferUsage.Storage);
                results.Add(Measure(device, repeats, "grid_encode", gridShape, n, cancellationToken,
                    list => kernel.Record(list, table, positions, encoded, n)));
            }
        }

        foreach (MlpWeightPrecision precision in new[] { MlpWeightPrecision.Fp32, MlpWeightPrecision.Fp16 })
        {
            MlpConfig mlp = MlpConfig.RadNerfSigma with { WeightPrecision = precision };
            string shape = $"RAD-NeRF sigma net {mlp.InputWidth}->{mlp.HiddenWidth}->{mlp.HiddenWidth}->{mlp.OutputWidth}, "
                + $"ReLU, bias-free, {precision} weights";
            using var kernel = new FusedMlpKernel(device, mlp);
            using GpuBuffer weights = kernel.CreateWeightBuffer(Random(mlp.ParameterCount, -0.2f, 0.2f, 3));
            foreach (int n in s_sizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.WriteLine($"bench: MLP forward ({precision}), N = {n}");
                using GpuBuffer inputs = Upload(device, Random(n * mlp.InputWidth, -1f, 1f, 4));
                using GpuBuffer outputs = device.CreateBuffer((long)n * mlp.OutputWidth * sizeof(float), BufferUsage.Storage);
                results.Add(Measure(device, repeats, $"mlp_forward_{precision.ToString().ToLowerInvariant()}", shape, n,
                    cancellationToken, list => kernel.Record(list, weights, inputs, outputs, n)));
            }
        }

        if (json)
            WriteJson(device, repeats, results, output);
        else
            WriteText(device, repeats, results, output);
        return ExitCodes.Ok;
    }

    /// <summary>Opens the device without validation; a missing Vulkan surfaces as VulkanUnavailableException (69).</summary>
    private static ComputeDevice OpenDevice(string? selector)
        => ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = selector, EnableValidation = false });

    /// <summary>Warm-up, then <paramref name="repeats"/> timed submissions; medians of GPU and wall time.</summary>
    private static Result Measure(ComputeDevice device, int repeats, string kernel, string shape, int n,
        CancellationToken cancellationToken, Action<CommandList> record)
    {
        using TimestampQueries queries = device.CreateTimestampQueries(2u);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.ResetTimestamps(queries);
        list.WriteTimestamp(queries, 0);
        record(list);
        list.WriteTimestamp(queries, 1);
        list.End();

        var gpu = new List<double>(repeats);
        var wall = new List<double>(repeats);
        for (int run = 0; run < WarmupRuns + repeats; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            device.SubmitAndWait(list);
            double wallMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (run < WarmupRuns)
                continue;
            wall.Add(wallMs);
            gpu.Add(queries.ElapsedMilliseconds(0, 1));
        }
        return new Result(kernel, shape, n, Median(gpu), Median(wall));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    private static float[] Random(int count, float min, float max, int seed)
    {
        var rng = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = min + (max - min) * rng.NextSingle();
        return values;
    }

    private static GpuBuffer Upload(ComputeDevice device, float[] values)
    {
        GpuBuffer buffer = device.CreateBuffer((long)values.Length * sizeof(float), BufferUsage.Storage);
        buffer.Upload<float>(values);
        return buffer;
    }

    private static void WriteText(ComputeDevice device, int repeats, List<Result> results, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"device:  {device.Info.Name} ({device.Info.Type})");
        o.WriteLine($"method:  median of {repeats} runs after {WarmupRuns} warm-up runs; GPU timestamps (wall time in brackets)");
        foreach (var group in results.GroupBy(r => r.Kernel))
        {
            o.WriteLine($"{group.Key}: {group.First().Shape}");
            foreach (Result r in group)
                o.WriteLine(string.Format(c, "  N = {0,7:N0}  {1,10:N0} points/s  {2,9:F2} ms   [wall {3,9:F2} ms, {4,10:N0} points/s]",
                    r.Points, r.PointsPerSecond, r.GpuMedianMs, r.WallMedianMs, r.PointsPerSecondWall));
        }
    }

    private static void WriteJson(ComputeDevice device, int repeats, List<Result> results, TextWriter o)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("device");
            w.WriteString("name", device.Info.Name);
            w.WriteString("type", device.Info.Type.ToString());
            w.WriteEndObject();
            w.WriteNumber("repeats", repeats);
            w.WriteNumber("warmupRuns", WarmupRuns);
            w.WriteString("statistic", "median");
            w.WriteStartArray("results");
            foreach (Result r in results)
            {
                w.WriteStartObject();
                w.WriteString("kernel", r.Kernel);
                w.WriteString("shape", r.Shape);
                w.WriteNumber("points", r.Points);
                w.WriteNumber("gpuMedianMs", Math.Round(r.GpuMedianMs, 4));
                w.WriteNumber("wallMedianMs", Math.Round(r.WallMedianMs, 4));
                w.WriteNumber("pointsPerSecond", Math.Round(r.PointsPerSecond));
                w.WriteNumber("pointsPerSecondWall", Math.Round(r.PointsPerSecondWall));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
