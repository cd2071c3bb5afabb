namespace EdgeAvatar.Render.Mouth;

/// <summary>
/// Fills the head's mouth entries (the first K of the audio code) for a frame, in place of the audio network's
/// prediction: the swappable mouth signal. For an r2talker head the K values are instead the frame's whole landmark
/// row (<see cref="MouthGenerator.LandmarkKind"/>). <see cref="Avatar.AvatarDriver"/> asks it once per rendered frame.
/// Implementations must answer without blocking (the render loop calls them); a frame they have nothing for returns
/// false and the audio network's own entries stay.
/// </summary>
public interface IMouthSource
{
    /// <summary>K: values per frame (mouth measures, or a landmark row's floats).</summary>
    int Measures { get; }

    /// <summary>Writes frame <paramref name="frame"/>'s K measures (driver frame index) and returns true, or false when it has none.</summary>
    bool TryGet(long frame, Span<float> measures);
}
