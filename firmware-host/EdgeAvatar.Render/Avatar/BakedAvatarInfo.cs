using EdgeAvatar.Audio;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// The non-tensor part of a baked avatar, stored as the .eavm manifest's "config": how to rebuild the networks,
/// the recorded camera, the audio normalisation the features must use, and the constants the renderer needs.
/// <see cref="Mouth"/> (absent in models trained before it existed, which keep working) is the audio→mouth generator
/// that fills the head's mouth entries at render time.
/// </summary>
public sealed record BakedAvatarInfo(
    AvatarModelConfig Model,
    CameraIntrinsics Camera,
    float[] MeanCentre,
    PixelRect TorsoRegion,
    AudioNormalization Normalization,
    int TrackLength,
    bool HalfPrecision,
    Mouth.MouthGenerator? Mouth = null);
