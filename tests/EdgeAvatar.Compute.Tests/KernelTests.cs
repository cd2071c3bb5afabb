using EdgeAvatar.Testing;

namespace EdgeAvatar.Compute.Tests;

[Collection(GpuCollection.Name)]
public sealed class KernelTests
{
    [SkippableFact]
    public void Kernel_applies_push_constants_specialization_and_two_bindings()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        const uint n = 100; // not a multiple of the group size: the bounds check in the shader matters
        float[] x = Enumerable.Range(0, (int)n).Select(i => i * 0.5f).ToArray();
        using GpuBuffer xs = device.CreateBuffer<float>(x);
        using GpuBuffer ys = device.CreateBuffer(n * 4 + 64);
        ys.Fill(BitConverter.SingleToUInt32Bits(-1f));
        using Kernel kernel = TestKernels.ScaleAdd(device, offset: 0.25f);
        using BindingSet set = kernel.Bind(xs, ys);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.Dispatch(kernel, set, TestKernels.Groups(n, TestKernels.ScaleAddGroupSize), new TestKernels.ScaleAddPush { A = 3, B = -2, N = n });
        list.End();
        device.SubmitAndWait(list);

        float[] y = ys.Download<float>();
        for (int i = 0; i < n; i++)
            Assert.Equal(3 * x[i] - 2 + 0.25f, y[i]);
        Assert.All(y[(int)n..], v => Assert.Equal(-1f, v)); // nothing written past n
    }

    [SkippableFact]
    public void Recorded_command_list_is_reusable_across_submissions()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        const uint n = 200;
        using GpuBuffer data = device.CreateBuffer(n * 4);
        data.Fill(0);
        using GpuBuffer parameters = TestKernels.IncrementParams(device, step: 3, n);
        using Kernel kernel = TestKernels.Increment(device);
        using BindingSet set = kernel.Bind(data, parameters);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.Dispatch(kernel, set, TestKernels.Groups(n, 64));
        list.End();

        device.SubmitAndWait(list);
        Fence second = device.Submit(list);
        // Submitting again while the previous run may be pending is allowed: Submit waits for it.
        using (Fence third = device.Submit(list))
            Assert.True(third.Wait(TimeSpan.FromMinutes(5)));
        Assert.True(second.IsSignaled);
        second.Dispose();
        device.SubmitAndWait(list);

        Assert.All(data.Download<uint>(), v => Assert.Equal(12u, v));
    }

    [SkippableFact]
    public void Barrier_orders_a_write_before_a_dependent_read_under_sync_validation()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        const uint n = 64;
        using GpuBuffer x = device.CreateBuffer<float>(Enumerable.Repeat(1f, (int)n).ToArray());
        using GpuBuffer mid = device.CreateBuffer(n * 4);
        using GpuBuffer y = device.CreateBuffer(n * 4);
        using Kernel kernel = TestKernels.ScaleAdd(device, 0);
        using BindingSet first = kernel.Bind(x, mid);
        using BindingSet second = kernel.Bind(mid, y);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.Dispatch(kernel, first, TestKernels.Groups(n, TestKernels.ScaleAddGroupSize), new TestKernels.ScaleAddPush { A = 2, B = 0, N = n });
        list.ComputeBarrier();
        list.Dispatch(kernel, second, TestKernels.Groups(n, TestKernels.ScaleAddGroupSize), new TestKernels.ScaleAddPush { A = 1, B = 5, N = n });
        list.End();
        device.SubmitAndWait(list);
        Assert.All(y.Download<float>(), v => Assert.Equal(7f, v));
    }

    [SkippableFact]
    public void Missing_barrier_between_dependent_dispatches_is_reported_by_synchronization_validation()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        const uint n = 64;
        using GpuBuffer x = device.CreateBuffer<float>(Enumerable.Repeat(1f, (int)n).ToArray());
        using GpuBuffer mid = device.CreateBuffer(n * 4);
        using GpuBuffer y = device.CreateBuffer(n * 4);
        using Kernel kernel = TestKernels.ScaleAdd(device, 0);
        using BindingSet first = kernel.Bind(x, mid);
        using BindingSet second = kernel.Bind(mid, y);
        using CommandList list = device.CreateCommandList();
        gpu.AssertNoValidationMessages();
        list.Begin();
        list.Dispatch(kernel, first, 2, new TestKernels.ScaleAddPush { A = 2, B = 0, N = n });
        // Kernel B reads `mid`, which kernel A wrote, with no ComputeBarrier: a read-after-write hazard. On lavapipe the
        // result would still be right (dispatches run one at a time); only synchronization validation can see it.
        list.Dispatch(kernel, second, 2, new TestKernels.ScaleAddPush { A = 1, B = 5, N = n });
        list.End();
        device.SubmitAndWait(list);

        IReadOnlyList<string> messages = gpu.TakeValidationMessages();
        Assert.Contains(messages, m => m.Contains("SYNC-HAZARD-READ-AFTER-WRITE", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Missing_barrier_between_transfers_is_reported_by_synchronization_validation()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        using GpuBuffer a = device.CreateBuffer(256);
        using GpuBuffer b = device.CreateBuffer(256);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.FillBuffer(a, 1);
        list.CopyBuffer(a, b); // reads what the fill wrote, no barrier
        list.End();
        device.SubmitAndWait(list);
        IReadOnlyList<string> messages = gpu.TakeValidationMessages();
        Assert.Contains(messages, m => m.Contains("SYNC-HAZARD", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Wrong_buffer_kind_or_count_is_rejected_when_binding()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        using GpuBuffer storage = device.CreateBuffer(256);
        using GpuBuffer uniform = device.CreateBuffer(256, BufferUsage.Uniform);
        using Kernel kernel = TestKernels.Increment(device);
        Assert.Throws<ArgumentException>(() => kernel.Bind(storage));
        Assert.Throws<ArgumentException>(() => kernel.Bind(storage, storage));
        Assert.Throws<ArgumentException>(() => kernel.Bind(uniform, uniform));
        using BindingSet ok = kernel.Bind(storage, uniform);

        using CommandList list = device.CreateCommandList();
        Assert.Throws<InvalidOperationException>(() => list.Dispatch(kernel, ok, 1));
        list.Begin();
        Assert.Throws<ArgumentException>(() => list.Dispatch(kernel, ok, 1, 1, 1, new byte[4]));
        list.End();
        Assert.Throws<ArgumentException>(() => device.CreateKernel(new byte[12], KernelLayout.StorageBuffers(1)));
    }

    [SkippableFact]
    public void Submitting_after_a_recorded_buffer_was_disposed_throws()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        GpuBuffer data = device.CreateBuffer(256);
        using GpuBuffer parameters = TestKernels.IncrementParams(device, 1, 64);
        using Kernel kernel = TestKernels.Increment(device);
        using BindingSet set = kernel.Bind(data, parameters);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.Dispatch(kernel, set, 1);
        list.End();
        data.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => device.Submit(list));
        Assert.Contains("buffer", e.Message);
    }

    [SkippableFact]
    public void Many_binding_sets_grow_the_descriptor_pools()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        using GpuBuffer storage = device.CreateBuffer(256);
        using GpuBuffer uniform = TestKernels.IncrementParams(device, 1, 64);
        using Kernel kernel = TestKernels.Increment(device);
        var sets = Enumerable.Range(0, 80).Select(_ => kernel.Bind(storage, uniform)).ToList();
        sets[5].Dispose();
        sets[5] = kernel.Bind(storage, uniform);
        foreach (BindingSet s in sets)
            s.Dispose();
    }
}
