using System.Net;
using System.Net.Sockets;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

public sealed class SocketAudioSourceTests : IDisposable
{
    private readonly string _dir = InputTestData.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SocketPath => Path.Combine(_dir, "audio.sock");

    private static async Task<Socket> ConnectAsync(SocketAudioSource source)
    {
        EndPoint ep = source.LocalEndPoint;
        var s = ep is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(ep);
        return s;
    }

    private SocketAudioSource Listen(string kind, bool endOnDisconnect) => SocketAudioSource.Listen(
        AudioSourceSpec.Parse(kind == "unix" ? "unix:" + SocketPath : "tcp:127.0.0.1:0"),
        new AudioSourceOptions { EndOfStreamOnDisconnect = endOnDisconnect });

    private static async Task SendInChunksAsync(Socket s, byte[] data, int[] sizes)
    {
        for (int offset = 0, k = 0; offset < data.Length; k++)
        {
            int n = Math.Min(sizes[k % sizes.Length], data.Length - offset);
            await s.SendAsync(data.AsMemory(offset, n), SocketFlags.None);
            offset += n;
        }
    }

    private static async Task WaitForBytesAsync(IAudioSource source, long bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // hang guard only
        while (source.Stats.Bytes < bytes) await Task.Delay(5, cts.Token);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Pcm_sent_in_odd_sized_chunks_arrives_identical_to_sending_it_at_once(string kind)
    {
        byte[] pcm = InputTestData.NoisePcm(48_000 + 17);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await using SocketAudioSource chunked = Listen(kind, endOnDisconnect: true);
        Task<byte[]> readChunked = InputTestData.ReadToEndAsync(chunked.Reader, cts.Token);
        using (Socket s = await ConnectAsync(chunked)) await SendInChunksAsync(s, pcm, [1, 3, 1000, 7, 4095, 2, 333]);
        byte[] a = await readChunked;
        await chunked.Completion;
        await chunked.DisposeAsync();

        await using SocketAudioSource whole = Listen(kind, endOnDisconnect: true);
        Task<byte[]> readWhole = InputTestData.ReadToEndAsync(whole.Reader, cts.Token);
        using (Socket s = await ConnectAsync(whole)) await s.SendAsync(pcm, SocketFlags.None);
        byte[] b = await readWhole;

        Assert.Equal(pcm, a);
        Assert.Equal(pcm, b);
        Assert.Equal(pcm.Length, chunked.Stats.Bytes);
        Assert.Equal(1, chunked.Stats.Clients);
    }

    [Fact]
    public async Task A_dangling_odd_byte_is_dropped_and_counted_and_the_stream_stays_sample_aligned()
    {
        await using SocketAudioSource source = Listen("unix", endOnDisconnect: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Task<byte[]> read = InputTestData.ReadToEndAsync(source.Reader, cts.Token);
        byte[] data = [1, 2, 3, 4, 5];
        using (Socket s = await ConnectAsync(source)) await SendInChunksAsync(s, data, [1, 1, 1, 1, 1]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, await read);
        Assert.Equal(1, source.Stats.DroppedBytes);
    }

    [Fact]
    public async Task A_second_client_replaces_the_first_which_is_disconnected()
    {
        await using SocketAudioSource source = Listen("unix", endOnDisconnect: false);
        byte[] first = InputTestData.NoisePcm(501, seed: 1).Take(1001).ToArray(); // odd: its last byte is dropped
        byte[] second = InputTestData.NoisePcm(1000, seed: 2);

        using Socket a = await ConnectAsync(source);
        await a.SendAsync(first, SocketFlags.None);
        await WaitForBytesAsync(source, 1000);
        using (Socket b = await ConnectAsync(source))
        {
            await b.SendAsync(second, SocketFlags.None);
            await WaitForBytesAsync(source, 1000 + second.Length);
            // The replaced client sees its connection closed (EOF or reset), not a hang.
            var buf = new byte[16];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                Assert.Equal(0, await a.ReceiveAsync(buf, SocketFlags.None, cts.Token));
            }
            catch (SocketException)
            {
                // reset: also closed
            }
        }
        await source.DisposeAsync();
        byte[] got = await InputTestData.ReadToEndAsync(source.Reader, CancellationToken.None);
        Assert.Equal(first.Take(1000).Concat(second).ToArray(), got);
        Assert.Equal(2, source.Stats.Clients);
        Assert.Equal(1, source.Stats.DroppedBytes);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Abrupt_disconnects_do_not_stop_the_source(string kind)
    {
        await using SocketAudioSource source = Listen(kind, endOnDisconnect: false);
        for (int i = 0; i < 3; i++)
        {
            using Socket rude = await ConnectAsync(source);
            await rude.SendAsync(new byte[] { 9, 9, 9 }, SocketFlags.None);
            await WaitForBytesAsync(source, 2 * (i + 1));
            rude.LingerState = new LingerOption(true, 0); // close with RST, mid-sample
            rude.Close();
        }
        byte[] pcm = InputTestData.NoisePcm(800);
        using (Socket good = await ConnectAsync(source)) await good.SendAsync(pcm, SocketFlags.None);
        await WaitForBytesAsync(source, 6 + pcm.Length);
        Assert.False(source.Completion.IsCompleted);
        await source.DisposeAsync();
        byte[] got = await InputTestData.ReadToEndAsync(source.Reader, CancellationToken.None);
        Assert.Equal(pcm, got[6..]);
        Assert.Equal(4, source.Stats.Clients);
        Assert.Equal(3, source.Stats.DroppedBytes);
    }

    [SkippableFact]
    public async Task Unix_socket_file_is_created_with_mode_0660_and_removed_on_dispose()
    {
        if (!OperatingSystem.IsLinux()) throw new SkipException("unix file modes are checked on Linux only");
        SocketAudioSource source = Listen("unix", endOnDisconnect: false);
        await using (source)
        {
            UnixFileMode mode = File.GetUnixFileMode(SocketPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
        }
        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced_but_a_live_one_is_refused()
    {
        // Stale: a socket file nobody listens on, as after a crash. (.NET unlinks a socket it bound when disposed,
        // so bind elsewhere and rename the file into place first.)
        string elsewhere = Path.Combine(_dir, "bound.sock");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(elsewhere));
            File.Move(elsewhere, SocketPath);
        }
        Assert.True(File.Exists(SocketPath));
        await using SocketAudioSource live = Listen("unix", endOnDisconnect: false);

        var ex = Assert.Throws<EdgeAvatarException>(() => Listen("unix", endOnDisconnect: false));
        Assert.Equal(ExitCodes.TempFail, ex.ExitCode);
        Assert.Contains("in use", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regular_file_at_the_socket_path_is_never_deleted()
    {
        File.WriteAllText(SocketPath, "precious");
        var ex = Assert.Throws<EdgeAvatarException>(() => Listen("unix", endOnDisconnect: false));
        Assert.Equal(ExitCodes.IoError, ex.ExitCode);
        Assert.Equal("precious", File.ReadAllText(SocketPath));
    }

    [Theory]
    [InlineData("tcp:0.0.0.0:0")]
    [InlineData("tcp:10.0.0.1:7070")]
    public void Non_loopback_tcp_is_refused_before_listening(string spec)
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioSources.Open(spec));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public async Task Tcp_source_listens_on_loopback_only()
    {
        await using SocketAudioSource source = Listen("tcp", endOnDisconnect: false);
        var ep = (IPEndPoint)source.LocalEndPoint;
        Assert.True(IPAddress.IsLoopback(ep.Address));
        Assert.NotEqual(0, ep.Port);
    }
}
