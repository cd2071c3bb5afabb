using System.Globalization;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// A parsed background choice. Syntax only: the handler decides whether an image exists and loads.
/// </summary>
/// <param name="Kind">Colour, image or plate.</param>
/// <param name="Rgb">0xRRGGBB for <see cref="BackgroundKind.Color"/>, else 0.</param>
/// <param name="ImagePath">Absolute .png path for <see cref="BackgroundKind.Image"/>, else null.</param>
public sealed record BackgroundSetting(BackgroundKind Kind, int Rgb, string? ImagePath)
{
    public const string PlateKeyword = "plate";

    /// <summary>Parses "#RRGGBB", "plate" or an absolute path to a .png; returns null and a reason otherwise.</summary>
    public static BackgroundSetting? TryParse(string text, out string? error)
    {
        error = null;
        if (text == PlateKeyword) return new BackgroundSetting(BackgroundKind.Plate, 0, null);
        if (text.StartsWith('#'))
        {
            if (text.Length == 7 && int.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int rgb))
                return new BackgroundSetting(BackgroundKind.Color, rgb, null);
            error = $"background colour '{text}' is not #RRGGBB (six hex digits)";
            return null;
        }
        if (text.StartsWith('/') && text.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !text.Any(char.IsControl))
            return new BackgroundSetting(BackgroundKind.Image, 0, text);
        error = $"background '{text}' must be \"#RRGGBB\", \"plate\" or an absolute path to a .png file";
        return null;
    }
}
