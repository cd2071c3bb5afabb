using EdgeAvatar.Audio;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Everything needed to render the avatar: configuration, the flat parameter array with its block map, the
/// occupancy grid, the recorded camera and background plate, the audio normalisation the features must use, the
/// latents to render with, and the idle behaviour (recorded pose, torso and eye tracks) for when nobody is speaking.
/// The trainer holds one with a latent row per training frame; a baked model holds one row (the mean).
/// </summary>
public sealed class AvatarModel
{
    public AvatarModel(AvatarParameters blocks, float[] parameters, OccupancyGrid occupancy, CameraIntrinsics camera,
        byte[] plate, AudioNormalization normalization, float[] poseTrack, float[] eyeTrack, float[] torsoTrack,
        float[] meanCentre, PixelRect torsoRegion)
    {
        if (parameters.Length != blocks.TotalCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the layout needs {blocks.TotalCount}.", nameof(parameters));
        if (plate.Length != camera.Width * camera.Height * 3)
            throw new ArgumentException("plate must be Width × Height × 3 bytes.", nameof(plate));
        if (poseTrack.Length == 0 || poseTrack.Length % 16 != 0 || eyeTrack.Length != poseTrack.Length / 16)
            throw new ArgumentException("pose track must be F × 16 floats with one eye value per pose.", nameof(poseTrack));
        if (torsoTrack.Length != eyeTrack.Length * blocks.Config.Torso.TrackWidth)
            throw new ArgumentException($"torso track must be F × {blocks.Config.Torso.TrackWidth} floats.", nameof(torsoTrack));
        Blocks = blocks;
        Parameters = parameters;
        Occupancy = occupancy;
        Camera = camera;
        Plate = plate;
        Normalization = normalization;
        PoseTrack = poseTrack;
        EyeTrack = eyeTrack;
        TorsoTrack = torsoTrack;
        MeanCentre = meanCentre;
        TorsoRegion = torsoRegion;
    }

    public AvatarModelConfig Config => Blocks.Config;

    /// <summary>
    /// The audio→mouth generator that fills the head's mouth entries at render time, or null: the model was trained
    /// without one (older models) and its audio network's own prediction drives the mouth.
    /// </summary>
    public Mouth.MouthGenerator? Mouth { get; init; }
    public AvatarParameters Blocks { get; }
    public float[] Parameters { get; }
    public OccupancyGrid Occupancy { get; }
    public CameraIntrinsics Camera { get; }
    public byte[] Plate { get; }
    public AudioNormalization Normalization { get; }

    /// <summary>Recorded camera-to-world matrices (F × 16): replayed as natural idle head motion.</summary>
    public float[] PoseTrack { get; }

    /// <summary>Recorded eye values (F), aligned with <see cref="PoseTrack"/>: replayed blinks.</summary>
    public float[] EyeTrack { get; }

    /// <summary>
    /// Recorded torso shifts (F × Config.Torso.TrackWidth, pixels of the recorded frame; empty when the torso takes
    /// none), aligned with <see cref="PoseTrack"/>: the torso moves as it did with that head pose. They are network
    /// inputs in the units the torso was trained with, so <see cref="WithSize"/> keeps them unscaled.
    /// </summary>
    public float[] TorsoTrack { get; }

    public int TrackLength => EyeTrack.Length;

    /// <summary>Mean camera centre over the training frames (3 floats), see <see cref="HeadPoseFeatures"/>.</summary>
    public float[] MeanCentre { get; }

    /// <summary>Where the torso can appear (union over the training frames, padded): the torso is evaluated only here.</summary>
    public PixelRect TorsoRegion { get; }

    /// <summary>Latent row <paramref name="row"/> of the head (the mean row when baked).</summary>
    public ReadOnlySpan<float> HeadLatent(int row)
    {
        int l = Config.Head.LatentWidth;
        return Parameters.AsSpan(Blocks.Head.Latents.Offset + row * l, l);
    }

    public ReadOnlySpan<float> TorsoLatent(int row)
    {
        int l = Config.Torso.LatentWidth;
        return Parameters.AsSpan(Blocks.TorsoLatents.Offset + row * l, l);
    }

    public ReadOnlySpan<float> CameraToWorld(int trackIndex) => PoseTrack.AsSpan(16 * trackIndex, 16);

    /// <summary>Recorded torso shifts at <paramref name="trackIndex"/> (TrackWidth floats; empty when none).</summary>
    public ReadOnlySpan<float> TorsoShift(int trackIndex)
    {
        int w = Config.Torso.TrackWidth;
        return TorsoTrack.AsSpan(w * trackIndex, w);
    }

    /// <summary>
    /// The torso's pose input (Config.Torso.PoseInputWidth floats): the head pose numbers of
    /// <paramref name="cameraToWorld"/>, then <paramref name="torsoShift"/> (TrackWidth floats). The head pose numbers
    /// are the raw pose features (<see cref="HeadPoseFeatures"/>) or, for an anchors pose input, the anchors'
    /// normalised image positions through this model's camera (<see cref="ErNerf.AdaptivePoseEncoding"/>), which do
    /// not change with <see cref="WithSize"/>: 2u/W − 1 scales with the camera. The one place the CPU renderer, the
    /// Vulkan renderer and the trainer's torso step build it.
    /// </summary>
    public void TorsoPose(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<float> torsoShift, Span<float> pose)
    {
        int w = Config.Torso.TrackWidth;
        if (torsoShift.Length != w)
            throw new ArgumentException($"torso shift has {torsoShift.Length} floats; this model takes {w}.", nameof(torsoShift));
        if (pose.Length != Config.Torso.PoseInputWidth)
            throw new ArgumentException($"pose has {pose.Length} floats; expected {Config.Torso.PoseInputWidth}.", nameof(pose));
        const int head = Torso.TorsoConfig.PoseWidth;
        if (Blocks.TorsoAnchors is { } anchors)
            ErNerf.AdaptivePoseEncoding.Forward(PoseCamera(cameraToWorld), Parameters.AsSpan(anchors.Offset, anchors.Count),
                pose[..head]);
        else
            HeadPoseFeatures.FromCameraToWorld(cameraToWorld, MeanCentre, pose[..head]);
        torsoShift.CopyTo(pose[head..]);
    }

    /// <summary>This model's camera placed at <paramref name="cameraToWorld"/>: what the anchors are projected through.</summary>
    public PinholeCamera PoseCamera(ReadOnlySpan<float> cameraToWorld)
        => new(Camera.Width, Camera.Height, Camera.Fx, Camera.Fy, Camera.Cx, Camera.Cy, cameraToWorld);

    /// <summary>
    /// The same avatar rendered at another output size: the camera is scaled (focal lengths and principal point), the
    /// plate resampled bilinearly and the torso region scaled; networks, occupancy and tracks are shared (not copied).
    /// </summary>
    public AvatarModel WithSize(int width, int height)
    {
        if (width == Camera.Width && height == Camera.Height) return this;
        if (width < 16 || height < 16 || width > 4096 || height > 4096)
            throw new Common.EdgeAvatarException(Common.ExitCodes.Usage, $"size {width}x{height} is outside 16..4096.");
        float sx = (float)width / Camera.Width, sy = (float)height / Camera.Height;
        var camera = new CameraIntrinsics(width, height, Camera.Fx * sx, Camera.Fy * sy, Camera.Cx * sx, Camera.Cy * sy);
        var t = TorsoRegion;
        var torso = new PixelRect((int)(t.X * sx), (int)(t.Y * sy), (int)Math.Ceiling(t.Width * sx), (int)Math.Ceiling(t.Height * sy))
            .Inflate(0, width, height);
        return new AvatarModel(Blocks, Parameters, Occupancy, camera, Resample(Plate, Camera.Width, Camera.Height, width, height),
            Normalization, PoseTrack, EyeTrack, TorsoTrack, MeanCentre, torso) { Mouth = Mouth };
    }

    /// <summary>The same avatar (everything shared, not copied) carrying <paramref name="mouth"/> as its generator.</summary>
    public AvatarModel WithMouth(Mouth.MouthGenerator? mouth)
        => new(Blocks, Parameters, Occupancy, Camera, Plate, Normalization, PoseTrack, EyeTrack, TorsoTrack, MeanCentre, TorsoRegion)
        {
            Mouth = mouth?.EnsureValid(),
        };

    private static byte[] Resample(byte[] src, int sw, int sh, int dw, int dh)
    {
        var dst = new byte[dw * dh * 3];
        for (int y = 0; y < dh; y++)
        {
            float fy = Math.Clamp((y + 0.5f) * sh / dh - 0.5f, 0, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            float wy = fy - y0;
            for (int x = 0; x < dw; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sw / dw - 0.5f, 0, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                float wx = fx - x0;
                for (int c = 0; c < 3; c++)
                {
                    float top = src[3 * (y0 * sw + x0) + c] * (1 - wx) + src[3 * (y0 * sw + x1) + c] * wx;
                    float bottom = src[3 * (y1 * sw + x0) + c] * (1 - wx) + src[3 * (y1 * sw + x1) + c] * wx;
                    dst[3 * (y * dw + x) + c] = (byte)Math.Clamp((int)(top * (1 - wy) + bottom * wy + 0.5f), 0, 255);
                }
            }
        }
        return dst;
    }
}
