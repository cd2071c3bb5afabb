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
/// (count pass), a host prefix sum of the per-ray counts, then sample write + field + compositing + final composite;
/// so a frame is two command buffers (torso and the count pass in the first) because the sample count sizes the
/// second one's dispatches. Parameters are uploaded once (<see cref="Load"/>); per frame only the march parameters
/// (pose), the frame vector (audio code, eye, latents, torso pose encoding), the ray offsets and — when given — a
/// replacement background go up, and the image comes back. Not thread-safe; one per render loop.
/// </summary>
public sealed class VulkanAvatarRenderer : IAvatarFrameRenderer, IDisposable
{
    private readonly VulkanHeadField _field;
    private readonly VulkanHeadMarcher _marcher;
    private readonly VulkanTorso _torso;
    private readonly RenderKernel<ComposePush> _compose;
    private readonly FrameLayout _layout;
    private readonly GpuBuffer _frame, _plate, _background, _output;
    private readonly CommandList _first, _second;
    private readonly TimestampQueries? _firstTimes, _secondTimes;
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
            _marcher = Add(new VulkanHeadMarcher(device, model.Config.Head, model.Occupancy, pixels));
            _torso = Add(new VulkanTorso(device, model.Config.Torso, model.TorsoRegion, cam, chunkSamples));
            _compose = Add(new RenderKernel<ComposePush>(device, "render/compose_frame", 5));
            _layout = new FrameLayout(model.Config.Head, _torso.FrameWidth);
            _frameData = new float[_layout.Length];
            _frame = Add(GpuBuffers.Floats(device, _layout.Length, "frame"));
            long words = (3L * pixels + 3) / 4;
            _plate = Add(GpuBuffers.Floats(device, words, "background.plate"));
            _background = Add(GpuBuffers.Floats(device, words, "background.custom"));
            _output = Add(GpuBuffers.Floats(device, words, "frame.rgb24"));
            _first = Add(device.CreateCommandList());
            _second = Add(device.CreateCommandList());
            try
            {
                _firstTimes = Add(device.CreateTimestampQueries(3));
                _secondTimes = Add(device.CreateTimestampQueries(3));
            }
            catch (NotSupportedException)
            {
                // No timestamps on this queue: LastTimings falls back to host stopwatch times per submission.
                _firstTimes?.Dispose();
                _firstTimes = _secondTimes = null;
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
        _frame.Upload<float>(_frameData);
        GpuBuffer bg = _plate;
        if (!background.IsEmpty)
        {
            _background.Upload(background);
            bg = _background;
        }

        PixelRect hr = _occupiedBox is Aabb box ? AvatarRenderer.HeadRegion(camera, box) : default;
        int rays = hr.IsEmpty ? 0 : hr.Area;
        LastHeadRegion = hr.IsEmpty ? default : hr;
        if (rays > 0)
            _marcher.SetCamera(camera, hr);

        // Submission 1: torso, then the head's ray generation + count pass.
        long t0 = Stopwatch.GetTimestamp();
        _first.Begin();
        Stamp(_first, _firstTimes, 0, reset: true);
        if (_torso.Pixels > 0)
            _torso.Record(_first, _frame, _layout);
        Stamp(_first, _firstTimes, 1);
        _marcher.RecordCount(_first, rays);
        Stamp(_first, _firstTimes, 2);
        _first.End();
        Device.SubmitAndWait(_first);
        long t1 = Stopwatch.GetTimestamp();

        int samples = 0;
        if (rays > 0)
        {
            if (_marcher.FinishCount(rays))
                _field.ClearBindings();
            samples = _marcher.SampleCount;
        }

        // Submission 2: sample write, field, compositing, final composite.
        _second.Begin();
        Stamp(_second, _secondTimes, 0, reset: true);
        if (rays > 0)
        {
            if (samples > 0)
            {
                _marcher.RecordWrite(_second, rays);
                _second.ComputeBarrier();
                _field.Record(_second, _marcher.Positions, _marcher.RayIndex, _marcher.Directions, _frame, _layout,
                    samples, _marcher.Sigma, _marcher.Rgb);
            }
            _marcher.RecordComposite(_second, rays);
            _second.ComputeBarrier();
        }
        Stamp(_second, _secondTimes, 1);
        var tr = _torso.Pixels > 0 ? Model.TorsoRegion : default;
        var headRect = rays > 0 ? hr : default;
        _compose.Record(_second, (3 * n + 3) / 4,
            new ComposePush(0, 0, (uint)w, (uint)h, (uint)tr.X, (uint)tr.Y, (uint)tr.Width, (uint)tr.Height,
                (uint)headRect.X, (uint)headRect.Y, (uint)headRect.Width, (uint)headRect.Height),
            bg, _torso.Output, _marcher.Color, _marcher.Opacity, _output);
        Stamp(_second, _secondTimes, 2);
        _second.End();
        Device.SubmitAndWait(_second);
        _output.Download(rgb24);
        long t2 = Stopwatch.GetTimestamp();

        LastHeadSamples = samples;
        LastTimings = _firstTimes is not null && _secondTimes is not null
            ? Timings(_firstTimes.ReadMilliseconds(), _secondTimes.ReadMilliseconds())
            : new RenderTimings(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds,
                Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds, 0);
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

    // Torso = first[1] − first[0]; head = count pass (first[2] − first[1]) + second[1] − second[0];
    // composite = second[2] − second[1].
    private static RenderTimings Timings(double[] first, double[] second)
        => new(first[1] - first[0], first[2] - first[1] + (second[1] - second[0]), second[2] - second[1]);

    private static void Stamp(CommandList list, TimestampQueries? queries, uint index, bool reset = false)
    {
        if (queries is null) return;
        if (reset) list.ResetTimestamps(queries);
        list.WriteTimestamp(queries, index);
    }

    public void Dispose()
    {
        // Command lists first (they wait for pending work), then what they referenced.
        _first.Dispose();
        _second.Dispose();
        _firstTimes?.Dispose();
        _secondTimes?.Dispose();
        _compose.Dispose();
        _frame.Dispose(); _plate.Dispose(); _background.Dispose(); _output.Dispose();
        _torso.Dispose();
        _marcher.Dispose();
        _field.Dispose();
    }
}
