using EdgeAvatar.Audio;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Everything needed to render the avatar: configuration, the flat parameter array with its block map, the
/// occupancy grid, the recorded camera and background plate, the audio normalisation the features must use, the
/// latents to render with, and the idle behaviour (recorded pose and eye tracks) for when nobody is speaking.
/// The trainer holds one with a latent row per training frame; a baked model holds one row (the mean).
/// </summary>
public sealed class AvatarModel
{
    public AvatarModel(AvatarParameters blocks, float[] parameters, OccupancyGrid occupancy, CameraIntrinsics camera,
        byte[] plate, AudioNormalization normalization, float[] poseTrack, float[] eyeTrack, float[] meanCentre,
        PixelRect torsoRegion)
    {
        if (parameters.Length != blocks.TotalCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the layout needs {blocks.TotalCount}.", nameof(parameters));
        if (plate.Length != camera.Width * camera.Height * 3)
            throw new ArgumentException("plate must be Width × Height × 3 bytes.", nameof(plate));
        if (poseTrack.Length == 0 || poseTrack.Length % 16 != 0 || eyeTrack.Length != poseTrack.Length / 16)
            throw new ArgumentException("pose track must be F × 16 floats with one eye value per pose.", nameof(poseTrack));
        Blocks = blocks;
        Parameters = parameters;
        Occupancy = occupancy;
        Camera = camera;
        Plate = plate;
        Normalization = normalization;
        PoseTrack = poseTrack;
        EyeTrack = eyeTrack;
        MeanCentre = meanCentre;
        TorsoRegion = torsoRegion;
    }

    public AvatarModelConfig Config => Blocks.Config;
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
}
