using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// A parsed <c>--output</c> value. Grammar (prefix before the first ':' selects the kind):
/// <list type="bullet">
/// <item><c>mp4:PATH</c>, or any PATH ending in .mp4</item>
/// <item><c>y4m:-</c> (standard output) or <c>y4m:PATH</c></item>
/// <item><c>png:DIR</c> — DIR/frame_000000.png …</item>
/// <item><c>fbdev:DEVICE</c> (default /dev/fb0)</item>
/// <item><c>drm:</c> or <c>drm:CARD[:CONNECTOR[:WxH]]</c> — CARD is a path or a name under /dev/dri (default
/// card0); CONNECTOR a name like HDMI-A-1 or a numeric id (default: first connected, HDMI preferred); WxH a mode
/// (default: the connector's preferred mode)</item>
/// <item><c>mjpeg:127.0.0.1:PORT</c> — HTTP preview on loopback only; other addresses are refused because the
/// stream is unauthenticated. PORT 0 picks a free port.</item>
/// </list>
/// Anything else is a usage error (<see cref="ExitCodes.Usage"/>).
/// </summary>
public sealed record FrameSinkSpec
{
    public const string DefaultFramebuffer = "/dev/fb0";
    public const string DefaultDrmCard = "/dev/dri/card0";
    public const string StandardOutputPath = "-";

    public required FrameSinkKind Kind { get; init; }
    /// <summary>File, directory or device path; "-" for standard output (y4m).</summary>
    public string Path { get; init; } = "";
    /// <summary>drm: connector name or id; null = automatic.</summary>
    public string? Connector { get; init; }
    /// <summary>drm: requested mode; null = preferred.</summary>
    public (int Width, int Height)? Mode { get; init; }
    /// <summary>mjpeg: TCP port on 127.0.0.1.</summary>
    public int Port { get; init; }

    public static FrameSinkSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Usage("empty output spec");
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string prefix = colon < 0 ? "" : text[..colon].ToLowerInvariant();
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (prefix)
        {
            case "mp4":
                return new FrameSinkSpec { Kind = FrameSinkKind.Mp4, Path = RequirePath(rest, text) };
            case "y4m":
                return new FrameSinkSpec { Kind = FrameSinkKind.Y4m, Path = RequirePath(rest, text) };
            case "png":
                return new FrameSinkSpec { Kind = FrameSinkKind.Png, Path = RequirePath(rest, text) };
            case "fbdev":
                return new FrameSinkSpec { Kind = FrameSinkKind.Fbdev, Path = rest.Length == 0 ? DefaultFramebuffer : rest };
            case "drm":
                return ParseDrm(rest, text);
            case "mjpeg":
                return ParseMjpeg(rest, text);
        }
        if (text.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
            return new FrameSinkSpec { Kind = FrameSinkKind.Mp4, Path = text };
        throw Usage($"unknown output '{text}'");
    }

    public override string ToString() => Kind switch
    {
        FrameSinkKind.Mjpeg => string.Create(CultureInfo.InvariantCulture, $"mjpeg:127.0.0.1:{Port}"),
        FrameSinkKind.Drm => $"drm:{Path}:{Connector ?? "auto"}:{(Mode is { } m ? $"{m.Width}x{m.Height}" : "preferred")}",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Path}",
    };

    private static FrameSinkSpec ParseDrm(string rest, string text)
    {
        string[] parts = rest.Split(':');
        if (parts.Length > 3) throw Usage($"'{text}' has too many fields (drm:CARD:CONNECTOR:WxH)");
        string card = parts[0].Length == 0 ? DefaultDrmCard
            : parts[0].Contains('/', StringComparison.Ordinal) ? parts[0] : "/dev/dri/" + parts[0];
        string? connector = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        (int, int)? mode = null;
        if (parts.Length > 2 && parts[2].Length > 0)
        {
            string[] wh = parts[2].ToLowerInvariant().Split('x');
            if (wh.Length != 2 || !TryPositive(wh[0], out int w) || !TryPositive(wh[1], out int h))
                throw Usage($"mode '{parts[2]}' in '{text}' is not WIDTHxHEIGHT");
            mode = (w, h);
        }
        return new FrameSinkSpec { Kind = FrameSinkKind.Drm, Path = card, Connector = connector, Mode = mode };
    }

    private static FrameSinkSpec ParseMjpeg(string rest, string text)
    {
        int colon = rest.LastIndexOf(':');
        string host = colon < 0 ? "" : rest[..colon];
        string port = colon < 0 ? rest : rest[(colon + 1)..];
        if (host != "127.0.0.1")
            throw Usage($"'{text}': the MJPEG preview is unauthenticated and binds to loopback only; use mjpeg:127.0.0.1:PORT " +
                "(reach it remotely through an SSH tunnel)");
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
            throw Usage($"'{port}' in '{text}' is not a TCP port (0..65535)");
        return new FrameSinkSpec { Kind = FrameSinkKind.Mjpeg, Path = host, Port = p };
    }

    private static bool TryPositive(string s, out int v)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v > 0;

    private static string RequirePath(string rest, string text)
        => rest.Length > 0 ? rest : throw Usage($"'{text}' needs a path after the ':'");

    private static EdgeAvatarException Usage(string message)
        => new(ExitCodes.Usage, $"Invalid --output: {message}. Expected mp4:PATH, y4m:-|PATH, png:DIR, fbdev:/dev/fbN, " +
            "drm:[CARD[:CONNECTOR[:WxH]]] or mjpeg:127.0.0.1:PORT.");
}
