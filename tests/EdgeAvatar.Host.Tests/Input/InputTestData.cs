using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>Samples, temp paths and PCM helpers for the input tests.</summary>
internal static class InputTestData
{
    public static string RepoRoot() => FindRoot(AppContext.BaseDirectory) ?? FindRoot(ThisFile())
        ?? throw new InvalidOperationException("Repository root not found.");

    private static string? FindRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeAvatar.sln"))) dir = dir.Parent;
        return dir?.FullName;
    }

    // Fallback when the test binaries live outside the repository (deterministic builds map paths, so check it exists).
    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "/";

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

    /// <summary>A short unique directory under /tmp (unix socket paths must stay under 108 bytes).</summary>
    public static string TempDir()
    {
        string dir = Path.Combine("/tmp", "eai-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deterministic s16 "speech-like" PCM: LCG noise under a slow envelope (not System.Random: its algorithm may change).</summary>
    public static byte[] NoisePcm(int samples, uint seed = 7)
    {
        var pcm = new short[samples];
        uint s = seed;
        for (int i = 0; i < samples; i++)
        {
            s = s * 1664525u + 1013904223u;
            double envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * i / 8000.0);
            pcm[i] = (short)(((int)(s >> 16) - 32768) * 0.3 * envelope);
        }
        return MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
    }

    /// <summary>Reads a PipeReader to its end.</summary>
    public static async Task<byte[]> ReadToEndAsync(System.IO.Pipelines.PipeReader reader, CancellationToken ct)
    {
        var ms = new MemoryStream();
        while (true)
        {
            var r = await reader.ReadAsync(ct);
            foreach (var seg in r.Buffer) ms.Write(seg.Span);
            reader.AdvanceTo(r.Buffer.End);
            if (r.IsCompleted) break;
        }
        await reader.CompleteAsync();
        return ms.ToArray();
    }
}
