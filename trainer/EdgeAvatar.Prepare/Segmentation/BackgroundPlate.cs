using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// The background without the person, at frame size, plus where it came from.
/// Invariants: <see cref="Image"/> and <see cref="Observed"/> have the frame size; Observed is 255 where the
/// plate pixel was seen (given image, chroma colour, or uncovered in enough frames) and 0 where it was inpainted.
/// </summary>
public sealed class BackgroundPlate
{
    public BackgroundPlate(RgbImage image, ByteMap observed, (byte R, byte G, byte B)? chromaKey = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Width != image.Width || observed.Height != image.Height)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "Plate and its observed mask differ in size.");
        }
        Image = image;
        Observed = observed;
        ChromaKey = chromaKey;
    }

    public RgbImage Image { get; }

    /// <summary>255 = seen, 0 = inpainted.</summary>
    public ByteMap Observed { get; }

    /// <summary>The key colour for a chroma plate (the matte then keys on chroma instead of differencing).</summary>
    public (byte R, byte G, byte B)? ChromaKey { get; }

    public int Width => Image.Width;
    public int Height => Image.Height;

    /// <summary>Fraction of plate pixels that were observed (1 for a given image or a chroma colour).</summary>
    public double ObservedFraction => (double)Observed.CountNonZero() / Observed.Data.Length;

    /// <summary>Fraction of plate pixels that were inpainted.</summary>
    public double InpaintedFraction => 1.0 - ObservedFraction;

    /// <summary>A plate from a caller-supplied background picture of any size, resampled bilinearly to the frame size.</summary>
    public static BackgroundPlate FromImage(RgbImage background, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(background);
        var img = background.Resize(frameWidth, frameHeight);
        var seen = new ByteMap(frameWidth, frameHeight);
        seen.Data.AsSpan().Fill(255);
        return new BackgroundPlate(img, seen);
    }

    /// <summary>A solid chroma plate from a colour such as "#00ff00" or "00FF00".</summary>
    public static BackgroundPlate FromChroma(string colour, int frameWidth, int frameHeight)
    {
        var (r, g, b) = ParseColour(colour);
        var seen = new ByteMap(frameWidth, frameHeight);
        seen.Data.AsSpan().Fill(255);
        return new BackgroundPlate(RgbImage.Solid(frameWidth, frameHeight, r, g, b), seen, (r, g, b));
    }

    /// <summary>Parses "#rrggbb" or "rrggbb" (hex, any case); a data error otherwise.</summary>
    public static (byte R, byte G, byte B) ParseColour(string colour)
    {
        ArgumentNullException.ThrowIfNull(colour);
        var s = colour.Trim();
        if (s.StartsWith('#'))
        {
            s = s[1..];
        }
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v))
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"Bad chroma colour '{colour}': expected #rrggbb.");
        }
        return ((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }
}
