namespace EdgeAvatar.Host.Run;

/// <summary>
/// One size's benchmark figures. <paramref name="StagesMs"/>: mean ms per frame of audio_features, audio_net, head,
/// torso, composite, output (they add up to about the frame time). <paramref name="GpuMemoryMb"/>: peak VkDeviceMemory
/// held by the renderer's buffers, null on the CPU renderer; <paramref name="HostMemoryMb"/>: the process's peak
/// working set so far.
/// </summary>
public sealed record RenderBenchmarkResult(string Device, int Width, int Height, int Frames, double Fps, double FrameMsP50,
    double FrameMsP99, IReadOnlyDictionary<string, double> StagesMs, long HeadSamples, double? GpuMemoryMb, double HostMemoryMb);
