using System.Diagnostics;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Head;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.ErNerf;

/// <summary>
/// The figures of docs/results/2026-12-05-ernerf-components.md, run by hand with EDGEAVATAR_ERNERF_MEASURE=1 (skipped
/// otherwise: a timing on a shared CI machine is not a pass/fail result). Parameter counts come from the configs'
/// own layouts; the encoding timings are Stopwatch medians over whole batches.
/// </summary>
public class ErNerfMeasurement(ITestOutputHelper output)
{
    private const int Points = 1 << 16;
    private const int Repeats = 7;

    [SkippableFact]
    public void Sizes_and_encoding_timings()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("EDGEAVATAR_ERNERF_MEASURE") == "1", "set EDGEAVATAR_ERNERF_MEASURE=1 to measure");

        output.WriteLine("preset | radnerf head params | radnerf whole params (fp16 MiB) | ernerf head params | ernerf whole params (fp16 MiB)");
        foreach ((string name, AvatarModelConfig radnerf, ErNerfHeadConfig ernerf) in new[]
        {
            ("quick", AvatarModelConfig.Quick, ErNerfHeadConfig.Quick), ("full", AvatarModelConfig.RadNerf, ErNerfHeadConfig.Full),
        })
        {
            long radHead = RadNerfHeadParameters(radnerf.Head);
            long whole = new AvatarParameters(radnerf, 1).Layout.Blocks.Sum(b => (long)b.Count);
            long erHead = ernerf.EnsureValid().BakedParameterCount;
            long erWhole = whole - radHead + erHead + AdaptivePoseEncoding.ErNerfAnchors.Count;
            output.WriteLine($"{name} | {radHead} ({Mib(radHead):F2} MiB) | {whole} ({Mib(whole):F2}) | {erHead} ({Mib(erHead):F2} MiB) | {erWhole} ({Mib(erWhole):F2})");
            foreach (var block in new AvatarParameters(radnerf, 1).Layout.Blocks)
                output.WriteLine($"  {name} radnerf block {block.Name}: {block.Count}");
            output.WriteLine($"  {name} ernerf: planes {ernerf.TriPlaneFloats}, audio attention {ernerf.RegionAttention.AudioMlp.ParameterCount}, "
                + $"eye attention {ernerf.RegionAttention.EyeMlp.ParameterCount}, sigma {ernerf.SigmaMlp.ParameterCount}, "
                + $"colour {ernerf.ColorMlp.ParameterCount}, latent {ernerf.LatentWidth}");
        }

        // The torso is the other big block: ernerf full's whole-model count with smaller torso tables.
        foreach (int log2 in new[] { 15, 14 })
        {
            AvatarModelConfig smaller = AvatarModelConfig.RadNerf with
            {
                Torso = AvatarModelConfig.RadNerf.Torso with { Grid = AvatarModelConfig.RadNerf.Torso.Grid with { Log2TableSize = log2 } },
            };
            long whole = new AvatarParameters(smaller, 1).Layout.Blocks.Sum(b => (long)b.Count);
            long erWhole = whole - RadNerfHeadParameters(smaller.Head) + ErNerfHeadConfig.Full.BakedParameterCount
                + AdaptivePoseEncoding.ErNerfAnchors.Count;
            output.WriteLine($"full, torso grid 2^{log2}: torso {smaller.Torso.ParameterCount}, ernerf whole {erWhole} ({Mib(erWhole):F2} MiB)");
        }

        var rng = new Random(5);
        float[] positions = Enumerable.Range(0, 3 * Points).Select(_ => (float)rng.NextDouble()).ToArray();
        output.WriteLine($"encoding of {Points} points, median of {Repeats} batches after 2 warm-up ones, ns per point:");
        Time3D("3-D grid, radnerf full spatial (16 levels x 2, 2^16, 16..2048)", HeadModelConfig.RadNerf.SpatialGrid, positions);
        Time3D("3-D grid, radnerf quick spatial (12 levels x 2, 2^15, 16..1024)", HeadModelConfig.Quick.SpatialGrid, positions);
        Time3D("3-D grid with ernerf's plane settings (12 levels x 1, 2^14, 64..512)", TriPlaneEncoding.ErNerfPlane with { Dimensions = 3 }, positions);
        TimeTriPlane("tri-plane, ernerf full (3 x 12 levels x 1, 2^14, 64..512)", ErNerfHeadConfig.Full.Plane, positions);
        TimeTriPlane("tri-plane, ernerf quick (3 x 12 levels x 1, 2^13, 64..256)", ErNerfHeadConfig.Quick.Plane, positions);
    }

    private static double Mib(long parameters) => parameters * 2.0 / (1 << 20);

    /// <summary>What the baker writes for the head: both tables, the three MLPs and one mean latent row.</summary>
    private static long RadNerfHeadParameters(HeadModelConfig head)
        => new GridEncodingLayout(head.SpatialGrid).TableFloats + new GridEncodingLayout(head.AmbientGrid).TableFloats
            + head.AmbientMlp.ParameterCount + head.SigmaMlp.ParameterCount + head.ColorMlp.ParameterCount + head.LatentWidth;

    private void Time3D(string label, GridEncodingConfig config, float[] positions)
    {
        var layout = new GridEncodingLayout(config);
        float[] table = RandomTable(layout.TableFloats);
        var result = new float[Points * config.OutputWidth];
        double ns = Median(() => CpuGridEncoding.Forward(layout, table, positions, result));
        output.WriteLine($"  {label}: {ns:F1}");
    }

    private void TimeTriPlane(string label, GridEncodingConfig plane, float[] positions)
    {
        var encoding = new TriPlaneEncoding(plane);
        float[] table = RandomTable(encoding.TableFloats);
        var result = new float[Points * encoding.OutputWidth];
        double withCopies = Median(() => encoding.Forward(table, positions, result));
        // The three 2-D lookups alone, from coordinates split beforehand (what a fused kernel would pay).
        float[][] split = Enumerable.Range(0, 3).Select(p =>
        {
            var buffer = new float[2 * Points];
            TriPlaneEncoding.ProjectToPlane(positions, p, buffer);
            return buffer;
        }).ToArray();
        var planeResult = new float[Points * encoding.PlaneWidth];
        int planeFloats = (int)encoding.PlaneTableFloats;
        double lookupsOnly = Median(() =>
        {
            for (int p = 0; p < 3; p++)
                CpuGridEncoding.Forward(encoding.Layout, table.AsSpan(p * planeFloats, planeFloats), split[p], planeResult);
        });
        output.WriteLine($"  {label}: {withCopies:F1} (TriPlaneEncoding.Forward), {lookupsOnly:F1} (three 2-D lookups alone)");
    }

    private static float[] RandomTable(long floats)
    {
        var rng = new Random(6);
        return Enumerable.Range(0, (int)floats).Select(_ => (float)(rng.NextDouble() * 2e-4 - 1e-4)).ToArray();
    }

    private static double Median(Action run)
    {
        run();
        run();
        var times = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Points;
        }
        Array.Sort(times);
        return times[Repeats / 2];
    }
}
