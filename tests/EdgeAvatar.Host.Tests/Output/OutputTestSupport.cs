using System.Diagnostics;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>Scratch directories, synthetic frames and an ffmpeg decoder (the independent reference) for sink tests.</summary>
internal static class OutputTestSupport
{
    public static bool HasFfmpeg => Run("ffmpeg", ["-version"]).Exit == 0;

    /// <summary>Frame whose every pixel is (r, g, b).</summary>
    public static byte[] Solid(int w, int h, byte r, byte g, byte b)
    {
        var f = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) (f[3 * i], f[3 * i + 1], f[3 * i + 2]) = (r, g, b);
        return f;
    }

    /// <summary>A smooth gradient that differs per <paramref name="seed"/> (compresses well, survives resampling).</summary>
    public static byte[] Gradient(int w, int h, int seed)
    {
        var f = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                f[o] = (byte)(x * 255 / Math.Max(1, w - 1));
                f[o + 1] = (byte)(y * 255 / Math.Max(1, h - 1));
                f[o + 2] = (byte)(seed * 40 % 256);
            }
        return f;
    }

    /// <summary>Decodes any image/video file to rgb24 frames with ffmpeg (full-range aware input, no scaling).</summary>
    public static byte[] DecodeRgb24(string path)
    {
        var (exit, stdout, stderr) = Run("ffmpeg", ["-v", "error", "-nostdin", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        Assert.True(exit == 0, $"ffmpeg could not decode {path}: {stderr}");
        return stdout;
    }

    public static (int Exit, byte[] Stdout, string Stderr) Run(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var ms = new MemoryStream();
            Task<string> err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            return (p.ExitCode, ms.ToArray(), err.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, [], $"{program} not found");
        }
    }
}

/// <summary>A scratch directory deleted after the test.</summary>
internal sealed class ScratchDir : IDisposable
{
    public ScratchDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgeavatar-out-" + Guid.NewGuid().ToString("N")[..8]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
