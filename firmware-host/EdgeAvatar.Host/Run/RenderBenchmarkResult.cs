namespace EdgeAvatar.Host.Run;

/// <summary>
/// One size's benchmark figures. <paramref name="StagesMs"/>: mean ms per frame of audio_features, audio_net, head,
/// torso, composite, output (they add up to about the frame time). <paramref name="GpuMemoryMb"/>: peak VkDeviceMemory
/// held by the renderer's buffers, null on the CPU renderer; <paramref name="HostMemoryMb"/>: the process's peak
/// working set so far. <paramref name="Cost"/>: the frame's counted work and where the time went.
/// </summary>
public sealed record RenderBenchmarkResult(string Device, int Width, int Height, int Frames, double Fps, double FrameMsP50,
    double FrameMsP99, IReadOnlyDictionary<string, double> StagesMs, long HeadSamples, double? GpuMemoryMb, double HostMemoryMb, FrameCostFigures Cost);

/// <summary>
/// Per frame: GFLOP and bytes of memory traffic counted by <see cref="FrameCost"/>, queue submissions (0 on the CPU
/// renderer), host milliseconds per stage (audio_features, audio_net, render_call, render_host, output) and GPU
/// milliseconds per stage from timestamps (torso, head, composite, total; null on the CPU renderer).
/// </summary>
public sealed record FrameCostFigures(double GflopPerFrame, double BytesPerFrame, double SubmissionsPerFrame,
    IReadOnlyDictionary<string, double> HostMs, IReadOnlyDictionary<string, double>? GpuMs);
