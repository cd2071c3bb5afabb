using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Media.Images;
using Xunit.Abstractions;

namespace EdgeAvatar.Media.Tests.Images;

/// <summary>The JPEG encoder is checked by decoding its output with ffmpeg (an independent decoder).</summary>
public class JpegEncoderTests(ITestOutputHelper log)
{
    private static byte[] DecodeWithFfmpeg(byte[] jpeg, TempDir dir)
    {
        string path = dir.File($"x{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-v", "error", "-nostdin", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var ms = new MemoryStream();
        Task<string> err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg rejected the JPEG: {err.Result}");
        return ms.ToArray();
    }

    private static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        double se = 0;
        for (int i = 0; i < a.Length; i++) se += (a[i] - b[i]) * (double)(a[i] - b[i]);
        double mse = se / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static byte[] RealFrame(out int w, out int h)
    {
        using var reader = VideoFrameReader.Open(TestMedia.German, new VideoReadOptions { MaxFrames = 12 });
        byte[]? last = null;
        (w, h) = (reader.Width, reader.Height);
        foreach (VideoFrame f in reader.ReadFrames()) last = f.Rgb24.ToArray();
        return last!;
    }

    [SkippableFact]
    public void Quality_90_on_a_real_frame_decodes_with_ffmpeg_at_35_dB_or_better()
    {
        Skip.IfNot(File.Exists(TestMedia.German), "sample clip missing");
        using var dir = new TempDir();
        byte[] frame = RealFrame(out int w, out int h);
        byte[] jpeg = new JpegEncoder(90).Encode(frame, w, h);
        double psnr = Psnr(frame, DecodeWithFfmpeg(jpeg, dir));
        log.WriteLine($"{w}x{h} q90: {jpeg.Length} bytes, PSNR {psnr:F2} dB");
        Assert.True(psnr >= 35, $"PSNR {psnr:F2} dB");
    }

    [SkippableFact]
    public void Lower_quality_is_smaller_and_less_faithful()
    {
        Skip.IfNot(File.Exists(TestMedia.German), "sample clip missing");
        using var dir = new TempDir();
        byte[] frame = RealFrame(out int w, out int h);
        byte[] q30 = new JpegEncoder(30).Encode(frame, w, h), q90 = new JpegEncoder(90).Encode(frame, w, h);
        Assert.True(q30.Length < q90.Length / 2, $"q30 {q30.Length} bytes vs q90 {q90.Length}");
        Assert.True(Psnr(frame, DecodeWithFfmpeg(q30, dir)) < Psnr(frame, DecodeWithFfmpeg(q90, dir)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(33, 17)]
    [InlineData(16, 16)]
    public void Odd_sizes_decode_to_the_right_size_and_colour(int w, int h)
    {
        using var dir = new TempDir();
        byte[] frame = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) (frame[3 * i], frame[3 * i + 1], frame[3 * i + 2]) = (200, 60, 30);
        byte[] decoded = DecodeWithFfmpeg(new JpegEncoder(95).Encode(frame, w, h), dir);
        Assert.Equal(frame.Length, decoded.Length);
        Assert.All(decoded.Chunk(3), px => Assert.True(Math.Abs(px[0] - 200) <= 4 && Math.Abs(px[1] - 60) <= 4 && Math.Abs(px[2] - 30) <= 4,
            $"pixel ({px[0]},{px[1]},{px[2]})"));
    }

    [Fact]
    public void Stream_starts_with_SOI_and_JFIF_and_ends_with_EOI()
    {
        byte[] jpeg = new JpegEncoder().Encode(new byte[8 * 8 * 3], 8, 8);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, jpeg[..4]);
        Assert.Equal("JFIF", System.Text.Encoding.ASCII.GetString(jpeg, 6, 4));
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Out_of_range_quality_is_a_usage_error(int quality)
        => Assert.Equal(ExitCodes.Usage, Assert.Throws<EdgeAvatarException>(() => new JpegEncoder(quality)).ExitCode);
}
