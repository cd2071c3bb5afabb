namespace EdgeAvatar.Prepare.Dataset;

/// <summary>The input video as ffprobe described it (file name only: the dataset must not depend on its path).</summary>
public sealed record DatasetSource(string FileName, double DurationSeconds, int Width, int Height, double Fps);
