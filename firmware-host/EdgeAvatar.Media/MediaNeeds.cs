namespace EdgeAvatar.Media;

/// <summary>Which streams the caller needs; <see cref="MediaProbe.Probe"/> fails with a clear message if one is missing.</summary>
[Flags]
public enum MediaNeeds
{
    None = 0,
    Video = 1,
    Audio = 2,
    VideoAndAudio = Video | Audio,
}
