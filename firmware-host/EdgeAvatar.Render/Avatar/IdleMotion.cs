namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// Where the head and torso are and how open the eyes are at output frame i when nothing else drives them: the recorded pose,
/// torso and eye tracks played forwards then backwards (ping-pong), so motion never jumps at the end of the track and
/// blinks come at the rhythm the person recorded. With a fixed pose the first recorded pose is held; with blinking
/// off the eye value is held at the track's median (open eyes).
/// </summary>
public sealed class IdleMotion
{
    private readonly AvatarModel _model;
    private readonly float _openEye;

    public IdleMotion(AvatarModel model)
    {
        _model = model;
        var sorted = model.EyeTrack.ToArray();
        Array.Sort(sorted);
        _openEye = sorted[sorted.Length / 2];
    }

    public bool FixedPose { get; set; }

    public bool Blink { get; set; } = true;

    public int TrackIndex(long frame)
    {
        int n = _model.TrackLength;
        if (n == 1 || FixedPose) return 0;
        long period = 2L * (n - 1);
        long k = frame % period;
        return (int)(k < n ? k : period - k);
    }

    public ReadOnlySpan<float> CameraToWorld(long frame) => _model.CameraToWorld(TrackIndex(frame));

    /// <summary>The torso shifts recorded with that pose (the torso sways with the replayed head, as it did).</summary>
    public ReadOnlySpan<float> TorsoShift(long frame) => _model.TorsoShift(TrackIndex(frame));

    public float Eye(long frame) => Blink ? _model.EyeTrack[TrackIndex(frame)] : _openEye;
}
