using EdgeAvatar.Compute;
using EdgeAvatar.Shaders;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// The fused MLP forward kernel (shaders/network/mlp_forward.comp) for one <see cref="MlpConfig"/>. It owns only
/// the pipeline; weights live in a caller-owned 64 KiB uniform buffer made by <see cref="CreateWeightBuffer"/> (or
/// refreshed with <see cref="UploadWeights"/> after a training step), so one kernel serves any number of networks of
/// the same shape. Not thread-safe: record from one thread at a time.
/// <para>A FiLM kernel (<see cref="IsFilm"/>, R2-Talker's conditioned sigma MLP) modulates every hidden activation
/// with one FiLM vector per dispatch, read from the start of a caller-owned storage buffer
/// (<see cref="FilmMlpReference"/>'s layout and maths); a plain kernel binds its inputs in that slot, never read.</para>
/// </summary>
public sealed class FusedMlpKernel : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly BindingCache _bindings;

    /// <param name="film">True for the FiLM variant (needs at least one hidden layer).</param>
    public FusedMlpKernel(ComputeDevice device, MlpConfig config, bool film = false)
    {
        _device = device;
        Config = config.EnsureValid();
        if (film && config.HiddenLayers < 1)
            throw new ArgumentException("a FiLM MLP needs at least one hidden layer.", nameof(config));
        IsFilm = film;
        uint act4 = (uint)Math.Max((config.InputWidth + 3) / 4, (config.HiddenWidth + 3) / 4);
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer, BindingKind.StorageBuffer],
            pushConstantBytes: 8,
            specialization: KernelSpecialization.Mlp(config, new SpecializationConstant(7, act4), new SpecializationConstant(8, film ? 1u : 0u)),
            name: $"mlp_forward {config.InputWidth}->{config.HiddenWidth}x{config.HiddenLayers}->{config.OutputWidth} {config.WeightPrecision}{(film ? " film" : "")}");
        _kernel = device.CreateKernel(ShaderLibrary.Load("network/mlp_forward"), layout);
        _bindings = new BindingCache(_kernel);
    }

    public MlpConfig Config { get; }

    /// <summary>Whether this kernel applies FiLM (then every record call takes the FiLM buffer).</summary>
    public bool IsFilm { get; }

    /// <summary>A new uniform buffer holding <paramref name="weights"/> (flat layout, see <see cref="MlpConfig"/>).</summary>
    public GpuBuffer CreateWeightBuffer(ReadOnlySpan<float> weights)
    {
        GpuBuffer buffer = _device.CreateBuffer(MlpConfig.MaxPackedWeightBytes, BufferUsage.Uniform);
        try
        {
            UploadWeights(buffer, weights);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Packs and uploads weights into a buffer from <see cref="CreateWeightBuffer"/>; not while in use.</summary>
    public void UploadWeights(GpuBuffer weightBuffer, ReadOnlySpan<float> weights)
    {
        ArgumentNullException.ThrowIfNull(weightBuffer);
        weightBuffer.Upload<uint>(FusedMlpWeights.Pack(Config, weights));
    }

    /// <summary>
    /// Records the forward pass of N points: inputs (N × InputWidth floats) → outputs (N × OutputWidth floats).
    /// The caller adds barriers between this and the producer of inputs / consumer of outputs (and of the FiLM buffer).
    /// </summary>
    /// <param name="film">FiLM kernels: the buffer whose first <see cref="FilmMlpReference.FilmFloats"/> floats are the
    /// FiLM vector every point shares; plain kernels: null.</param>
    public void Record(CommandList list, GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int n, GpuBuffer? film = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(weights, MlpConfig.MaxPackedWeightBytes, "weights");
        KernelBuffers.CheckSize(inputs, (long)n * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputs, (long)n * Config.OutputWidth * sizeof(float), "outputs");
        BindingSet set = _bindings.Get(inputs, outputs, weights, FilmBinding(inputs, film));
        foreach (var (push, groups) in PointRange.Split(n))
        {
            // Dispatches of one call write disjoint ranges, but hazard tracking sees the whole bound buffer.
            if (push.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, 1, 1, in push);
        }
    }

    /// <summary>
    /// Records the forward pass of at most <paramref name="maxPoints"/> points as one indirect dispatch: the workgroup
    /// counts (ceil(N / 64), 1, 1) for the real N ≤ maxPoints were written by an earlier kernel into
    /// <paramref name="arguments"/> at <paramref name="offsetBytes"/>. Invocations of the last group past N compute
    /// rows below maxPoints from whatever the inputs hold there; the caller ignores those rows.
    /// </summary>
    public void RecordIndirect(CommandList list, GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int maxPoints,
        GpuBuffer arguments, long offsetBytes, GpuBuffer? film = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPoints, PointRange.MaxPointsPerDispatch);
        KernelBuffers.CheckSize(weights, MlpConfig.MaxPackedWeightBytes, "weights");
        KernelBuffers.CheckSize(inputs, (long)maxPoints * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputs, (long)maxPoints * Config.OutputWidth * sizeof(float), "outputs");
        BindingSet set = _bindings.Get(inputs, outputs, weights, FilmBinding(inputs, film));
        list.DispatchIndirect(_kernel, set, arguments, offsetBytes, new PointRange((uint)maxPoints, 0));
    }

    /// <summary>Records, submits and waits: the simple path for tests and tools.</summary>
    public void Forward(GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int n, GpuBuffer? film = null)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        Record(list, weights, inputs, outputs, n, film);
        list.End();
        _device.SubmitAndWait(list);
    }

    /// <summary>
    /// Drops the cached binding sets (call before disposing a buffer bound in one, e.g. a per-call FiLM buffer, so no
    /// set outlives what it points at; the next record binds afresh).
    /// </summary>
    public void ClearBindings() => _bindings.Clear();

    // Binding 3: the FiLM buffer, or (plain kernel) the inputs again: readonly there and never read, so it adds no
    // hazard and needs no placeholder buffer.
    private GpuBuffer FilmBinding(GpuBuffer inputs, GpuBuffer? film)
    {
        if (!IsFilm)
            return film is null ? inputs : throw new ArgumentException("this MLP kernel has no FiLM; pass no FiLM buffer.", nameof(film));
        if (film is null)
            throw new ArgumentException("a FiLM MLP kernel needs the FiLM buffer.", nameof(film));
        KernelBuffers.CheckSize(film, (long)FilmMlpReference.FilmFloats(Config) * sizeof(float), "film");
        return film;
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _kernel.Dispose();
    }
}
