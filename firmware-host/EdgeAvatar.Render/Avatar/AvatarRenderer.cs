using System.Diagnostics;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Renders one avatar frame (camera pose, audio code, eye value → RGB24) on the CPU: the head field inside the
/// projected head box, the torso inside its recorded region, both composited over the background:
/// C = head + (1 − Σw)·(torso·α + (1 − α)·background). The one renderer that eval, the demo, the daemon and the
/// trainer's previews share. Not thread-safe (it parallelises inside); one instance per render loop.
/// </summary>
public sealed class AvatarRenderer : IAvatarFrameRenderer
{
    private readonly HeadRayRenderer _head;
    private readonly TorsoModel _torso;
    private float[] _below = [], _origins = [], _dirs = [], _color = [], _opacity = [];
    private float[] _coords = [], _torsoRgb = [], _torsoAlpha = [];

    public AvatarRenderer(AvatarModel model)
    {
        Model = model;
        _head = new HeadRayRenderer(new HeadField(model.Config.Head), model.Occupancy);
        _torso = new TorsoModel(model.Config.Torso);
        SetupTorsoCoords();
        _occupiedBox = OccupiedBounds(model.Occupancy);
    }

    private readonly Aabb? _occupiedBox;

    /// <summary>
    /// The box around the occupied cells (null when none): rays outside its projection cannot hit the head, so the
    /// head ROI is the projection of this box rather than of the whole head box (often half the pixels).
    /// </summary>
    public static Aabb? OccupiedBounds(OccupancyGrid grid)
    {
        int r = grid.Resolution, x0 = r, y0 = r, z0 = r, x1 = -1, y1 = -1, z1 = -1;
        for (int i = 0; i < grid.CellCount; i++)
        {
            if (!grid.IsOccupiedCell(i)) continue;
            int x = i % r, y = i / r % r, z = i / (r * r);
            x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); z0 = Math.Min(z0, z);
            x1 = Math.Max(x1, x); y1 = Math.Max(y1, y); z1 = Math.Max(z1, z);
        }
        if (x1 < 0) return null;
        var min = grid.Bounds.Min + new System.Numerics.Vector3(x0, y0, z0) * grid.CellSize;
        var max = grid.Bounds.Min + new System.Numerics.Vector3(x1 + 1, y1 + 1, z1 + 1) * grid.CellSize;
        return new Aabb(min, max);
    }

    public AvatarModel Model { get; }

    /// <summary>Milliseconds spent per stage by the last <see cref="Render"/>.</summary>
    public RenderTimings LastTimings { get; private set; }

    /// <summary>Head samples evaluated by the last frame (after occupancy pruning).</summary>
    public int LastHeadSamples => _head.EvaluatedSamples;

    /// <summary>Samples the marcher produced in the last frame (before early termination).</summary>
    public int LastMarchedSamples => _head.Samples.SampleCount;

    /// <summary>The head region of interest of the last frame (rays marched).</summary>
    public PixelRect LastHeadRegion { get; private set; }

    public PinholeCamera CameraFor(ReadOnlySpan<float> cameraToWorld)
    {
        var c = Model.Camera;
        return new PinholeCamera(c.Width, c.Height, c.Fx, c.Fy, c.Cx, c.Cy, cameraToWorld);
    }

    /// <summary>The image rectangle the head box projects into for this camera (empty when behind the camera).</summary>
    public static PixelRect HeadRegion(PinholeCamera camera, Aabb box, int margin = 2)
    {
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        for (int k = 0; k < 8; k++)
        {
            var p = new System.Numerics.Vector3((k & 1) == 0 ? box.Min.X : box.Max.X,
                (k & 2) == 0 ? box.Min.Y : box.Max.Y, (k & 4) == 0 ? box.Min.Z : box.Max.Z);
            if (!camera.Project(p, out float u, out float v)) return default;
            x0 = MathF.Min(x0, u); y0 = MathF.Min(y0, v); x1 = MathF.Max(x1, u); y1 = MathF.Max(y1, v);
        }
        var r = new PixelRect((int)MathF.Floor(x0), (int)MathF.Floor(y0),
            (int)MathF.Ceiling(x1) - (int)MathF.Floor(x0), (int)MathF.Ceiling(y1) - (int)MathF.Floor(y0));
        return r.Inflate(margin, camera.Width, camera.Height);
    }

    /// <summary>Renders one frame into <paramref name="rgb24"/> (W × H × 3).</summary>
    /// <param name="torsoShift">Config.Torso.TrackWidth floats (see <see cref="AvatarModel.TorsoTrack"/>).</param>
    /// <param name="background">W × H × 3 replacement background, or empty for the recorded plate.</param>
    public void Render(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<float> torsoShift, ReadOnlySpan<float> audioCode,
        float eye, int latentRow,
        ReadOnlySpan<byte> background, Span<byte> rgb24)
    {
        var cam = Model.Camera;
        int w = cam.Width, h = cam.Height, n = w * h;
        if (rgb24.Length != 3 * n) throw new ArgumentException($"rgb24 needs {3 * n} bytes.", nameof(rgb24));
        ReadOnlySpan<byte> bg = background.IsEmpty ? Model.Plate : background;
        if (bg.Length != 3 * n) throw new ArgumentException($"background needs {3 * n} bytes.", nameof(background));
        long t0 = Stopwatch.GetTimestamp();

        if (_below.Length < 3 * n) _below = new float[3 * n];
        var below = _below.AsSpan(0, 3 * n);
        for (int i = 0; i < 3 * n; i++) below[i] = bg[i] * (1f / 255f);

        // Torso over the background, inside its region only.
        var tr = Model.TorsoRegion;
        if (!tr.IsEmpty)
        {
            Span<float> pose = stackalloc float[Model.Config.Torso.PoseInputWidth];
            Model.TorsoPose(cameraToWorld, torsoShift, pose);
            int tn = tr.Area;
            var p = Model.Parameters.AsSpan(Model.Blocks.Torso.Offset, Model.Blocks.Torso.Count);
            _torso.Forward(p, _coords.AsSpan(0, 2 * tn), pose, Model.TorsoLatent(latentRow),
                _torsoRgb.AsSpan(0, 3 * tn), _torsoAlpha.AsSpan(0, tn));
            for (int i = 0; i < tn; i++)
            {
                int px = tr.X + i % tr.Width, py = tr.Y + i / tr.Width, o = 3 * (py * w + px);
                float a = _torsoAlpha[i];
                for (int ch = 0; ch < 3; ch++)
                    below[o + ch] = _torsoRgb[3 * i + ch] * a + (1f - a) * below[o + ch];
            }
        }
        long t1 = Stopwatch.GetTimestamp();

        // Head over everything, inside the projected head box.
        var camera = CameraFor(cameraToWorld);
        var hr = _occupiedBox is Aabb box ? HeadRegion(camera, box) : default;
        LastHeadRegion = hr;
        if (!hr.IsEmpty)
        {
            int hn = hr.Area;
            Grow(ref _origins, 3 * hn); Grow(ref _dirs, 3 * hn); Grow(ref _color, 3 * hn); Grow(ref _opacity, hn);
            RayGenerator.Roi(camera, hr.X, hr.Y, hr.Width, hr.Height, _origins.AsSpan(0, 3 * hn), _dirs.AsSpan(0, 3 * hn));
            _head.RenderTerminating(Model.Parameters, Model.Blocks.Head, _origins.AsSpan(0, 3 * hn), _dirs.AsSpan(0, 3 * hn),
                audioCode, eye, Model.HeadLatent(latentRow), _color.AsSpan(0, 3 * hn), _opacity.AsSpan(0, hn));
            for (int i = 0; i < hn; i++)
            {
                int px = hr.X + i % hr.Width, py = hr.Y + i / hr.Width, o = 3 * (py * w + px);
                float keep = 1f - _opacity[i];
                for (int ch = 0; ch < 3; ch++)
                    below[o + ch] = _color[3 * i + ch] + keep * below[o + ch];
            }
        }
        long t2 = Stopwatch.GetTimestamp();

        for (int i = 0; i < 3 * n; i++)
            rgb24[i] = (byte)Math.Clamp((int)(below[i] * 255f + 0.5f), 0, 255);
        long t3 = Stopwatch.GetTimestamp();
        LastTimings = new RenderTimings(
            Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds,
            Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds,
            Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
    }

    private void SetupTorsoCoords()
    {
        var tr = Model.TorsoRegion;
        var cam = Model.Camera;
        int tn = Math.Max(tr.Area, 0);
        _coords = new float[2 * tn];
        _torsoRgb = new float[3 * tn];
        _torsoAlpha = new float[tn];
        for (int i = 0; i < tn; i++)
        {
            int px = tr.X + i % tr.Width, py = tr.Y + i / tr.Width;
            _coords[2 * i] = TorsoCoordinates.ToUnit(px, cam.Width);
            _coords[2 * i + 1] = TorsoCoordinates.ToUnit(py, cam.Height);
        }
    }

    private static void Grow(ref float[] a, int n)
    {
        if (a.Length < n) a = new float[n];
    }
}
