using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// Client side of the control socket, for <c>edgeavatar ctl '&lt;json&gt;'</c>: sends one request, returns the reply.
/// The request is validated as JSON and re-serialised onto one line first (a pretty-printed argument would otherwise
/// be several "requests"). Errors are <see cref="EdgeAvatarException"/>s: bad JSON → Usage, no daemon → Unavailable,
/// no reply in time → TempFail.
/// </summary>
public static class ControlClient
{
    /// <summary>Where the systemd unit's daemon listens unless configured otherwise.</summary>
    public const string DefaultSocketPath = "/run/edgeavatar/control.sock";

    private const int MaxReplyBytes = 1 << 20;

    public static async Task<ControlReply> SendAsync(string socketPath, string requestJson, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        byte[] line = ToLine(requestJson);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"Cannot connect to the control socket '{socketPath}' ({ex.Message}). Is the edgeavatar daemon running, and is this user in its group?", ex);
        }
        try
        {
            await socket.SendAsync(line, SocketFlags.None, cts.Token).ConfigureAwait(false);
            string reply = await ReadLineAsync(socket, cts.Token).ConfigureAwait(false);
            return Interpret(reply);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgeAvatarException(ExitCodes.TempFail, $"The daemon did not answer on '{socketPath}' in time.");
        }
        catch (SocketException ex)
        {
            throw new EdgeAvatarException(ExitCodes.IoError, $"Control connection to '{socketPath}' failed: {ex.Message}", ex);
        }
    }

    private static byte[] ToLine(string requestJson)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(requestJson);
            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer)) doc.RootElement.WriteTo(w);
            buffer.Write("\n"u8);
            return buffer.WrittenSpan.ToArray();
        }
        catch (JsonException ex)
        {
            throw new EdgeAvatarException(ExitCodes.Usage, $"The control request is not valid JSON ({ex.Message}); e.g. '{{\"cmd\":\"status\"}}'.", ex);
        }
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken ct)
    {
        var received = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            int n = await socket.ReceiveAsync(chunk, SocketFlags.None, ct).ConfigureAwait(false);
            int newline = Array.IndexOf(chunk, (byte)'\n', 0, n);
            received.Write(chunk, 0, newline >= 0 ? newline : n);
            if (newline >= 0 || n == 0) break;
            if (received.Length > MaxReplyBytes)
                throw new EdgeAvatarException(ExitCodes.DataError, "The control reply is implausibly long; is that socket really edgeavatar's?");
        }
        if (received.Length == 0) throw new EdgeAvatarException(ExitCodes.IoError, "The daemon closed the control connection without replying.");
        return Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
    }

    private static ControlReply Interpret(string reply)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(reply);
            JsonElement root = doc.RootElement;
            bool ok = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out JsonElement okEl) && okEl.ValueKind == JsonValueKind.True;
            string? error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String
                ? e.GetString() : null;
            return new ControlReply(ok, error, reply);
        }
        catch (JsonException ex)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"The control reply is not JSON: {ex.Message}", ex);
        }
    }
}
