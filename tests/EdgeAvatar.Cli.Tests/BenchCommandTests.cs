using System.Text.Json;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// `edgeavatar bench --model`: one JSON line per size with the documented keys, the six stages and memory; no speed
/// is asserted (figures are for benchmarks, not tests).
/// </summary>
[Collection(TinyAvatarCollection.Name)]
public sealed class BenchCommandTests(TinyAvatarFixture fx)
{
    private static readonly string[] Stages = ["audio_features", "audio_net", "head", "torso", "composite", "output"];
    private static readonly string[] HostStages = ["audio_features", "audio_net", "render_call", "render_host", "output"];
    private static readonly string[] GpuStages = ["torso", "head", "composite", "total"];

    private static JsonElement[] Lines(string stdout)
        => [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    [SkippableFact]
    public void Bench_prints_one_json_line_per_size_with_stages_and_memory()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var r = ProgramRunner.Run("edgeavatar", "bench", "--model", fx.ModelPath, "--frames", "2", "--size", "32", "--size", "48",
            "--device", "cpu", "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        JsonElement[] lines = Lines(r.StdOut);
        Assert.Equal(["32x32", "48x48"], lines.Select(l => l.GetProperty("size").GetString()));
        foreach (JsonElement l in lines)
        {
            Assert.True(l.GetProperty("fps").GetDouble() > 0);
            Assert.True(l.GetProperty("frame_ms_p99").GetDouble() >= l.GetProperty("frame_ms_p50").GetDouble());
            Assert.StartsWith("CPU", l.GetProperty("device").GetString(), StringComparison.Ordinal);
            Assert.Equal(Stages, l.GetProperty("stages_ms").EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, l.GetProperty("gpu_memory_mb").ValueKind);
            Assert.True(l.GetProperty("host_memory_mb").GetDouble() > 0);
            // The cost keys: counted work, no queue submissions on the CPU, host stages only.
            Assert.True(l.GetProperty("samples_per_frame").GetInt64() > 0);
            Assert.True(l.GetProperty("gflop_per_frame").GetDouble() > 0);
            Assert.True(l.GetProperty("bytes_per_frame").GetDouble() > 0);
            Assert.Equal(0, l.GetProperty("submissions_per_frame").GetDouble());
            Assert.Equal(HostStages, l.GetProperty("host_ms").EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, l.GetProperty("gpu_ms").ValueKind);
        }
    }

    [SkippableFact]
    public void Bench_on_vulkan_renders_each_frame_in_one_submission_and_times_gpu_stages()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var r = ProgramRunner.Run("edgeavatar", "bench", "--model", fx.ModelPath, "--frames", "3", "--size", "48", "--device", "vulkan", "--json");
        Skip.If(r.ExitCode == 69, "no Vulkan device: " + r.StdErr);
        Assert.True(r.ExitCode == 0, r.StdErr);
        JsonElement line = Assert.Single(Lines(r.StdOut));
        // Warm-up frames grow the sample buffers; every timed frame is one queue submission (the two-pass renderer
        // that read the sample count back between its passes took two).
        Assert.Equal(1.0, line.GetProperty("submissions_per_frame").GetDouble());
        Assert.True(line.GetProperty("samples_per_frame").GetInt64() > 0);
        Assert.True(line.GetProperty("gflop_per_frame").GetDouble() > 0);
        Assert.True(line.GetProperty("bytes_per_frame").GetDouble() > 0);
        Assert.Equal(HostStages, line.GetProperty("host_ms").EnumerateObject().Select(p => p.Name));
        JsonElement gpu = line.GetProperty("gpu_ms");
        Assert.Equal(GpuStages, gpu.EnumerateObject().Select(p => p.Name));
        Assert.True(gpu.GetProperty("head").GetDouble() > 0);
    }

    [SkippableFact]
    public void Bench_on_vulkan_reports_the_gpu_memory_its_buffers_hold()
    {
        Skip.IfNot(fx.Available, "needs ffmpeg, the dlib/OpenCV data and samples/");
        var r = ProgramRunner.Run("edgeavatar", "bench", "--model", fx.ModelPath, "--frames", "1", "--size", "32", "--device", "vulkan", "--json");
        Skip.If(r.ExitCode == 69, "no Vulkan device: " + r.StdErr);
        Assert.True(r.ExitCode == 0, r.StdErr);
        JsonElement line = Assert.Single(Lines(r.StdOut));
        Assert.StartsWith("Vulkan", line.GetProperty("device").GetString(), StringComparison.Ordinal);
        // At least the model's parameters live in device memory.
        Assert.True(line.GetProperty("gpu_memory_mb").GetDouble() * 1048576 >= new FileInfo(fx.ModelPath).Length / 2.0);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("8")]
    public void Bench_with_a_bad_size_exits_64(string size)
    {
        var r = ProgramRunner.Run("edgeavatar", "bench", "--model", "/nonexistent.eavm", "--size", size);
        TrainCommandTests.AssertCleanFailure(r, 64, "--size", "edgeavatar");
    }
}
