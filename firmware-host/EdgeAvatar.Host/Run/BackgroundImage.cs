using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Run;

/// <summary>Turns a background setting into W × H × 3 pixels (null = the model's recorded plate).</summary>
public static class BackgroundImage
{
    public static byte[]? Resolve(string text, int width, int height)
        => Resolve(BackgroundSetting.TryParse(text, out string? error)
            ?? throw new EdgeAvatarException(ExitCodes.Usage, $"--background: {error}"), width, height);

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
                string path = setting.ImagePath!;
                if (!File.Exists(path)) throw new EdgeAvatarException(ExitCodes.NoInput, $"background picture {path} does not exist.");
                using (var reader = VideoFrameReader.Open(path, new VideoReadOptions { OutputWidth = width, OutputHeight = height }))
                    return reader.ReadFrames().First().Rgb24.ToArray();
        }
    }
}
