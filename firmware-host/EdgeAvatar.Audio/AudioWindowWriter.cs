namespace EdgeAvatar.Audio;

/// <summary>
/// Writes video frame <paramref name="videoFrame"/>'s normalised audio window (WindowFloats floats) into
/// <paramref name="window"/>: how a caller supplies windows to <see cref="FeatureWindow.GatherSmoothingWindows"/>
/// (from a training set, from a feature array, or from a live stream's history and look-ahead).
/// </summary>
public delegate void AudioWindowWriter(int videoFrame, Span<float> window);
