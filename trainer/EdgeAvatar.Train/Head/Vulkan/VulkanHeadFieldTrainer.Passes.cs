using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Vulkan;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Head.Vulkan;

// Forward and backward of one training step's samples.
public sealed partial class VulkanHeadFieldTrainer
{
    // The step's samples, kept on the device between Forward and Backward (grown on demand, never shrunk).
    private GpuBuffer? _positions, _rayIndex, _sigma, _rgb, _gradSigma, _gradRgb, _dirs, _regions;
    private int _sampleCapacity, _rayCapacity, _samples = -1, _rays;
    // First sample of the chunk whose forward intermediates _chunk still holds (the last one Forward recorded), or -1.
    private int _heldChunk = -1;
    private uint[] _regionData = [];

    /// <summary>
    /// Evaluates the field at M samples (<paramref name="positions"/> M × 3 world, <paramref name="rayIndex"/> M,
    /// <paramref name="directions"/> R × 3) for one frame's audio code, eye value and latent: σ (M) and rgb (M × 3)
    /// exactly as the renderer computes them. The samples stay on the device for <see cref="Backward"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> positions, ReadOnlySpan<int> rayIndex, ReadOnlySpan<float> directions,
        ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent, Span<float> sigma, Span<float> rgb)
    {
        int m = rayIndex.Length, rays = directions.Length / 3;
        if (positions.Length != 3 * m || sigma.Length != m || rgb.Length != 3 * m || directions.Length != 3 * rays)
            throw new ArgumentException("positions, rayIndex, sigma and rgb must describe the same M samples.");
        _ = Blocks;
        Ensure(m, rays);
        _layout.Write(_frameData, audio, eye, latent, []);
        _frame.Upload<float>(_frameData);
        if (m > 0)
        {
            _positions!.Upload(positions);
            _rayIndex!.Upload(rayIndex);
        }
        if (rays > 0) _dirs!.Upload(directions);
        _samples = m;
        _rays = rays;
        _heldChunk = -1;
        if (m == 0) return;
        using (CommandList list = _device.CreateCommandList())
        {
            list.Begin();
            // Into the trainer's own chunk buffers, so the last chunk's intermediates are still there for Backward.
            int first = 0;
            for (; first + ChunkSamples < m; first += ChunkSamples)
                _field.RecordChunk(list, _positions!, _rayIndex!, _dirs!, _frame, _layout, first, ChunkSamples, _chunk, _sigma!, _rgb!);
            _field.RecordChunk(list, _positions!, _rayIndex!, _dirs!, _frame, _layout, first, m - first, _chunk, _sigma!, _rgb!);
            list.End();
            _device.SubmitAndWait(list);
            _heldChunk = first;
        }
        _sigma!.Download(sigma);
        _rgb!.Download(rgb);
    }

    /// <summary>
    /// Backward of the last <see cref="Forward"/> (same parameters): from dL/dσ (M) and dL/drgb (M × 3) to the
    /// gradients of every head parameter, the audio code and the latent. RAD-NeRF's ambient regulariser is applied
    /// here too: for samples of rays in <see cref="RayRegion.OutsideFace"/>, dL/dtanh(u) gains
    /// <paramref name="coordRegulariser"/> · sign and dL/dγ gains <paramref name="gateRegulariser"/>; for samples of
    /// rays in <see cref="RayRegion.Lips"/>, dL/dγ loses <paramref name="lipsGateRegulariser"/>. An ernerf head takes
    /// <paramref name="attentionRegulariser"/> instead, the dL/d‖α‖ of every sample of an outside-face ray
    /// (<see cref="ErNerf.AttentionRegulariser.SampleWeight"/>); the three ambient ones must then be 0.
    /// The MLP gradients are ADDED into <paramref name="gradients"/> (the model's parameter layout), as are
    /// <paramref name="gradAudio"/> and <paramref name="gradLatent"/>; the grids' gradients stay on the device for
    /// <see cref="StepGrids"/> (this call overwrites them).
    /// </summary>
    public void Backward(ReadOnlySpan<float> gradSigma, ReadOnlySpan<float> gradRgb, ReadOnlySpan<RayRegion> regions,
        float coordRegulariser, float gateRegulariser, float lipsGateRegulariser, Span<float> gradients, Span<float> gradAudio,
        Span<float> gradLatent, float attentionRegulariser = 0f)
    {
        if (_samples < 0) throw new InvalidOperationException("Backward needs a Forward first.");
        int m = _samples;
        if (gradSigma.Length != m || gradRgb.Length != 3 * m || regions.Length != _rays)
            throw new ArgumentException("gradients must describe the forward's samples and rays.");
        var c = Config;
        var blocks = Blocks;
        if (c.IsErNerf ? coordRegulariser != 0 || gateRegulariser != 0 || lipsGateRegulariser != 0 : attentionRegulariser != 0)
            throw new ArgumentException($"a '{c.Variant}' head takes {(c.IsErNerf ? "only the attention regulariser" : "no attention regulariser")}.");
        if (m > 0)
        {
            _gradSigma!.Upload(gradSigma);
            _gradRgb!.Upload(gradRgb);
        }
        if (_rays > 0)
        {
            for (int r = 0; r < _rays; r++) _regionData[r] = (uint)regions[r];
            _regions!.Upload<uint>(_regionData.AsSpan(0, _rays));
        }
        using (CommandList list = _device.CreateCommandList())
        {
            list.Begin();
            foreach (GpuBuffer b in new[] { _ambientMlpGrad, _sigmaMlpGrad, _colorMlpGrad, _gradFrame, _spatial!.Gradient,
                         _audioAttentionGrad, _eyeAttentionGrad })
                list.FillBuffer(b, 0);
            if (_ambient is not null) list.FillBuffer(_ambient.Gradient, 0);
            list.ComputeBarrier();
            // Last chunk first: Forward left its intermediates in _chunk, so only the earlier chunks are recomputed
            // (a single-chunk step runs the forward once). The gradient sums do not depend on the order.
            for (int first = (m - 1) / ChunkSamples * ChunkSamples; first >= 0; first -= ChunkSamples)
                RecordChunkBackward(list, first, Math.Min(ChunkSamples, m - first), coordRegulariser, gateRegulariser,
                    lipsGateRegulariser, attentionRegulariser);
            list.End();
            _device.SubmitAndWait(list);
        }
        if (c.IsErNerf)
        {
            AddDownload(_audioAttentionGrad, gradients.Slice(blocks.AudioAttention!.Offset, blocks.AudioAttention.Count));
            AddDownload(_eyeAttentionGrad, gradients.Slice(blocks.EyeAttention!.Offset, blocks.EyeAttention.Count));
        }
        else
            AddDownload(_ambientMlpGrad, gradients.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count));
        AddDownload(_sigmaMlpGrad, gradients.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count));
        AddDownload(_colorMlpGrad, gradients.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count));
        _gradFrame.Download<float>(_gradFrameData);
        for (int k = 0; k < c.AudioWidth; k++) gradAudio[k] += _gradFrameData[k];
        for (int k = 0; k < c.LatentWidth; k++) gradLatent[k] += _gradFrameData[c.AudioWidth + k];
    }

    /// <summary>
    /// Recomputes the forward of one chunk into the trainer's own chunk buffers (each MLP's input kept apart) unless
    /// they still hold it, then runs the chain rule backwards: outputs → colour MLP → colour input split → sigma MLP → sigma input split →
    /// ambient grid (with coordinate gradient) → tanh → ambient MLP → ambient input split → spatial grid; for an ernerf
    /// head, after the sigma MLP, <see cref="RecordAttentionBackward"/>.
    /// </summary>
    private void RecordChunkBackward(CommandList list, int first, int n, float coordReg, float gateReg, float lipsGateReg,
        float attentionReg)
    {
        var c = Config;
        var k = _chunk;
        uint b = (uint)first;
        int s = c.SpatialWidth, q = c.AmbientGrid.OutputWidth, a = c.AudioWidth, g = c.GeometryWidth;
        if (first != _heldChunk)
        {
            _field.RecordChunk(list, _positions!, _rayIndex!, _dirs!, _frame, _layout, first, n, k, _sigma!, _rgb!);
            _heldChunk = first;
        }

        _outputBack.Record(list, n, new HeadOutputBackwardPush(0, 0, b, (uint)c.SigmaMlp.OutputWidth, ActivationsBackward.TruncExpGradientClamp),
            k.SigmaOut, _rgb!, _gradSigma!, _gradRgb!, _dColorOut, _dSigmaOut);
        list.ComputeBarrier();
        _colorMlpBack.Record(list, _field.ColorWeights, k.ColorIn, _dColorOut, _colorMlpGrad, _dColorIn, n);
        list.ComputeBarrier();
        _colorInBack.Record(list, n, new HeadColorInBackwardPush(0, 0, (uint)g, (uint)c.LatentWidth, (uint)a),
            _dColorIn, _dSigmaOut, _gradFrame);
        list.ComputeBarrier();
        _sigmaMlpBack.Record(list, _field.SigmaWeights, k.SigmaIn, _dSigmaOut, _sigmaMlpGrad, _dSigmaIn, n);
        list.ComputeBarrier();
        if (c.IsErNerf)
        {
            RecordAttentionBackward(list, b, n, attentionReg);
            return;
        }
        _sigmaInBack!.Record(list, n, new HeadSigmaInBackwardPush(0, 0, b, (uint)s, (uint)q, (uint)a, c.AudioGate ? 1u : 0u,
                (uint)_layout.Audio, 0, gateReg, lipsGateReg),
            _dSigmaIn, k.AmbientOut, _frame, _rayIndex!, _regions!, _dSpatial, _dAmbient, _dAmbientOut, _gradFrame);
        list.FillBuffer(_dCoord, 0);
        list.ComputeBarrier();
        _ambientGridBack!.Record(list, _ambient!.Table, k.Coord, _dAmbient, _ambient.Gradient, _dCoord, n);
        list.ComputeBarrier();
        _coordBack!.Record(list, n, new HeadCoordBackwardPush(0, 0, b, (uint)c.AmbientOutputs, coordReg),
            _dCoord, k.Coord, _rayIndex!, _regions!, _dAmbientOut);
        list.ComputeBarrier();
        _ambientMlpBack!.Record(list, _field.AmbientWeights, k.AmbientIn, _dAmbientOut, _ambientMlpGrad, _dAmbientIn, n);
        list.ComputeBarrier();
        _ambientInBack.Record(list, n, new HeadAmbientInBackwardPush(0, 0, (uint)s, (uint)a, 0), _dAmbientIn, _dSpatial, _gradFrame, _dAmbientIn);
        list.ComputeBarrier();
        _spatialGridBack.Record(list, _spatial!.Table, k.Unit, _dSpatial, _spatial.Gradient, null, n);
        list.ComputeBarrier();
    }

    /// <summary>
    /// An ernerf chunk from dL/d(sigma-MLP input) on: the row's split (dL/ds, dL/dα with the ‖α‖ penalty, dL/dz,
    /// dL/da), the two attention MLPs' backward from s, both input gradients added to dL/ds in one dispatch (the
    /// ambient-input kernel with no audio columns and its second source), then the tri-plane backward. Ends with a barrier.
    /// </summary>
    private void RecordAttentionBackward(CommandList list, uint b, int n, float attentionReg)
    {
        var c = Config;
        var k = _chunk;
        int s = c.SpatialWidth, a = c.AudioWidth;
        _attentionInBack!.Record(list, n, new HeadAttentionInBackwardPush(0, 0, b, (uint)s, (uint)a, (uint)_layout.Audio,
                (uint)_layout.Eye, 0, attentionReg),
            _dSigmaIn, k.Alpha, k.EyeLogit, _frame, _rayIndex!, _regions!, _dSpatial, _dAlpha, _dEyeLogit, _gradFrame);
        list.ComputeBarrier();
        _audioAttentionBack!.Record(list, _field.AudioAttentionWeights, k.Spatial, _dAlpha, _audioAttentionGrad, _dAudioAttentionIn, n);
        _eyeAttentionBack!.Record(list, _field.EyeAttentionWeights, k.Spatial, _dEyeLogit, _eyeAttentionGrad, _dEyeAttentionIn, n);
        list.ComputeBarrier();
        _ambientInBack.Record(list, n, new HeadAmbientInBackwardPush(0, 0, (uint)s, 0, 0, Second: 1), _dAudioAttentionIn, _dSpatial,
            _gradFrame, _dEyeAttentionIn);
        list.ComputeBarrier();
        _spatialGridBack.Record(list, _spatial!.Table, k.Unit, _dSpatial, _spatial.Gradient, null, n);
        list.ComputeBarrier();
    }

    /// <summary>Downloads a float buffer and adds it element-wise into <paramref name="into"/> (same length).</summary>
    internal static void AddDownload(GpuBuffer buffer, Span<float> into)
    {
        var tmp = new float[into.Length];
        buffer.Download<float>(tmp);
        for (int i = 0; i < tmp.Length; i++) into[i] += tmp[i];
    }

    private void Ensure(int samples, int rays)
    {
        if (samples > _sampleCapacity)
        {
            ReleaseSampleBuffers();
            int cap = Math.Max(samples, _sampleCapacity * 3 / 2);
            _positions = GpuBuffers.Floats(_device, 3L * cap, "train.positions");
            _rayIndex = GpuBuffers.Floats(_device, cap, "train.ray_index");
            _sigma = GpuBuffers.Floats(_device, cap, "train.sigma");
            _rgb = GpuBuffers.Floats(_device, 3L * cap, "train.rgb");
            _gradSigma = GpuBuffers.Floats(_device, cap, "train.grad_sigma");
            _gradRgb = GpuBuffers.Floats(_device, 3L * cap, "train.grad_rgb");
            _sampleCapacity = cap;
        }
        if (rays > _rayCapacity)
        {
            ClearBindings();
            _dirs?.Dispose(); _regions?.Dispose();
            int cap = Math.Max(rays, _rayCapacity * 3 / 2);
            _dirs = GpuBuffers.Floats(_device, 3L * cap, "train.directions");
            _regions = GpuBuffers.Floats(_device, cap, "train.regions");
            _regionData = new uint[cap];
            _rayCapacity = cap;
        }
    }

    private void ReleaseSampleBuffers()
    {
        ClearBindings();
        foreach (GpuBuffer? b in new[] { _positions, _rayIndex, _sigma, _rgb, _gradSigma, _gradRgb }) b?.Dispose();
        _positions = _rayIndex = _sigma = _rgb = _gradSigma = _gradRgb = null;
        _sampleCapacity = 0;
    }

    private void ReleaseFrameBuffers()
    {
        ReleaseSampleBuffers();
        _dirs?.Dispose(); _regions?.Dispose();
        _dirs = _regions = null;
        _rayCapacity = 0;
    }

    /// <summary>Binding sets that point at the per-step buffers must go before those buffers do.</summary>
    private void ClearBindings()
    {
        _field?.ClearBindings();
        _outputBack?.ClearBindings();
        _colorInBack?.ClearBindings();
        _sigmaInBack?.ClearBindings();
        _coordBack?.ClearBindings();
        _ambientInBack?.ClearBindings();
        _attentionInBack?.ClearBindings();
    }
}
