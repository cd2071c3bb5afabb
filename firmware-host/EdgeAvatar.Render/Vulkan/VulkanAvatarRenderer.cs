using System.Diagnostics;
using System.Text.Json;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// Renders avatar frames on a Vulkan device with the maths of <see cref="AvatarRenderer"/> (same inputs, same RGB24
/// output): torso over the background inside its region, the head field inside the projected head box, then
/// C = head + (1 − W)·(torso·α + (1 − α)·background) and rounding to bytes. The head runs as ray generation + march
/// (count pass), a prefix sum of the per-ray counts on the device that also writes the field's indirect-dispatch
/// arguments, then sample write + field + compositing + final composite: a frame is ONE command buffer and one
/// submission. The sample buffers are sized from earlier frames; a frame whose samples do not fit is detected after
/// its fence (the device's count is read back with the image) and rendered again with larger buffers, so only such a
/// frame takes two submissions (<see cref="LastSubmissions"/>). Parameters are uploaded once (<see cref="Load"/>);
/// per frame only the march parameters (pose), the frame vector (frame code, eye, latents, torso pose encoding) and —
/// when given — a replacement background go up, and the image and the sample count come back. Not thread-safe; one
/// per render loop.
/// <para>The frame code is the audio code of a radnerf head or the FiLM vector of an r2talker head, exactly what
/// <see cref="AvatarRenderer.Render"/> takes: the caller runs the landmark condition on the CPU once per frame
/// (<see cref="Head.HeadLandmarkCondition"/>, as <see cref="AvatarDriver"/> does) and the FiLM sigma MLP reads it from
/// the frame buffer, which goes up inside the frame's own command list ahead of a barrier.</para>
/// </summary>
public sealed class VulkanAvatarRenderer : IAvatarFrameRenderer, IDisposable
{
    private readonly VulkanHeadField _field;
    private readonly VulkanHeadMarcher _marcher;
    private readonly VulkanTorso _torso;
    private readonly RenderKernel<ComposePush> _compose;
    private readonly FrameLayout _layout;
    private readonly GpuBuffer _frame, _plate, _background, _output;
    private readonly FrameTransfer _frameIn, _backgroundIn, _outputBack;
    private readonly CommandList _list;
    private readonly TimestampQueries? _times;
    private readonly float[] _frameData;
    private readonly string _configJson;
    // The ROI rule of AvatarRenderer: the projection of the occupied cells' bounds (null: nothing occupied, no head).
    private readonly Aabb? _occupiedBox;

