namespace EdgeAvatar.Media;

/// <summary>The first audio stream of a file as ffprobe reports it.</summary>
public sealed record AudioStreamInfo(int Index, string Codec, int SampleRate, int Channels, double? DurationSeconds);
