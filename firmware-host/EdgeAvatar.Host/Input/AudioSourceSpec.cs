using System.Globalization;
using System.Net;
using System.Text;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// A parsed <c>--audio</c> argument. Forms:
/// <list type="bullet">
/// <item><c>file:&lt;path&gt;</c> or a bare path: a media file (decoded by ffmpeg).</item>
/// <item><c>alsa:&lt;device&gt;</c>: an ALSA PCM name, e.g. <c>alsa:default</c>, <c>alsa:plughw:CARD=x,DEV=0</c>.</item>
/// <item><c>unix:&lt;path&gt;</c>: we listen on a unix socket at path (created 0660).</item>
/// <item><c>tcp:&lt;loopback-ip&gt;:&lt;port&gt;</c>: we listen on TCP, loopback addresses only (127.0.0.0/8, ::1 as
/// <c>[::1]</c>, or <c>localhost</c>); port 0 picks a free port.</item>
/// <item><c>none</c>: no input; the avatar idles until told to <c>speak</c> (a file literally named "none" is <c>file:none</c>).</item>
/// </list>
/// A bare path containing ':' is still a path unless the text before the first ':' looks like a scheme
/// (letters/digits, at least two characters), in which case an unknown scheme is a usage error rather than a
/// silently missing file. Parsing checks syntax only; whether the file/device exists is checked when opened.
/// </summary>
public sealed record AudioSourceSpec
{
    /// <summary>sun_path is 108 bytes on Linux including the terminating NUL (<see cref="UnixListenSocket.MaxPathBytes"/>).</summary>
    public const int MaxUnixPathBytes = UnixListenSocket.MaxPathBytes;

    private AudioSourceSpec(AudioSourceKind kind, string target, IPEndPoint? endPoint)
    {
        Kind = kind;
        Target = target;
        EndPoint = endPoint;
    }

    public AudioSourceKind Kind { get; }

    /// <summary>File path, ALSA device name, socket path, or for TCP the "ip:port" text.</summary>
    public string Target { get; }

    /// <summary>The loopback endpoint for <see cref="AudioSourceKind.Tcp"/>; null otherwise.</summary>
    public IPEndPoint? EndPoint { get; }

    public static AudioSourceSpec File(string path) => Parse("file:" + path);

    /// <summary>Parses an --audio value; any malformed value is <see cref="ExitCodes.Usage"/> with the accepted forms.</summary>
    public static AudioSourceSpec Parse(string text) => Parse(text, AudioOption);

    /// <summary>
    /// Parses the TTS phone side channel's socket (--phones, audio.phones): unix:PATH or tcp on loopback, checked as
    /// the audio socket is; anything else is <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static AudioSourceSpec ParsePhoneChannel(string text)
    {
        AudioSourceSpec spec = Parse(text, PhonesOption);
        if (spec.Kind is not (AudioSourceKind.Unix or AudioSourceKind.Tcp))
            Fail($"'{text}' is not a socket.", PhonesOption);
        return spec;
    }

    private const string AudioOption = "--audio source", PhonesOption = "--phones socket";

    private static AudioSourceSpec Parse(string text, string option)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        void Fail(string why) => AudioSourceSpec.Fail(why, option);
        if (string.IsNullOrWhiteSpace(text)) Fail("the audio source is empty.");
        if (text.Any(char.IsControl)) Fail("the audio source contains control characters.");
        if (text == "none") return new AudioSourceSpec(AudioSourceKind.None, "", null);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string scheme = colon > 0 ? text[..colon] : "";
        string rest = colon > 0 ? text[(colon + 1)..] : text;
        switch (scheme)
        {
            case "file":
                if (rest.Length == 0) Fail("'file:' needs a path, e.g. file:/srv/speech.wav.");
                return new AudioSourceSpec(AudioSourceKind.File, rest, null);
            case "alsa":
                if (rest.Length == 0 || rest.Any(char.IsWhiteSpace)) Fail($"'{text}' needs an ALSA device name without spaces, e.g. alsa:default or alsa:plughw:CARD=Device,DEV=0.");
                return new AudioSourceSpec(AudioSourceKind.Alsa, rest, null);
            case "unix":
                if (rest.Length == 0) Fail("'unix:' needs a socket path, e.g. unix:/run/edgeavatar/audio.sock.");
                if (Encoding.UTF8.GetByteCount(rest) > MaxUnixPathBytes) Fail($"the unix socket path '{rest}' is longer than {MaxUnixPathBytes} bytes (the Linux limit).");
                if (rest.EndsWith('/')) Fail($"the unix socket path '{rest}' names a directory.");
                return new AudioSourceSpec(AudioSourceKind.Unix, rest, null);
            case "tcp":
                IPEndPoint ep = ParseLoopback(rest, text, option);
                return new AudioSourceSpec(AudioSourceKind.Tcp, rest, ep);
        }
        if (scheme.Length >= 2 && scheme.All(char.IsAsciiLetterOrDigit) && !System.IO.File.Exists(text))
            Fail($"unknown audio source scheme '{scheme}:' in '{text}'.");
        return new AudioSourceSpec(AudioSourceKind.File, text, null);
    }

    public override string ToString() => Kind switch
    {
        AudioSourceKind.File => "file:" + Target,
        AudioSourceKind.Alsa => "alsa:" + Target,
        AudioSourceKind.Unix => "unix:" + Target,
        AudioSourceKind.None => "none",
        _ => "tcp:" + Target,
    };

    private static IPEndPoint ParseLoopback(string rest, string text, string option)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        void Fail(string why) => AudioSourceSpec.Fail(why, option);
        int colon = rest.LastIndexOf(':');
        if (colon <= 0) Fail($"'{text}' needs an address and a port, e.g. tcp:127.0.0.1:7070.");
        string host = rest[..colon];
        string portText = rest[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > IPEndPoint.MaxPort)
            Fail($"'{portText}' in '{text}' is not a TCP port (0–65535).");
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        IPAddress address;
        if (host == "localhost") address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address!)) Fail($"'{host}' in '{text}' is not an IP address; use 127.0.0.1 (or [::1]).");
        if (!IPAddress.IsLoopback(address))
            Fail($"refusing to listen on {host}: the audio socket has no authentication, so it only listens on loopback " +
                 "addresses (127.0.0.1 or [::1]). Use a unix: socket or an SSH tunnel for remote TTS.");
        return new IPEndPoint(address, port);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string why, string option) => throw new EdgeAvatarException(ExitCodes.Usage,
        $"Bad {option}: {why} Accepted: " + (option == PhonesOption
            ? "unix:<socket path>, tcp:127.0.0.1:<port>."
            : "file:<path> or <path>, alsa:<device>, unix:<socket path>, tcp:127.0.0.1:<port>, none."));
}
