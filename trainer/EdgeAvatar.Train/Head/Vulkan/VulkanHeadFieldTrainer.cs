using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Train.Shaders;
using EdgeAvatar.Train.Kernels.Encodings;
using EdgeAvatar.Train.Kernels.Networks;
using EdgeAvatar.Train.Kernels.Optimizers;

namespace EdgeAvatar.Train.Head.Vulkan;

/// <summary>
/// The head field on Vulkan for training: the renderer's own forward (<see cref="VulkanHeadField"/>, so a baked model
/// renders exactly as trained) plus the hand-written backward (<see cref="FusedMlpBackwardKernel"/>,
/// <see cref="GridEncodingBackwardKernel"/> and the trainer/EdgeAvatar.Train.Shaders/train/ glue), with the grids, their gradients and their
/// Adam moments resident on the device. The MLP weights are small: the host optimiser owns them and re-uploads
/// them each step (<see cref="UploadNetworks"/>); their gradients, and those of the frame's audio code and latent,
/// come back to the host. The specification is <see cref="HeadFieldBackward"/> (C#) plus HeadStepper's ambient
/// regulariser; tests hold the two equal. Float atomics make the sums order-dependent, so a GPU run is
/// reproducible to rounding, not bit for bit. Not thread-safe.
/// <para>An ernerf head's backward: sigma MLP → train/head_attention_in_backward.comp (the row's split, the ‖α‖
/// penalty) → the two attention MLPs' backward, whose input gradients are added to dL/ds → the tri-plane backward
/// (the grid backward kernel in plane mode). The plane tables are its one device-resident grid.</para>
/// </summary>
public sealed partial class VulkanHeadFieldTrainer : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly VulkanHeadField _field;
    private readonly HeadChunkBuffers _chunk;
    private readonly FrameLayout _layout;
    private readonly FusedMlpBackwardKernel _sigmaMlpBack, _colorMlpBack;
    private readonly FusedMlpBackwardKernel? _ambientMlpBack, _audioAttentionBack, _eyeAttentionBack;
    private readonly GridEncodingBackwardKernel _spatialGridBack;
    private readonly GridEncodingBackwardKernel? _ambientGridBack;
    private readonly RenderKernel<HeadOutputBackwardPush> _outputBack;
    private readonly RenderKernel<HeadColorInBackwardPush> _colorInBack;
    private readonly RenderKernel<HeadSigmaInBackwardPush>? _sigmaInBack;
    private readonly RenderKernel<HeadCoordBackwardPush>? _coordBack;
    private readonly RenderKernel<HeadAmbientInBackwardPush> _ambientInBack;
    private readonly RenderKernel<HeadAttentionInBackwardPush>? _attentionInBack;
    private readonly AdamKernel _adam;
    private readonly GpuBuffer _dColorOut, _dColorIn, _dSigmaOut, _dSigmaIn, _dSpatial, _dAmbient, _dCoord, _dAmbientOut, _dAmbientIn;
    private readonly GpuBuffer _ambientMlpGrad, _sigmaMlpGrad, _colorMlpGrad, _frame, _gradFrame;
    // ernerf: dL/dα, dL/dz, the two attention MLPs' input gradients and weight gradients (one float each otherwise).
    private readonly GpuBuffer _dAlpha, _dEyeLogit, _dAudioAttentionIn, _dEyeAttentionIn, _audioAttentionGrad, _eyeAttentionGrad;
    private readonly List<IDisposable> _owned = [];
    private readonly float[] _frameData, _gradFrameData;
    private GridState? _spatial, _ambient;
    private HeadParameters? _blocks;

    /// <param name="chunkSamples">Samples per chunk (bounds the intermediates; see <see cref="VulkanHeadField"/>).</param>
    public VulkanHeadFieldTrainer(ComputeDevice device, HeadModelConfig config, int chunkSamples = VulkanHeadField.DefaultChunkSamples)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!device.Info.SupportsAtomicFloatAdd)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Unavailable,
                $"{device.Info.Name} lacks float atomics (VK_EXT_shader_atomic_float), which the GPU trainer's backward needs; train with --device cpu.");
        _device = device;
        Config = config.EnsureValid();
        // The renderer's forward has FiLM, but the backward kernels have none yet (docs/design/r2talker.md, step 3):
        // refused before any device work, naming the CPU path that trains it.
        if (config.IsR2Talker)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Unavailable,
                $"the Vulkan trainer cannot train an '{HeadModelConfig.R2TalkerVariant}' head (its FiLM-conditioned sigma MLP has no backward shader yet); use --device cpu.");
        bool ernerf = config.IsErNerf;
        try
        {
            T Add<T>(T d) where T : IDisposable { _owned.Add(d); return d; }
            _field = Add(new VulkanHeadField(device, config, chunkSamples));
            long c = _field.ChunkSamples;
            _chunk = Add(new HeadChunkBuffers(device, config, c, separateInputs: true));
            _layout = new FrameLayout(config, 0);
            _sigmaMlpBack = Add(new FusedMlpBackwardKernel(device, config.SigmaMlp));
            _colorMlpBack = Add(new FusedMlpBackwardKernel(device, config.ColorMlp));
            _outputBack = Add(new RenderKernel<HeadOutputBackwardPush>(device, TrainShaderLibrary.Load("train/head_output_backward"), "train/head_output_backward", 6));
            _colorInBack = Add(new RenderKernel<HeadColorInBackwardPush>(device, TrainShaderLibrary.Load("train/head_color_in_backward"), "train/head_color_in_backward", 3));
            _ambientInBack = Add(new RenderKernel<HeadAmbientInBackwardPush>(device, TrainShaderLibrary.Load("train/head_ambient_in_backward"), "train/head_ambient_in_backward", 4));
            if (ernerf)
            {
                var regionAttention = config.RegionAttention;
                _spatialGridBack = Add(new GridEncodingBackwardKernel(device, config.TriPlane!.Plane, Render.ErNerf.TriPlaneEncoding.PlaneCount));
                _audioAttentionBack = Add(new FusedMlpBackwardKernel(device, regionAttention.AudioMlp));
                _eyeAttentionBack = Add(new FusedMlpBackwardKernel(device, regionAttention.EyeMlp));
                _attentionInBack = Add(new RenderKernel<HeadAttentionInBackwardPush>(device, TrainShaderLibrary.Load("train/head_attention_in_backward"), "train/head_attention_in_backward", 10));
            }
            else
            {
                _spatialGridBack = Add(new GridEncodingBackwardKernel(device, config.SpatialGrid));
                _ambientMlpBack = Add(new FusedMlpBackwardKernel(device, config.AmbientMlp));
                _ambientGridBack = Add(new GridEncodingBackwardKernel(device, config.AmbientGrid));
                _sigmaInBack = Add(new RenderKernel<HeadSigmaInBackwardPush>(device, TrainShaderLibrary.Load("train/head_sigma_in_backward"), "train/head_sigma_in_backward", 9));
                _coordBack = Add(new RenderKernel<HeadCoordBackwardPush>(device, TrainShaderLibrary.Load("train/head_coord_backward"), "train/head_coord_backward", 5));
            }
            _adam = Add(new AdamKernel(device, new AdamConfig()));
            GpuBuffer Buf(long floats, string name) => Add(GpuBuffers.Floats(device, floats, name));
            _dColorOut = Buf(c * 3, "train.d_color_out");
            _dColorIn = Buf(c * config.ColorMlp.InputWidth, "train.d_color_in");
            _dSigmaOut = Buf(c * config.SigmaMlp.OutputWidth, "train.d_sigma_out");
            _dSigmaIn = Buf(c * config.SigmaMlp.InputWidth, "train.d_sigma_in");
            _dSpatial = Buf(c * config.SpatialWidth, "train.d_spatial");
            // Per-sample widths of the stages a head does not have are 0 (GpuBuffers.Floats then makes one float).
            int ambient = ernerf ? 0 : 1, attention = ernerf ? 1 : 0;
            _dAmbient = Buf(ambient * c * config.AmbientGrid.OutputWidth, "train.d_ambient");
            _dCoord = Buf(ambient * c * 2, "train.d_coord");
            _dAmbientOut = Buf(ambient * c * config.AmbientOutputs, "train.d_ambient_out");
            _dAmbientIn = Buf(ambient * c * config.AmbientMlp.InputWidth, "train.d_ambient_in");
            _ambientMlpGrad = Buf(ambient * config.AmbientMlp.ParameterCount, "train.ambient_mlp_grad");
            _dAlpha = Buf(attention * c * config.AudioWidth, "train.d_alpha");
            _dEyeLogit = Buf(attention * c, "train.d_eye_logit");
            _dAudioAttentionIn = Buf(attention * c * config.SpatialWidth, "train.d_audio_attention_in");
            _dEyeAttentionIn = Buf(attention * c * config.SpatialWidth, "train.d_eye_attention_in");
            _audioAttentionGrad = Buf(ernerf ? config.RegionAttention.AudioMlp.ParameterCount : 0, "train.audio_attention_grad");
            _eyeAttentionGrad = Buf(ernerf ? config.RegionAttention.EyeMlp.ParameterCount : 0, "train.eye_attention_grad");
            _sigmaMlpGrad = Buf(config.SigmaMlp.ParameterCount, "train.sigma_mlp_grad");
            _colorMlpGrad = Buf(config.ColorMlp.ParameterCount, "train.color_mlp_grad");
            _frame = Buf(_layout.Length, "train.frame");
            _gradFrame = Buf(config.AudioWidth + config.LatentWidth, "train.grad_frame");
        }
        catch
        {
            Dispose();
            throw;
        }
        _frameData = new float[_layout.Length];
        _gradFrameData = new float[config.AudioWidth + config.LatentWidth];
    }

    public HeadModelConfig Config { get; }

    /// <summary>Samples per chunk actually used (after fitting the device's binding range).</summary>
    public int ChunkSamples => _field.ChunkSamples;

    /// <summary>
    /// Uploads every head parameter, and the Adam moments of the two grids (<paramref name="m"/>, <paramref name="v"/>:
    /// the whole model's moment arrays, indexed like <paramref name="parameters"/>; zeros for a new run).
    /// </summary>
    public void Load(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> m, ReadOnlySpan<float> v)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        _field.Load(parameters, blocks);
        _spatial?.Dispose();
        _ambient?.Dispose();
        _spatial = _ambient = null;
        _spatial = new GridState(_device, _field.SpatialTable, Config.IsErNerf ? blocks.TriPlane! : blocks.SpatialGrid, m, v, "spatial");
        _ambient = Config.IsErNerf ? null : new GridState(_device, _field.AmbientTable, blocks.AmbientGrid, m, v, "ambient");
        _blocks = blocks;
    }

    /// <summary>Re-uploads the MLPs after the host optimiser moved them.</summary>
    public void UploadNetworks(ReadOnlySpan<float> parameters) => _field.UploadNetworks(parameters, Blocks);

    /// <summary>
    /// Adam on the device for the grids with this step's gradients (from <see cref="Backward"/>): the spatial grid (an
    /// ernerf head's planes) and the ambient grid, which an ernerf head has not; <paramref name="step"/> is 1-based
    /// within the stage, as <see cref="CpuAdam"/> takes it.
    /// </summary>
    public void StepGrids(int step, float spatialLearningRate, float ambientLearningRate)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        _spatial!.RecordAdam(list, _adam, step, spatialLearningRate);
        list.ComputeBarrier();
        _ambient?.RecordAdam(list, _adam, step, ambientLearningRate);
        list.End();
        _device.SubmitAndWait(list);
    }

    /// <summary>Copies the device's grids and their Adam moments into the host arrays (checkpoints, stage ends).</summary>
    public void DownloadGrids(Span<float> parameters, Span<float> m, Span<float> v)
    {
        _spatial!.Download(parameters, m, v);
        _ambient?.Download(parameters, m, v);
    }

    /// <summary>Adds the device's grid gradients of the last <see cref="Backward"/> into <paramref name="gradients"/> (tests).</summary>
    internal void AddGridGradients(Span<float> gradients)
    {
        _spatial!.AddGradient(gradients);
        _ambient?.AddGradient(gradients);
    }

    private HeadParameters Blocks => _blocks ?? throw new InvalidOperationException("Load the head parameters first.");

    public void Dispose()
    {
        _spatial?.Dispose();
        _ambient?.Dispose();
        ReleaseFrameBuffers();
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
