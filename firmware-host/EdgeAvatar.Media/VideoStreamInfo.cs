namespace EdgeAvatar.Media;

/// <summary>The first video stream of a file as ffprobe reports it. FrameCount is null when the container does not say.</summary>
public sealed record VideoStreamInfo(int Index, string Codec, int Width, int Height, Rational FrameRate, long? FrameCount, double? DurationSeconds);
