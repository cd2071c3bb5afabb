using System.Diagnostics;
using Xunit.Abstractions;

namespace EdgeAvatar.Audio.Tests;

/// <summary>Reports extraction speed (× real time, one thread) in the test log; asserts no timing.</summary>
public class ExtractionSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void Extracting_a_minute_of_audio_reports_its_speed()
    {
        float[] pcm = TestAudio.Noise(16000 * 60);
        var extractor = new LogMelExtractor();
        extractor.Extract(pcm.AsSpan(0, 16000)); // JIT warm-up
        var sw = Stopwatch.StartNew();
        var features = extractor.Extract(pcm);
        sw.Stop();
        Assert.Equal(3000, features.FrameCount);
        output.WriteLine($"batch: 60 s in {sw.Elapsed.TotalMilliseconds:F1} ms = {60 / sw.Elapsed.TotalSeconds:F0}x real time");

        var stream = new StreamingLogMelExtractor();
        var frame = new float[80];
        sw.Restart();
        for (int at = 0; at < pcm.Length; at += 320)
        {
            stream.Push(pcm.AsSpan(at, 320));
            while (stream.TryReadFrame(frame, out _)) { }
        }
        sw.Stop();
        output.WriteLine($"streaming (20 ms chunks): {60 / sw.Elapsed.TotalSeconds:F0}x real time");
    }
}
