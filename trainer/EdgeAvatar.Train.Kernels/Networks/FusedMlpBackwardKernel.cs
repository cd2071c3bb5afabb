using System.Runtime.InteropServices;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels;
using EdgeAvatar.Train.Shaders;

using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Kernels.Networks;

/// <summary>
/// The fused MLP backward kernel (trainer/EdgeAvatar.Train.Shaders/network/mlp_backward.comp) for one <see cref="MlpConfig"/>: recomputes
/// the forward per point from the same packed weight buffer the forward uses (<see cref="FusedMlpKernel.CreateWeightBuffer"/>),
/// adds dL/d(weights) (public flat layout, fp32) with subgroup + shared-memory reduction and float atomics, and
/// optionally writes dL/d(inputs). Semantics are <see cref="FusedMlpBackwardReference"/>'s up to atomic summation
/// order. Requires <see cref="DeviceInfo.SupportsAtomicFloatAdd"/>. Not thread-safe.
/// <para>The FiLM variant (<see cref="IsFilm"/>, the backward of <see cref="FusedMlpKernel"/>'s FiLM kernel) takes the
/// FiLM vector every point shares and adds Σ dL/d(FiLM vector) to a caller-zeroed buffer; its specification is the
/// trainer's <c>FilmMlpBackward</c>. A plain kernel binds placeholders in those two slots, never touched.</para>
/// </summary>
public sealed class FusedMlpBackwardKernel : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _noInputGrad, _noFilmGrad;
    private readonly BindingCache _bindings;

    /// <param name="film">True for the FiLM variant (needs at least one hidden layer).</param>
    public FusedMlpBackwardKernel(ComputeDevice device, MlpConfig config, bool film = false)
    {
        BackwardKernelRequirements.Check(device);
        _device = device;
        Config = config.EnsureValid();
        if (film && config.HiddenLayers < 1)
            throw new ArgumentException("a FiLM MLP needs at least one hidden layer.", nameof(config));
        IsFilm = film;
        uint in4 = (uint)(config.InputWidth + 3) / 4, hid4 = (uint)(config.HiddenWidth + 3) / 4;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer,
                BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            specialization: KernelSpecialization.Mlp(config,
                new SpecializationConstant(7, Math.Max(in4, hid4)),
                new SpecializationConstant(8, in4 + (uint)config.HiddenLayers * hid4),
                new SpecializationConstant(9, film ? 1u : 0u),
                new SpecializationConstant(10, film ? (uint)config.HiddenLayers * hid4 : 1u)),
            name: $"mlp_backward {config.InputWidth}->{config.HiddenWidth}x{config.HiddenLayers}->{config.OutputWidth} {config.WeightPrecision}{(film ? " film" : "")}");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("network/mlp_backward"), layout);
        _noInputGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _noFilmGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _bindings = new BindingCache(_kernel);
    }

    public MlpConfig Config { get; }

    /// <summary>Whether this is the FiLM variant (then every record call takes the FiLM vector and its gradient).</summary>
    public bool IsFilm { get; }

    /// <summary>Bytes of the weight-gradient buffer (ParameterCount fp32, public flat layout).</summary>
    public long WeightGradBytes => (long)Config.ParameterCount * sizeof(float);

    /// <summary>
    /// Records the backward pass of N points: adds Σ dL/d(weights) to <paramref name="weightGrad"/> (zero it first for
    /// a plain gradient) and, when <paramref name="inputGrad"/> is not null, overwrites it with dL/d(inputs) (N × InputWidth).
    /// <paramref name="packedWeights"/> is the forward's uniform weight buffer. The caller adds barriers.
    /// FiLM kernels: <paramref name="film"/> holds the FiLM vector in its first FilmFloats floats, and Σ dL/d(FiLM) is
    /// added to the first FilmFloats floats of <paramref name="filmGrad"/>; plain kernels: both null.
    /// </summary>
    public void Record(CommandList list, GpuBuffer packedWeights, GpuBuffer inputs, GpuBuffer outputGrad,
        GpuBuffer weightGrad, GpuBuffer? inputGrad, int n, GpuBuffer? film = null, GpuBuffer? filmGrad = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(packedWeights, MlpConfig.MaxPackedWeightBytes, "packedWeights");
        KernelBuffers.CheckSize(inputs, (long)n * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputGrad, (long)n * Config.OutputWidth * sizeof(float), "outputGrad");
        KernelBuffers.CheckSize(weightGrad, WeightGradBytes, "weightGrad");
        if (inputGrad is not null)
            KernelBuffers.CheckSize(inputGrad, (long)n * Config.InputWidth * sizeof(float), "inputGrad");
        if (IsFilm)
        {
            long filmBytes = (long)FilmMlpReference.FilmFloats(Config) * sizeof(float);
            KernelBuffers.CheckSize(film ?? throw new ArgumentException("a FiLM backward kernel needs the FiLM buffer.", nameof(film)), filmBytes, "film");
            KernelBuffers.CheckSize(filmGrad ?? throw new ArgumentException("a FiLM backward kernel needs the FiLM gradient buffer.", nameof(filmGrad)), filmBytes, "filmGrad");
        }
        else if (film is not null || filmGrad is not null)
            throw new ArgumentException("this MLP backward kernel has no FiLM; pass no FiLM buffers.", nameof(film));
        // Plain kernel: the FiLM slot takes the inputs (readonly, never read), the gradient slot a placeholder.
        BindingSet set = _bindings.Get(inputs, outputGrad, packedWeights, weightGrad, inputGrad ?? _noInputGrad,
            film ?? inputs, filmGrad ?? _noFilmGrad);
        uint flags = inputGrad is null ? 0u : 1u;
        foreach (var (range, groups) in PointRange.Split(n))
        {
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, 1, 1, new Push(range.N, range.First, flags));
        }
    }

    /// <summary>Zeroes <paramref name="weightGrad"/>, records, submits and waits: the simple path for tests and tools.</summary>
    /// <remarks>Also zeroes <paramref name="filmGrad"/> (FiLM kernels).</remarks>
    public void Backward(GpuBuffer packedWeights, GpuBuffer inputs, GpuBuffer outputGrad, GpuBuffer weightGrad,
        GpuBuffer? inputGrad, int n, GpuBuffer? film = null, GpuBuffer? filmGrad = null)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        list.FillBuffer(weightGrad, 0);
        if (filmGrad is not null)
            list.FillBuffer(filmGrad, 0);
        list.ComputeBarrier();
        Record(list, packedWeights, inputs, outputGrad, weightGrad, inputGrad, n, film, filmGrad);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _noInputGrad.Dispose();
        _noFilmGrad.Dispose();
        _kernel.Dispose();
    }

    /// <summary>The shader's push block: n, first, flags (bit 0: input gradients).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Push(uint N, uint First, uint Flags);
}
