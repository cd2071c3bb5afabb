using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Run;

/// <summary>Turns a background setting into W × H × 3 pixels (null = the model's recorded plate).</summary>
public static class BackgroundImage
{
    public static byte[]? Resolve(string text, int width, int height)
        => Resolve(BackgroundSetting.TryParse(text, out string? error)
            ?? throw new EdgeAvatarException(ExitCodes.Usage, $"--background: {error}"), width, height);

    /// <summary>Largest picture file read (a 4096² PNG of noise is about 50 MB).</summary>
    public const long MaxPictureBytes = 64L << 20;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// A PNG scaled to W × H. The file is read once through <see cref="RegularFile"/> (no FIFO, device or oversized
    /// file), must start with the PNG signature, and is decoded from a private copy of exactly those bytes, so what
    /// was checked is what is decoded. Any failure is an <see cref="EdgeAvatarException"/> (66 missing, 65 bad).
    /// </summary>
    public static byte[] LoadPicture(string path, int width, int height)
    {
        byte[] bytes = RegularFile.ReadAllBytes(path, MaxPictureBytes, "background picture");
        if (!bytes.AsSpan().StartsWith(PngSignature))
            throw new EdgeAvatarException(ExitCodes.DataError, $"background picture {path} is not a PNG file.");
        string copy = Path.Combine(Path.GetTempPath(), $"edgeavatar-background-{Environment.ProcessId}-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(copy, bytes);
            using var reader = VideoFrameReader.Open(copy, new VideoReadOptions { OutputWidth = width, OutputHeight = height });
            byte[]? rgb = reader.ReadFrames().Select(f => f.Rgb24.ToArray()).FirstOrDefault();
            if (rgb is null || rgb.Length != width * height * 3)
                throw new EdgeAvatarException(ExitCodes.DataError, $"background picture {path} holds no decodable image.");
            return rgb;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    public static byte[]? Resolve(BackgroundSetting setting, int width, int height)
    {
        switch (setting.Kind)
        {
            case BackgroundKind.Plate:
                return null;
            case BackgroundKind.Color:
                var px = new byte[width * height * 3];
                for (int i = 0; i < px.Length; i += 3)
                {
                    px[i] = (byte)(setting.Rgb >> 16); px[i + 1] = (byte)(setting.Rgb >> 8); px[i + 2] = (byte)setting.Rgb;
                }
                return px;
            default:
                return LoadPicture(setting.ImagePath!, width, height);
        }
    }
}
