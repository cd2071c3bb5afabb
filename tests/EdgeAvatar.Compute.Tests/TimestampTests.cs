using EdgeAvatar.Testing;

namespace EdgeAvatar.Compute.Tests;

[Collection(GpuCollection.Name)]
public sealed class TimestampTests
{
    [SkippableFact]
    public void Timestamps_around_work_are_monotone_and_sane()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        Skip.If(device.Info.TimestampValidBits == 0, "The compute queue has no timestamps.");
        const uint n = 1 << 16;
        using GpuBuffer data = device.CreateBuffer(n * 4);
        data.Fill(0);
        using GpuBuffer parameters = TestKernels.IncrementParams(device, 1, n);
        using Kernel kernel = TestKernels.Increment(device);
        using BindingSet set = kernel.Bind(data, parameters);
        using TimestampQueries queries = device.CreateTimestampQueries(3);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.ResetTimestamps(queries);
        list.WriteTimestamp(queries, 0);
        list.Dispatch(kernel, set, TestKernels.Groups(n, 64));
        list.WriteTimestamp(queries, 1);
        list.ComputeBarrier();
        list.Dispatch(kernel, set, TestKernels.Groups(n, 64));
        list.WriteTimestamp(queries, 2);
        list.End();

        for (int run = 0; run < 2; run++)
        {
            device.SubmitAndWait(list);
            double[] ms = queries.ReadMilliseconds();
            Assert.Equal(0, ms[0]);
            Assert.True(ms[1] >= ms[0] && ms[2] >= ms[1], $"not monotone: {string.Join(", ", ms)}");
            // Sane: a few hundred thousand increments take well under a minute, however loaded the machine is.
            Assert.InRange(ms[2], 0, 60_000);
            Assert.Equal(ms[2] - ms[1], queries.ElapsedMilliseconds(1, 2), 6);
            ulong[] ticks = queries.ReadTicks();
            Assert.True(ticks[0] <= ticks[2]);
        }
        Assert.All(data.Download<uint>(), v => Assert.Equal(4u, v));
    }

    [SkippableFact]
    public void Reading_timestamps_that_were_never_written_fails_instead_of_hanging()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        Skip.If(device.Info.TimestampValidBits == 0, "The compute queue has no timestamps.");
        using TimestampQueries queries = device.CreateTimestampQueries(2);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.ResetTimestamps(queries);
        list.WriteTimestamp(queries, 0);
        list.End();
        device.SubmitAndWait(list);
        Assert.Throws<InvalidOperationException>(() => queries.ReadTicks());
    }
}