    /// <param name="chunkSamples">Head samples (and torso pixels) per chunk of intermediates.</param>
    public VulkanAvatarRenderer(ComputeDevice device, AvatarModel model, int chunkSamples = VulkanHeadField.DefaultChunkSamples)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(model);
        Device = device;
        Model = model;
        _configJson = JsonSerializer.Serialize(model.Config, AvatarJson.Options);
        _occupiedBox = AvatarRenderer.OccupiedBounds(model.Occupancy);
        var cam = model.Camera;
        int pixels = cam.Width * cam.Height;
        var made = new List<IDisposable>();
        try
        {
            T Add<T>(T d) where T : IDisposable { made.Add(d); return d; }
            _field = Add(new VulkanHeadField(device, model.Config.Head, chunkSamples));
            _marcher = Add(new VulkanHeadMarcher(device, model.Config.Head, model.Occupancy, pixels, _field.ChunkSamples));
            _torso = Add(new VulkanTorso(device, model.Config.Torso, model.TorsoRegion, cam, chunkSamples));
            _compose = Add(new RenderKernel<ComposePush>(device, "render/compose_frame", 5));
            _layout = new FrameLayout(model.Config.Head, _torso.FrameWidth);
            _frameData = new float[_layout.Length];
            _frame = Add(GpuBuffers.Floats(device, _layout.Length, "frame"));
            long words = (3L * pixels + 3) / 4;
            _plate = Add(GpuBuffers.Floats(device, words, "background.plate"));
            _background = Add(GpuBuffers.Floats(device, words, "background.custom"));
            _output = Add(GpuBuffers.Floats(device, words, "frame.rgb24"));
            _frameIn = Add(new FrameTransfer(device, _frame));
            _backgroundIn = Add(new FrameTransfer(device, _background));
            _outputBack = Add(new FrameTransfer(device, _output));
            _list = Add(device.CreateCommandList());
            try
            {
                _times = Add(device.CreateTimestampQueries(4));
            }
            catch (NotSupportedException)
            {
                // No timestamps on this queue: LastTimings falls back to the host's wall time of the submission.
                _times = null;
            }
            Load(model);
        }
        catch
        {
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
            throw;
        }
    }

    public ComputeDevice Device { get; }

    public AvatarModel Model { get; private set; }

    /// <summary>Milliseconds per stage of the last frame (GPU timestamps when the device has them).</summary>
    public RenderTimings LastTimings { get; private set; }

    /// <summary>Head samples evaluated by the last frame (after occupancy pruning).</summary>
    public int LastHeadSamples { get; private set; }

    /// <summary>
    /// Queue submissions the last frame took: 1, or 2 when its samples outgrew the sample buffers (it was rendered
    /// again with larger ones; later frames of a similar pose fit).
    /// </summary>
    public int LastSubmissions { get; private set; }

    /// <summary>Samples the sample buffers hold now (whole field chunks).</summary>
    public int SampleCapacity => _marcher.Capacity;

    /// <summary>The head ROI of the last frame (empty when the head box was not in view).</summary>
    public PixelRect LastHeadRegion { get; private set; }

    /// <summary>
    /// Uploads a model's parameters, occupancy-independent tables and background plate. The model must have the
    /// configuration, camera, occupancy grid and torso region this renderer was built for (those size its kernels
    /// and static buffers); a retrained or re-baked model of the same shape loads without rebuilding pipelines.
    /// </summary>
    public void Load(AvatarModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (JsonSerializer.Serialize(model.Config, AvatarJson.Options) != _configJson || model.Camera != Model.Camera
            || model.TorsoRegion != Model.TorsoRegion || !ReferenceEquals(model.Occupancy, Model.Occupancy)
               && !model.Occupancy.Bitfield.AsSpan().SequenceEqual(Model.Occupancy.Bitfield))
            throw new ArgumentException("the model's config, camera, occupancy or torso region differ from the one this renderer was built for; create a new renderer.", nameof(model));
        _field.Load(model.Parameters, model.Blocks.Head);
        _torso.Load(model.Parameters.AsSpan(model.Blocks.Torso.Offset, model.Blocks.Torso.Count));
        _plate.Upload<byte>(model.Plate);
        Model = model;
    }

    /// <summary>Renders one frame into <paramref name="rgb24"/> (W × H × 3), exactly as <see cref="AvatarRenderer.Render"/>.</summary>
    /// <param name="audioCode">The frame code (<see cref="Head.HeadModelConfig.FrameCodeWidth"/> floats): the audio code,
    /// or an r2talker head's FiLM vector.</param>
    /// <param name="background">W × H × 3 replacement background, or empty for the recorded plate.</param>
    public void Render(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<float> torsoShift, ReadOnlySpan<float> audioCode,
        float eye, int latentRow,
        ReadOnlySpan<byte> background, Span<byte> rgb24)
    {
        var cam = Model.Camera;
        int w = cam.Width, h = cam.Height, n = w * h;
        if (rgb24.Length != 3 * n) throw new ArgumentException($"rgb24 needs {3 * n} bytes.", nameof(rgb24));
        if (!background.IsEmpty && background.Length != 3 * n)
            throw new ArgumentException($"background needs {3 * n} bytes.", nameof(background));
        if ((uint)latentRow >= (uint)Model.Blocks.LatentRows)
            throw new ArgumentOutOfRangeException(nameof(latentRow), $"latent row {latentRow} is outside [0, {Model.Blocks.LatentRows}).");
        var camera = new PinholeCamera(w, h, cam.Fx, cam.Fy, cam.Cx, cam.Cy, cameraToWorld);

        // Per-frame constants: audio, eye, head latent, torso [pose encoding, latent].
        Span<float> pose = stackalloc float[Model.Config.Torso.PoseInputWidth];
        Model.TorsoPose(cameraToWorld, torsoShift, pose);
        Span<float> torsoInput = stackalloc float[_torso.FrameWidth];
        _torso.FrameInput(pose, Model.TorsoLatent(latentRow), torsoInput);
        _layout.Write(_frameData, audioCode, eye, Model.HeadLatent(latentRow), torsoInput);
        _frameIn.Write<float>(_frameData);
        GpuBuffer bg = _plate;
        if (!background.IsEmpty)
        {
            _backgroundIn.Write(background);
            bg = _background;
        }

        PixelRect hr = _occupiedBox is Aabb box ? AvatarRenderer.HeadRegion(camera, box) : default;
        int rays = hr.IsEmpty ? 0 : hr.Area;
        LastHeadRegion = hr.IsEmpty ? default : hr;
        if (rays > 0)
            _marcher.SetCamera(camera, hr);

        var tr = _torso.Pixels > 0 ? Model.TorsoRegion : default;
        var headRect = rays > 0 ? hr : default;
        var compose = new ComposePush(0, 0, (uint)w, (uint)h, (uint)tr.X, (uint)tr.Y, (uint)tr.Width, (uint)tr.Height,
            (uint)headRect.X, (uint)headRect.Y, (uint)headRect.Width, (uint)headRect.Height);
        int samples = 0;
        long submissions = Device.Submissions;
        long t0 = Stopwatch.GetTimestamp();
        while (true)
        {
            Record(rays, compose, bg, n);
            Device.SubmitAndWait(_list);
            if (rays == 0)
                break;
            samples = _marcher.ReadSampleCount();
            // Overflow: the frame's samples were clamped to the buffers. Grow them and render it again.
            if (!_marcher.EnsureCapacity(samples))
                break;
            _field.ClearBindings();
        }
        _outputBack.Read(rgb24);
        long t1 = Stopwatch.GetTimestamp();

        LastHeadSamples = samples;
        // Every queue submission since the frame began (one-shot staging transfers included, had any happened).
        LastSubmissions = (int)(Device.Submissions - submissions);
        LastTimings = _times is not null
            ? Timings(_times.ReadMilliseconds())
            : new RenderTimings(0, Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds, 0);
    }

    // One submission: the frame's uploads (where staged), torso, head (count pass + scan, write pass, field over every
    // chunk with indirect dispatches, compositing), final composite, the image's read-back (where staged), with a
    // timestamp between stages.
    private void Record(int rays, ComposePush compose, GpuBuffer background, int pixels)
    {
        _list.Begin();
        bool copied = _frameIn.RecordUpload(_list) | _backgroundIn.RecordUpload(_list) | (rays > 0 && _marcher.RecordUploads(_list));
        if (copied)
            _list.ComputeBarrier();
        Stamp(0, reset: true);
        if (_torso.Pixels > 0)
            _torso.Record(_list, _frame, _layout);
        Stamp(1);
        if (rays > 0)
        {
            _marcher.RecordCount(_list, rays);
            _marcher.RecordWrite(_list, rays);
            _list.ComputeBarrier();
            _field.RecordIndirect(_list, _marcher.Positions, _marcher.RayIndex, _marcher.Directions, _frame, _layout,
                _marcher.Chunks, _marcher.Arguments, _marcher.Sigma, _marcher.Rgb);
            _marcher.RecordComposite(_list, rays);
            _list.ComputeBarrier();
        }
        Stamp(2);
        _compose.Record(_list, (3 * pixels + 3) / 4, compose, background, _torso.Output, _marcher.Color, _marcher.Opacity, _output);
        Stamp(3);
        if (_outputBack.Target is { IsHostMapped: false })
        {
            _list.ComputeBarrier();
            _outputBack.RecordReadBack(_list, 3L * pixels);
        }
        _list.End();
    }

    /// <summary>
    /// The last frame's head result over <see cref="LastHeadRegion"/> (row-major): premultiplied colour (R × 3) and
    /// opacity (R) — what <see cref="Head.HeadRayRenderer.Render"/> returns for the same rays.
    /// </summary>
    public void ReadHead(Span<float> color, Span<float> opacity)
    {
        int rays = LastHeadRegion.Area;
        if (color.Length != 3 * rays || opacity.Length != rays)
            throw new ArgumentException($"the last head region has {rays} rays: color needs {3 * rays} floats, opacity {rays}.");
        _marcher.Color.Download(color);
        _marcher.Opacity.Download(opacity);
    }

    // Torso = t[1] − t[0]; head = t[2] − t[1]; composite = t[3] − t[2] (of the last submission).
    private static RenderTimings Timings(double[] t) => new(t[1] - t[0], t[2] - t[1], t[3] - t[2]);

    private void Stamp(uint index, bool reset = false)
    {
        if (_times is null) return;
        if (reset) _list.ResetTimestamps(_times);
        _list.WriteTimestamp(_times, index);
    }

    public void Dispose()
    {
        // Command lists first (they wait for pending work), then what they referenced.
        _list.Dispose();
        _times?.Dispose();
        _compose.Dispose();
        _frameIn.Dispose(); _backgroundIn.Dispose(); _outputBack.Dispose();
        _frame.Dispose(); _plate.Dispose(); _background.Dispose(); _output.Dispose();
        _torso.Dispose();
        _marcher.Dispose();
        _field.Dispose();
    }
}
