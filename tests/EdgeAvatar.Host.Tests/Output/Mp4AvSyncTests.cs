using System.Globalization;
using EdgeAvatar.Host.Output;
using Xunit.Abstractions;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// End-to-end A/V sync of the mp4 sink: audio with clicks at known times is muxed with frames that flash white at
/// the frames presented at those times; ffmpeg then decodes both streams of the result and the flash/click times are
/// compared, on the streams' own timestamps (start_time included, so AAC priming or edit lists cannot hide an offset).
/// </summary>
public class Mp4AvSyncTests(ITestOutputHelper log)
{
    private const int Rate = 48000, W = 64, H = 48, Fps = 25;
    private static readonly int[] ClickFrames = [13, 37, 65, 80]; // 0.52 s, 1.48 s, 2.60 s, 3.20 s

    [SkippableFact]
    public async Task Muxed_audio_clicks_and_video_flashes_stay_within_40_ms()
    {
        Skip.IfNot(OutputTestSupport.HasFfmpeg, "ffmpeg missing");
        using var dir = new ScratchDir();
        string wav = dir.File("clicks.wav"), mp4 = dir.File("out.mp4");
        WriteClickWav(wav, seconds: 4.0);

        await using (var sink = FrameSinkFactory.Create($"mp4:{mp4}", new FrameSinkOptions { AudioPath = wav }))
        {
            byte[] black = OutputTestSupport.Solid(W, H, 0, 0, 0), white = OutputTestSupport.Solid(W, H, 255, 255, 255);
            for (int k = 0; k < 4 * Fps; k++)
            {
                if (k is 30 or 31 or 52) continue; // a stalled renderer: the sink must fill these slots
                await sink.WriteFrameAsync(ClickFrames.Contains(k) ? white : black, W, H, TimeSpan.FromSeconds((double)k / Fps), default);
                if (k == 50) await sink.WriteFrameAsync(black, W, H, TimeSpan.FromSeconds(50.0 / Fps), default); // repeat: dropped
            }
            await sink.CompleteAsync(default);
            Assert.Equal((3, 1), (sink.Stats.Duplicated, sink.Stats.Dropped));
        }

        double videoStart = StartTime(mp4, "v:0"), audioStart = StartTime(mp4, "a:0");
        double[] flashes = FlashTimes(mp4).Select(t => t + videoStart).ToArray();
        double[] clicks = ClickTimes(mp4).Select(t => t + audioStart).ToArray();
        log.WriteLine($"video start {videoStart:F4} s, audio start {audioStart:F4} s");
        Assert.Equal(ClickFrames.Length, flashes.Length);
        Assert.Equal(ClickFrames.Length, clicks.Length);
        for (int i = 0; i < clicks.Length; i++)
        {
            double offsetMs = (flashes[i] - clicks[i]) * 1000;
            log.WriteLine($"click {i}: audio {clicks[i]:F4} s, video {flashes[i]:F4} s, offset {offsetMs:F1} ms");
            Assert.True(Math.Abs(offsetMs) <= 40, $"A/V offset {offsetMs:F1} ms at click {i}");
            Assert.InRange(flashes[i], ClickFrames[i] / (double)Fps - 0.001, ClickFrames[i] / (double)Fps + 0.001);
        }
    }

    /// <summary>Mono s16 WAV, silent except a 2 ms full-scale square burst at each click frame's time.</summary>
    private static void WriteClickWav(string path, double seconds)
    {
        int n = (int)(seconds * Rate);
        var pcm = new short[n];
        foreach (int f in ClickFrames)
        {
            int start = f * Rate / Fps;
            for (int i = 0; i < Rate / 500; i++) pcm[start + i] = (short)((i / 12 % 2 == 0) ? 30000 : -30000);
        }
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8); w.Write(36 + 2 * n); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(Rate); w.Write(Rate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(2 * n);
        foreach (short s in pcm) w.Write(s);
    }

    private static double StartTime(string path, string stream)
    {
        var (exit, stdout, stderr) = OutputTestSupport.Run("ffprobe",
            ["-v", "error", "-select_streams", stream, "-show_entries", "stream=start_time", "-of", "csv=p=0", path]);
        Assert.True(exit == 0, stderr);
        return double.Parse(System.Text.Encoding.ASCII.GetString(stdout).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Times (relative to the first decoded frame, at the constant 25 fps) of frames brighter than mid-grey after dark ones.</summary>
    private static List<double> FlashTimes(string mp4)
    {
        var (exit, gray, stderr) = OutputTestSupport.Run("ffmpeg",
            ["-v", "error", "-nostdin", "-i", mp4, "-map", "0:v:0", "-vf", "scale=8:8", "-f", "rawvideo", "-pix_fmt", "gray", "-"]);
        Assert.True(exit == 0, stderr);
        var times = new List<double>();
        bool wasBright = false;
        for (int f = 0; f * 64 < gray.Length; f++)
        {
            bool bright = gray.AsSpan(f * 64, 64).ToArray().Average(b => b) > 128;
            if (bright && !wasBright) times.Add((double)f / Fps);
            wasBright = bright;
        }
        return times;
    }

    /// <summary>Onset times (relative to the first decoded sample) of bursts: first sample above half the peak, 0.3 s apart at least.</summary>
    private static List<double> ClickTimes(string mp4)
    {
        var (exit, raw, stderr) = OutputTestSupport.Run("ffmpeg",
            ["-v", "error", "-nostdin", "-i", mp4, "-map", "0:a:0", "-ac", "1", "-ar", Rate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", "-"]);
        Assert.True(exit == 0, stderr);
        short[] pcm = new short[raw.Length / 2];
        Buffer.BlockCopy(raw, 0, pcm, 0, pcm.Length * 2);
        int peak = pcm.Max(s => Math.Abs((int)s));
        var times = new List<double>();
        int last = -Rate;
        for (int i = 0; i < pcm.Length; i++)
        {
            if (Math.Abs((int)pcm[i]) > peak / 2 && i - last > Rate * 3 / 10)
            {
                times.Add((double)i / Rate);
                last = i;
            }
            else if (Math.Abs((int)pcm[i]) > peak / 2) last = i;
        }
        return times;
    }
}
