using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;

namespace EdgeAvatar.Host.Tests.Control;

public sealed class ControlServerTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine("/tmp", "eac-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly FakeControlHandler _handler = new();
    private ControlServer _server = null!;

    private string SocketPath => Path.Combine(_dir, "control.sock");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _server = ControlServer.Start(SocketPath, _handler, new ControlServerOptions { MaxClients = 4, MaxErrorsPerConnection = 5, EvictIdleAfter = TimeSpan.FromMilliseconds(200) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static CancellationToken Guard() => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token; // hang guard only

    private async Task<Socket> ConnectAsync()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return s;
    }

    /// <summary>Reads one '\n'-terminated line, or null at EOF/reset.</summary>
    private static async Task<string?> ReadLineAsync(Socket s)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        try
        {
            while (true)
            {
                int n = await s.ReceiveAsync(one, SocketFlags.None, Guard());
                if (n == 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]);
                if (one[0] == (byte)'\n') return Encoding.UTF8.GetString([.. bytes]);
                bytes.Add(one[0]);
            }
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private async Task<JsonElement> RoundTripAsync(string request)
    {
        string? line = await TryRoundTripAsync(request);
        Assert.NotNull(line);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>The reply line, or null when the connection closed without one.</summary>
    private async Task<string?> TryRoundTripAsync(string request)
    {
        using Socket s = await ConnectAsync();
        try
        {
            await s.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), SocketFlags.None);
        }
        catch (SocketException)
        {
            // A refused connection may be closed before we send; its error line is still readable.
        }
        return await ReadLineAsync(s);
    }

    /// <summary>Round trip that retries only while the server refuses the connection ("too many", possibly closed
    /// before our request was even sent); the hang guard turns a dead server into a failure.</summary>
    private async Task<JsonElement> RoundTripRetryingAsync(string request)
    {
        CancellationToken guard = Guard();
        while (true)
        {
            string? line = await TryRoundTripAsync(request);
            if (line is not null)
            {
                JsonElement r = JsonDocument.Parse(line).RootElement.Clone();
                if (r.GetProperty("ok").GetBoolean() || !r.GetProperty("error").GetString()!.Contains("too many", StringComparison.Ordinal)) return r;
            }
            await Task.Delay(10, guard);
        }
    }

    private static void AssertOk(JsonElement reply) => Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());

    private static string AssertError(JsonElement reply)
    {
        Assert.False(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        return reply.GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task Status_round_trips_every_field()
    {
        JsonElement r = await RoundTripAsync("{\"cmd\":\"status\"}");
        AssertOk(r);
        Assert.Equal(25, r.GetProperty("fps").GetDouble());
        Assert.Equal(11.5, r.GetProperty("frame_ms_p50").GetDouble());
        Assert.Equal(19.25, r.GetProperty("frame_ms_p99").GetDouble());
        Assert.Equal(310, r.GetProperty("latency_ms").GetDouble());
        Assert.Equal(3, r.GetProperty("dropped_frames").GetInt64());
        Assert.Equal(1, r.GetProperty("audio_xruns").GetInt64());
        Assert.Equal("sha256:abc", r.GetProperty("model_id").GetString());
        Assert.Equal("idle", r.GetProperty("state").GetString());
        Assert.Equal(["status"], _handler.Calls);
    }

    [Fact]
    public async Task Non_finite_status_numbers_are_sent_as_null()
    {
        _handler.Status = _handler.Status with { Fps = double.NaN };
        JsonElement r = await RoundTripAsync("{\"cmd\":\"status\"}");
        Assert.Equal(JsonValueKind.Null, r.GetProperty("fps").ValueKind);
    }

    [Theory]
    [InlineData("{\"cmd\":\"speak\",\"file\":\"/srv/hello.wav\"}", "speak /srv/hello.wav")]
    [InlineData("{\"cmd\":\"stop\"}", "stop")]
    [InlineData("{\"cmd\":\"set\",\"background\":\"#1A2b3C\"}", "background Color 1A2B3C ")]
    [InlineData("{\"cmd\":\"set\",\"background\":\"/srv/bg.png\"}", "background Image 000000 /srv/bg.png")]
    [InlineData("{\"cmd\":\"set\",\"background\":\"plate\"}", "background Plate 000000 ")]
    [InlineData("{\"cmd\":\"set\",\"blink\":true}", "blink True")]
    [InlineData("{\"cmd\":\"set\",\"blink\":false}", "blink False")]
    [InlineData("{\"cmd\":\"reload\"}", "reload")]
    [InlineData("  {\"cmd\" : \"reload\"}  \r", "reload")]
    public async Task Each_command_reaches_the_handler_and_gets_ok(string request, string call)
    {
        AssertOk(await RoundTripAsync(request));
        Assert.Equal([call], _handler.Calls);
    }

    [Theory]
    [InlineData("hello", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{}", "missing \"cmd\"")]
    [InlineData("{\"cmd\":42}", "missing \"cmd\"")]
    [InlineData("{\"cmd\":\"dance\"}", "unknown cmd")]
    [InlineData("{\"cmd\":\"status\",\"x\":1}", "unknown field 'x'")]
    [InlineData("{\"cmd\":\"speak\"}", "speak needs")]
    [InlineData("{\"cmd\":\"speak\",\"file\":\"relative.wav\"}", "absolute path")]
    [InlineData("{\"cmd\":\"set\"}", "set needs")]
    [InlineData("{\"cmd\":\"set\",\"blnk\":true}", "unknown field 'blnk'")]
    [InlineData("{\"cmd\":\"set\",\"blink\":\"yes\"}", "true or false")]
    [InlineData("{\"cmd\":\"set\",\"background\":\"#12345\"}", "#RRGGBB")]
    [InlineData("{\"cmd\":\"set\",\"background\":\"red\"}", "must be")]
    [InlineData("{\"cmd\":\"stop\",\"cmd\":\"reload\"}", "appears twice")]
    [InlineData("{\"cmd\":\"stop\"} {\"cmd\":\"reload\"}", "trailing data")]
    [InlineData("{\"cmd\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}", "not valid JSON")]
    public async Task Garbage_gets_an_error_reply_and_never_reaches_the_handler(string request, string expected)
    {
        string error = AssertError(await RoundTripAsync(request));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(_handler.Calls);
    }

    [Fact]
    public async Task Handler_errors_become_error_replies_and_the_server_survives()
    {
        Assert.Contains("no such file", AssertError(await RoundTripAsync("{\"cmd\":\"speak\",\"file\":\"/fail.wav\"}")), StringComparison.Ordinal);
        Assert.Contains("internal error", AssertError(await RoundTripAsync("{\"cmd\":\"speak\",\"file\":\"/crash.wav\"}")), StringComparison.Ordinal);
        AssertOk(await RoundTripAsync("{\"cmd\":\"stop\"}"));
    }

    [Fact]
    public async Task Several_requests_on_one_connection_are_answered_in_order()
    {
        using Socket s = await ConnectAsync();
        await s.SendAsync("{\"cmd\":\"stop\"}\nbad\n\n{\"cmd\":\"reload\"}\n"u8.ToArray(), SocketFlags.None);
        AssertOk(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement);
        AssertError(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement);
        AssertOk(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement); // the blank line got no reply
        Assert.Equal(["stop", "reload"], _handler.Calls);
    }

    [Fact]
    public async Task An_over_long_line_gets_an_error_and_the_connection_is_closed()
    {
        using Socket s = await ConnectAsync();
        var big = new byte[70 * 1024];
        big.AsSpan().Fill((byte)'a');
        try
        {
            await s.SendAsync(big, SocketFlags.None); // no newline: the server must stop buffering at 64 KiB
        }
        catch (SocketException)
        {
            // the server may already have closed the connection
        }
        string? line = await ReadLineAsync(s);
        Assert.Contains("longer than 65536", AssertError(JsonDocument.Parse(line!).RootElement), StringComparison.Ordinal);
        Assert.Null(await ReadLineAsync(s)); // closed
        AssertOk(await RoundTripAsync("{\"cmd\":\"stop\"}"));
    }

    [Fact]
    public async Task A_client_sending_only_garbage_is_disconnected_after_the_error_limit()
    {
        using Socket s = await ConnectAsync();
        await s.SendAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("garbage\n", 20))), SocketFlags.None);
        int replies = 0;
        while (await ReadLineAsync(s) is not null) replies++;
        Assert.Equal(5, replies); // MaxErrorsPerConnection, then closed
        AssertOk(await RoundTripAsync("{\"cmd\":\"stop\"}"));
    }

    [Fact]
    public async Task Binary_junk_and_vanishing_clients_do_not_stop_the_server()
    {
        for (int i = 0; i < 5; i++)
        {
            using Socket s = await ConnectAsync();
            await s.SendAsync(new byte[] { 0xff, 0xfe, 0x00, 0x7b, 0x22 }, SocketFlags.None); // invalid UTF-8, half a request
            s.LingerState = new LingerOption(true, 0);
            s.Close(); // vanish without reading the reply
        }
        // The vanished clients may still hold slots (accepted and noticed asynchronously): "too many" is a
        // legitimate transient answer, anything else or a dead server is a failure.
        AssertOk(await RoundTripRetryingAsync("{\"cmd\":\"reload\"}"));
        Assert.Equal(["reload"], _handler.Calls);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused_while_all_are_busy_and_served_once_they_finish()
    {
        var held = new List<Socket>();
        for (int i = 0; i < 4; i++)
        {
            Socket s = await ConnectAsync();
            held.Add(s);
            await s.SendAsync(Encoding.UTF8.GetBytes($"{{\"cmd\":\"speak\",\"file\":\"/block{i}.wav\"}}\n"), SocketFlags.None);
        }
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (_handler.Calls.IsEmpty) await Task.Delay(5, guard.Token); // the first request is in the handler
        await Task.Delay(200, guard.Token); // the other three reached the server and wait behind it
        using (Socket extra = await ConnectAsync())
        {
            Assert.Contains("too many", AssertError(JsonDocument.Parse((await ReadLineAsync(extra))!).RootElement), StringComparison.Ordinal);
            Assert.Null(await ReadLineAsync(extra));
        }
        _handler.Gate.SetResult();
        foreach (Socket s in held) AssertOk(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement);
        foreach (Socket s in held) s.Dispose();
        AssertOk(await RoundTripRetryingAsync("{\"cmd\":\"reload\"}"));
    }

    [Fact]
    public async Task Idle_connections_at_the_limit_make_room_for_a_new_client_by_closing_the_oldest()
    {
        var held = new List<Socket>();
        for (int i = 0; i < 4; i++)
        {
            Socket s = await ConnectAsync();
            held.Add(s);
            await s.SendAsync("{\"cmd\":\"stop\"}\n"u8.ToArray(), SocketFlags.None);
            AssertOk(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement); // served, now idle
        }
        await Task.Delay(400); // idle for longer than EvictIdleAfter

        AssertOk(await RoundTripAsync("{\"cmd\":\"status\"}")); // a new client is served, not locked out

        Assert.Null(await ReadLineAsync(held[0])); // the longest-idle connection was closed to make room
        await held[3].SendAsync("{\"cmd\":\"stop\"}\n"u8.ToArray(), SocketFlags.None);
        AssertOk(JsonDocument.Parse((await ReadLineAsync(held[3]))!).RootElement); // the newest ones are untouched
        foreach (Socket s in held) s.Dispose();
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_json_string_gets_an_error_reply_and_the_connection_stays_usable()
    {
        using Socket s = await ConnectAsync();
        byte[] bad = [.. "{\"cmd\":\"speak\",\"file\":\"/a"u8, 0xC3, 0x28, .. ".wav\"}\n"u8];
        await s.SendAsync(bad, SocketFlags.None);
        string? reply = await ReadLineAsync(s);
        Assert.NotNull(reply);
        Assert.Contains("UTF-8", AssertError(JsonDocument.Parse(reply).RootElement), StringComparison.Ordinal);
        await s.SendAsync("{\"cmd\":\"status\"}\n"u8.ToArray(), SocketFlags.None);
        AssertOk(JsonDocument.Parse((await ReadLineAsync(s))!).RootElement);
        Assert.DoesNotContain(_handler.Calls, c => c.StartsWith("speak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_concurrent_clients_all_get_their_replies()
    {
        var tasks = Enumerable.Range(0, 12).Select(async i =>
        {
            // More clients than MaxClients overall, but each is short-lived; refused ones retry.
            AssertOk(await RoundTripRetryingAsync("{\"cmd\":\"set\",\"blink\":true}"));
        });
        await Task.WhenAll(tasks);
        Assert.Equal(12, _handler.Calls.Count);
    }

    [SkippableFact]
    public void Control_socket_is_created_with_mode_0660()
    {
        if (!OperatingSystem.IsLinux()) throw new SkipException("unix file modes are checked on Linux only");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(SocketPath));
    }

    [Fact]
    public async Task Client_helper_round_trips_and_compacts_multi_line_json()
    {
        ControlReply reply = await ControlClient.SendAsync(SocketPath, "{\n  \"cmd\": \"set\",\n  \"blink\": false\n}");
        Assert.True(reply.Ok, reply.Json);
        Assert.Equal(["blink False"], _handler.Calls);

        ControlReply bad = await ControlClient.SendAsync(SocketPath, "{\"cmd\":\"nope\"}");
        Assert.False(bad.Ok);
        Assert.Contains("unknown cmd", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_helper_reports_bad_json_and_a_missing_daemon_clearly()
    {
        var usage = await Assert.ThrowsAsync<EdgeAvatarException>(() => ControlClient.SendAsync(SocketPath, "{cmd:status}"));
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
        var missing = await Assert.ThrowsAsync<EdgeAvatarException>(() => ControlClient.SendAsync(Path.Combine(_dir, "none.sock"), "{\"cmd\":\"status\"}"));
        Assert.Equal(ExitCodes.Unavailable, missing.ExitCode);
        Assert.Contains("daemon running", missing.Message, StringComparison.Ordinal);
    }
}
