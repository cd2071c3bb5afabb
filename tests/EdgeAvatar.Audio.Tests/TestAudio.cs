using System.Diagnostics;

namespace EdgeAvatar.Audio.Tests;

/// <summary>Synthetic signals and decoded samples shared by the tests.</summary>
internal static class TestAudio
{
    public const int Rate = 16000;

    public static float[] Sine(double hz, double seconds, double amplitude = 0.5)
    {
        var x = new float[(int)(seconds * Rate)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate));
        return x;
    }

    /// <summary>Deterministic pseudo-random noise (LCG, not System.Random, whose algorithm may change).</summary>
    public static float[] Noise(int samples, uint seed = 12345, float amplitude = 0.3f)
    {
        var x = new float[samples];
        uint s = seed;
        for (int i = 0; i < samples; i++)
        {
            s = s * 1664525u + 1013904223u;
            x[i] = ((int)(s >> 16) - 32768) / 32768f * amplitude;
        }
        return x;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public static string Sample(string relative) => Path.Combine(RepoRoot(), "samples", relative);

    public static bool HaveFfmpeg()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true, UseShellExecute = false });
            p!.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Decodes a sample to 16 kHz mono s16 with ffmpeg (kept independent of EdgeAvatar.Media on purpose).</summary>
    public static short[] DecodeS16(string path)
    {
        byte[] bytes = Ffmpeg(path, "s16le");
        var s = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, s, 0, s.Length * 2);
        return s;
    }

    /// <summary>ffmpeg's 16 kHz mono PCM of <paramref name="path"/> in <paramref name="format"/> (s16le, f32le).</summary>
    private static byte[] Ffmpeg(string path, string format)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-i", path, "-vn", "-ac", "1", "-ar", "16000", "-f", format, "pipe:1" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err.Result}");
        return ms.ToArray();
    }

    /// <summary>
    /// Decodes a sample as prepare writes a dataset's audio.wav: ffmpeg resamples to 16 kHz mono float, then each
    /// sample is rounded to s16 (x · 32768). The recogniser's beam search is sensitive to single samples, so a test
    /// of what it does on a dataset's audio must see exactly these samples, not ffmpeg's own s16 conversion.
    /// </summary>
    public static short[] DecodeS16AsPrepared(string path)
    {
        byte[] bytes = Ffmpeg(path, "f32le");
        var s = new short[bytes.Length / 4];
        for (int i = 0; i < s.Length; i++)
            s[i] = (short)Math.Clamp(MathF.Round(BitConverter.ToSingle(bytes, 4 * i) * 32768f), -32768f, 32767f);
        return s;
    }
}
