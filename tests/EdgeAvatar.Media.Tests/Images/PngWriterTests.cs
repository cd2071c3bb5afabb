using System.Diagnostics;
using EdgeAvatar.Media.Images;

namespace EdgeAvatar.Media.Tests.Images;

public class PngWriterTests
{
    [SkippableFact]
    public void Rgb_and_grey_files_decode_with_ffmpeg_to_the_written_pixels()
    {
        Skip.IfNot(File.Exists("/usr/bin/ffmpeg"), "ffmpeg missing");
        using var dir = new TempDir();
        byte[] rgb = Enumerable.Range(0, 7 * 5 * 3).Select(i => (byte)(i * 37)).ToArray();
        byte[] grey = Enumerable.Range(0, 7 * 5).Select(i => (byte)(i * 7)).ToArray();
        PngWriter.WriteRgb(dir.File("c.png"), 7, 5, rgb);
        PngWriter.WriteGrey(dir.File("g.png"), 7, 5, grey);
        Assert.Equal(rgb, Decode(dir.File("c.png"), "rgb24"));
        Assert.Equal(grey, Decode(dir.File("g.png"), "gray"));
        Assert.Equal(["c.png", "g.png"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order()); // no temp leftovers
    }

    private static byte[] Decode(string path, string pixFmt)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", pixFmt, "-" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        return ms.ToArray();
    }
}
