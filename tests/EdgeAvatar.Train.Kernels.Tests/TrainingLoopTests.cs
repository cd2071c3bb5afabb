using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Testing;
using EdgeAvatar.Train.Kernels.Encodings;
using EdgeAvatar.Train.Kernels.Networks;
using EdgeAvatar.Train.Kernels.Optimizers;

using EdgeAvatar.Kernels.Tests;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// End-to-end: grid forward → MLP forward → MSE → MLP backward (input grads) → grid backward → Adam, all on the
/// device, fitting f(x, y) = 0.5 + 0.3·sin(2πx)·cos(2πy) on 256 fixed points. Deterministic seeds; the loss must
/// fall by a large factor, which fails if any gradient (sign, scale, routing into the table) is wrong.
/// </summary>
[Collection(GpuCollection.Name)]
public class TrainingLoopTests
{
    [SkippableFact]
    public void Adam_with_the_backward_kernels_fits_a_small_grid_and_mlp()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        var gridConfig = new GridEncodingConfig
        {
            Dimensions = 2, Levels = 4, FeaturesPerLevel = 2, Log2TableSize = 10, BaseResolution = 4, FinestResolution = 32,
        };
        var mlpConfig = new MlpConfig { InputWidth = 8, HiddenWidth = 16, HiddenLayers = 1, OutputWidth = 1 };
        const int n = 256, steps = 200;
        float[] positions = TestData.Uniform(n * 2, 0f, 1f, seed: 1);
        var target = new float[n];
        for (int i = 0; i < n; i++)
            target[i] = 0.5f + 0.3f * MathF.Sin(2 * MathF.PI * positions[2 * i]) * MathF.Cos(2 * MathF.PI * positions[2 * i + 1]);

        using var encode = new GridEncodingKernel(device, gridConfig);
        using var encodeBack = new GridEncodingBackwardKernel(device, gridConfig);
        using var mlp = new FusedMlpKernel(device, mlpConfig);
        using var mlpBack = new FusedMlpBackwardKernel(device, mlpConfig);
        using var adam = new AdamKernel(device, new AdamConfig());
        float[] mlpWeights = TestData.MlpWeights(mlpConfig, seed: 2);
        int tableFloats = (int)encode.Shape.Layout.TableFloats;
        using GpuBuffer table = device.CreateBuffer<float>(TestData.Uniform(tableFloats, -1e-4f, 1e-4f, seed: 3));
        using GpuBuffer tableGrad = device.CreateBuffer(encode.Shape.TableBytes);
        using GpuBuffer tableM = device.CreateBuffer(encode.Shape.TableBytes);
        using GpuBuffer tableV = device.CreateBuffer(encode.Shape.TableBytes);
        using GpuBuffer weights = device.CreateBuffer<float>(mlpWeights);
        using GpuBuffer packed = mlp.CreateWeightBuffer(mlpWeights);
        using GpuBuffer weightGrad = device.CreateBuffer(mlpBack.WeightGradBytes);
        using GpuBuffer weightM = device.CreateBuffer(mlpBack.WeightGradBytes);
        using GpuBuffer weightV = device.CreateBuffer(mlpBack.WeightGradBytes);
        using GpuBuffer pos = device.CreateBuffer<float>(positions);
        using GpuBuffer features = device.CreateBuffer((long)n * gridConfig.OutputWidth * sizeof(float));
        using GpuBuffer featureGrad = device.CreateBuffer((long)n * gridConfig.OutputWidth * sizeof(float));
        using GpuBuffer output = device.CreateBuffer(n * sizeof(float));
        using GpuBuffer outputGrad = device.CreateBuffer(n * sizeof(float));
        foreach (GpuBuffer b in new[] { tableM, tableV, weightM, weightV })
            b.Fill(0);

        double Forward()
        {
            using CommandList list = device.CreateCommandList();
            list.Begin();
            encode.Record(list, table, pos, features, n);
            list.ComputeBarrier();
            mlp.Record(list, packed, features, output, n);
            list.End();
            device.SubmitAndWait(list);
            float[] y = output.Download<float>();
            var g = new float[n];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                float r = y[i] - target[i];
                loss += (double)r * r / n;
                g[i] = 2f * r / n;
            }
            outputGrad.Upload<float>(g);
            return loss;
        }

        double initial = Forward(), loss = initial;
        for (int step = 1; step <= steps; step++)
        {
            using (CommandList list = device.CreateCommandList())
            {
                list.Begin();
                list.FillBuffer(tableGrad, 0);
                list.FillBuffer(weightGrad, 0);
                list.ComputeBarrier();
                mlpBack.Record(list, packed, features, outputGrad, weightGrad, featureGrad, n);
                list.ComputeBarrier();
                encodeBack.Record(list, table, pos, featureGrad, tableGrad, null, n);
                list.ComputeBarrier();
                adam.Record(list, [new(0, tableFloats, 1e-2f)], step, table, tableGrad, tableM, tableV);
                list.ComputeBarrier();
                adam.Record(list, [new(0, mlpConfig.ParameterCount, 1e-2f)], step, weights, weightGrad, weightM, weightV);
                list.End();
                device.SubmitAndWait(list);
            }
            // The forward reads 4x4-blocked weights from a uniform buffer: re-pack the fp32 master weights.
            mlp.UploadWeights(packed, weights.Download<float>());
            loss = Forward();
        }
        Assert.True(loss < initial / 50, $"loss {initial:E3} → {loss:E3} after {steps} steps");
    }
}
