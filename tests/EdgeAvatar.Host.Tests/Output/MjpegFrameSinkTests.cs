using System.Net.Sockets;
using System.Text;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

public class MjpegFrameSinkTests
{
    [SkippableFact]
    public async Task A_loopback_viewer_receives_multipart_jpeg_frames_that_decode_to_the_frame()
    {
        Skip.IfNot(OutputTestSupport.HasFfmpeg, "ffmpeg missing");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var sink = (MjpegFrameSink)FrameSinkFactory.Create("mjpeg:127.0.0.1:0", new FrameSinkOptions { JpegQuality = 90 });
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", sink.Port, cts.Token);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), cts.Token);
        while (sink.ClientCount == 0) await Task.Delay(10, cts.Token); // accept is asynchronous

        byte[] frame = OutputTestSupport.Gradient(48, 32, 5);
        await sink.WriteFrameAsync(frame, 48, 32, TimeSpan.Zero, cts.Token);

        string head = await ReadUntilAsync(stream, "\r\n\r\n", cts.Token); // HTTP response head
        Assert.StartsWith("HTTP/1.0 200 OK", head, StringComparison.Ordinal);
        Assert.Contains("multipart/x-mixed-replace; boundary=", head, StringComparison.Ordinal);
        string part = await ReadUntilAsync(stream, "\r\n\r\n", cts.Token);
        Assert.Contains("Content-Type: image/jpeg", part, StringComparison.Ordinal);
        int length = int.Parse(part.Split("Content-Length: ")[1].Split("\r\n")[0], System.Globalization.CultureInfo.InvariantCulture);
        byte[] jpeg = new byte[length];
        await stream.ReadExactlyAsync(jpeg, cts.Token);
        Assert.Equal((0xFF, 0xD8), (jpeg[0], jpeg[1]));

        using var dir = new ScratchDir();
        File.WriteAllBytes(dir.File("f.jpg"), jpeg);
        byte[] decoded = OutputTestSupport.DecodeRgb24(dir.File("f.jpg"));
        Assert.Equal(frame.Length, decoded.Length);
        double meanError = frame.Zip(decoded, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 4, $"mean abs error {meanError:F2}");
        Assert.Equal(1, sink.Stats.Written);
    }

    [Fact]
    public async Task Frames_without_viewers_are_not_encoded()
    {
        await using var sink = FrameSinkFactory.Create("mjpeg:127.0.0.1:0");
        await sink.WriteFrameAsync(new byte[16 * 16 * 3], 16, 16, TimeSpan.Zero, default);
        Assert.Equal(0, sink.Stats.Written);
    }

    private static async Task<string> ReadUntilAsync(NetworkStream s, string terminator, CancellationToken ct)
    {
        var sb = new StringBuilder();
        byte[] one = new byte[1];
        while (!sb.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            await s.ReadExactlyAsync(one, ct);
            sb.Append((char)one[0]);
        }
        return sb.ToString();
    }
}
