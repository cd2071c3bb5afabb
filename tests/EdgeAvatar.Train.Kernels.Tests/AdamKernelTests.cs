using EdgeAvatar.Compute;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Kernels.Optimizers;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>adam.comp against <see cref="CpuAdam"/> over several steps, two groups and an untouched tail.</summary>
[Collection(GpuCollection.Name)]
public class AdamKernelTests
{
    [SkippableFact]
    public void Gpu_steps_match_the_reference_over_several_steps()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        var config = new AdamConfig { WeightDecay = 1e-3f };
        AdamParameterGroup[] groups = [new(0, 700, 1e-2f), new(700, 250, 1e-3f)]; // 50 parameters left out
        const int count = 1000;
        float[] p = TestData.Uniform(count, -1f, 1f, seed: 5), m = new float[count], v = new float[count];
        float[] untouched = p[950..];

        using var kernel = new AdamKernel(device, config);
        using GpuBuffer pg = device.CreateBuffer<float>(p);
        using GpuBuffer gg = device.CreateBuffer((long)count * sizeof(float));
        using GpuBuffer mg = device.CreateBuffer((long)count * sizeof(float));
        using GpuBuffer vg = device.CreateBuffer((long)count * sizeof(float));
        mg.Fill(0);
        vg.Fill(0);
        for (int step = 1; step <= 5; step++)
        {
            float[] g = TestData.Uniform(count, -1f, 1f, seed: 10 + step);
            gg.Upload<float>(g);
            CpuAdam.Step(config, groups, step, p, g, m, v);
            kernel.Step(groups, step, pg, gg, mg, vg);
        }
        // The shader's operations are `precise` and in the reference's order; sqrt and division are correctly
        // rounded in both, so only ~1 ulp per operation (≈ 6e-8 relative, ~10 operations per step) can separate them.
        AssertClose(p, pg.Download<float>(), 1e-6f);
        AssertClose(m, mg.Download<float>(), 1e-6f);
        AssertClose(v, vg.Download<float>(), 1e-6f);
        Assert.Equal(untouched, pg.Download<float>()[950..]);
    }

    private static void AssertClose(float[] expected, float[] actual, float relative)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            float tol = relative * MathF.Max(MathF.Abs(expected[i]), 1e-6f);
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
