using EdgeAvatar.Testing;

namespace EdgeAvatar.Compute.Tests;

[Collection(GpuCollection.Name)]
public sealed class BufferTests
{
    [SkippableFact]
    public void Upload_then_download_round_trips_bytes()
    {
        using GpuScope gpu = GpuFixture.Scope();
        RoundTrip(gpu.Device);
    }

    [SkippableFact]
    public void Staging_path_upload_download_and_fill_round_trip_under_sync_validation()
    {
        using GpuScope gpu = GpuFixture.Scope();
        var messages = new List<string>();
        using var device = ComputeDevice.Create(new ComputeDeviceOptions
        {
            EnableValidation = true,
            SynchronizationValidation = true,
            ForceStagingBuffers = true,
            ValidationMessage = m => { lock (messages) messages.Add(m); },
        });
        RoundTrip(device);

        // Device-local data flows through a kernel and back: staging upload -> dispatch -> staging download.
        using GpuBuffer x = device.CreateBuffer<float>([1, 2, 3, 4]);
        using GpuBuffer y = device.CreateBuffer(16);
        Assert.False(x.IsHostMapped);
        using Kernel kernel = TestKernels.ScaleAdd(device, 0);
        using BindingSet set = kernel.Bind(x, y);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.Dispatch(kernel, set, 1, new TestKernels.ScaleAddPush { A = 2, B = 1, N = 4 });
        list.End();
        device.SubmitAndWait(list);
        Assert.Equal([3f, 5f, 7f, 9f], y.Download<float>());
        lock (messages)
            Assert.Empty(messages);
    }

    private static void RoundTrip(ComputeDevice device)
    {
        var data = new byte[1000];
        new Random(1234).NextBytes(data);
        using GpuBuffer buffer = device.CreateBuffer(data.Length, name: "round trip");
        Assert.Equal(1000, buffer.SizeBytes);
        buffer.Upload<byte>(data);
        Assert.Equal(data, buffer.Download<byte>());

        // Partial writes and reads at offsets.
        buffer.Upload<int>([7, 8], offsetBytes: 100);
        var two = new int[2];
        buffer.Download<int>(two, offsetBytes: 100);
        Assert.Equal([7, 8], two);
        var tail = new byte[10];
        buffer.Download<byte>(tail, offsetBytes: 990);
        Assert.Equal(data[990..], tail);

        buffer.Fill(0xA5A5A5A5u);
        Assert.All(buffer.Download<byte>(), b => Assert.Equal(0xA5, b));
    }

    [SkippableFact]
    public void Device_memory_in_use_counts_each_buffer_until_it_is_disposed()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        long before = device.AllocatedBytes;
        GpuBuffer a = device.CreateBuffer(1 << 20);
        GpuBuffer b = device.CreateBuffer(3 << 20);
        long during = device.AllocatedBytes;
        Assert.InRange(during - before, 4L << 20, (4L << 20) + (1L << 20)); // sizes plus at most alignment padding
        a.Dispose();
        Assert.InRange(device.AllocatedBytes - before, 3L << 20, during - before - (1L << 20));
        b.Dispose();
        Assert.Equal(before, device.AllocatedBytes);
        Assert.True(device.PeakAllocatedBytes >= during);
    }

    [SkippableFact]
    public void Out_of_range_transfers_are_rejected()
    {
        using GpuScope gpu = GpuFixture.Scope();
        using GpuBuffer buffer = gpu.Device.CreateBuffer(16);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Upload<byte>(new byte[17]));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Upload<byte>(new byte[4], offsetBytes: 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Upload<byte>(new byte[1], offsetBytes: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Download<byte>(new byte[8], offsetBytes: 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Device.CreateBuffer(0));
        using GpuBuffer odd = gpu.Device.CreateBuffer(6);
        Assert.Throws<InvalidOperationException>(() => odd.Download<float>());
    }

    [SkippableFact]
    public void Command_list_copy_and_fill_move_data_between_buffers()
    {
        using GpuScope gpu = GpuFixture.Scope();
        ComputeDevice device = gpu.Device;
        using GpuBuffer a = device.CreateBuffer<uint>([1, 2, 3, 4]);
        using GpuBuffer b = device.CreateBuffer(16);
        using CommandList list = device.CreateCommandList();
        list.Begin();
        list.FillBuffer(b, 9);
        list.ComputeBarrier();
        list.CopyBuffer(a, b, sizeBytes: 8, sourceOffsetBytes: 4, destinationOffsetBytes: 8);
        list.End();
        device.SubmitAndWait(list);
        Assert.Equal([9u, 9u, 2u, 3u], b.Download<uint>());
        list.Begin();
        Assert.Throws<ArgumentOutOfRangeException>(() => list.CopyBuffer(a, b, sizeBytes: 16, sourceOffsetBytes: 4));
        list.End();
    }
}
