using EdgeAvatar.Compute;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Train.Kernels.Optimizers;

namespace EdgeAvatar.Train.Head.Vulkan;

/// <summary>
/// One head grid's training state on the device: the table (owned by the renderer's field; its layout is the
/// parameter block's, float for float), its gradient and its two Adam moments (owned here).
/// </summary>
internal sealed class GridState : IDisposable
{
    private readonly ParameterBlock _block;

    public GridState(ComputeDevice device, GpuBuffer table, ParameterBlock block, ReadOnlySpan<float> m,
        ReadOnlySpan<float> v, string name)
    {
        Table = table;
        _block = block;
        var made = new List<GpuBuffer>();
        GpuBuffer Add(string what) { var b = GpuBuffers.Floats(device, block.Count, $"train.{name}_grid_{what}"); made.Add(b); return b; }
        try
        {
            Gradient = Add("grad");
            M = Add("m");
            V = Add("v");
            M.Upload(m.Slice(block.Offset, block.Count));
            V.Upload(v.Slice(block.Offset, block.Count));
        }
        catch
        {
            foreach (GpuBuffer b in made) b.Dispose();
            throw;
        }
    }

    public GpuBuffer Table { get; }
    public GpuBuffer Gradient { get; }
    public GpuBuffer M { get; }
    public GpuBuffer V { get; }

    public void RecordAdam(CommandList list, AdamKernel adam, int step, float learningRate)
        => adam.Record(list, [new AdamParameterGroup(0, _block.Count, learningRate)], step, Table, Gradient, M, V);

    public void Download(Span<float> parameters, Span<float> m, Span<float> v)
    {
        Table.Download(parameters.Slice(_block.Offset, _block.Count));
        M.Download(m.Slice(_block.Offset, _block.Count));
        V.Download(v.Slice(_block.Offset, _block.Count));
    }

    public void AddGradient(Span<float> gradients)
        => VulkanHeadFieldTrainer.AddDownload(Gradient, gradients.Slice(_block.Offset, _block.Count));

    public void Dispose()
    {
        Gradient.Dispose();
        M.Dispose();
        V.Dispose();
    }
}
