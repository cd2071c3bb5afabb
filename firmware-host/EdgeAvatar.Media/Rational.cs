using System.Globalization;

namespace EdgeAvatar.Media;

/// <summary>A frame rate as ffmpeg states it ("25/1", "30000/1001"); exact, unlike a double.</summary>
public readonly record struct Rational(long Numerator, long Denominator)
{
    public double ToDouble() => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    public bool IsValid => Numerator > 0 && Denominator > 0;

    /// <summary>"num/den" (ffmpeg's syntax, used on its command line).</summary>
    public override string ToString() => $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    public static Rational FromInt(int value) => new(value, 1);

    /// <summary>Parses "a/b" or an integer; false for anything else (ffprobe's "0/0" parses but is not <see cref="IsValid"/>).</summary>
    public static bool TryParse(string? text, out Rational value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string[] parts = text.Split('/');
        if (parts.Length == 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole))
        {
            value = new Rational(whole, 1);
            return true;
        }
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long n)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long d))
        {
            value = new Rational(n, d);
            return true;
        }
        return false;
    }
}
