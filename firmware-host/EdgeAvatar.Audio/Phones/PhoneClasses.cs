namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// The phone groups the mouth measures use (CMU phone names). Open vowels open the jaw; bilabials close the lips, so a
/// mouth that follows speech is wide on the first and shut on the second.
/// </summary>
public static class PhoneClasses
{
    public static readonly IReadOnlySet<string> OpenVowels = new HashSet<string>(StringComparer.Ordinal) { "AA", "AE", "AH", "AO", "AW", "AY" };

    public static readonly IReadOnlySet<string> Bilabials = new HashSet<string>(StringComparer.Ordinal) { "P", "B", "M" };

    /// <summary>
    /// The phone covering each video frame's centre ((i + ½) / fps seconds), or null where no phone does.
    /// <paramref name="phones"/> must be in time order and non-overlapping.
    /// </summary>
    public static string?[] PerFrame(IReadOnlyList<TimedPhone> phones, int frames, double fps, double offsetSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(phones);
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps));
        var labels = new string?[frames];
        int k = 0;
        for (int i = 0; i < frames; i++)
        {
            double t = offsetSeconds + (i + 0.5) / fps;
            while (k < phones.Count && phones[k].End <= t) k++;
            if (k < phones.Count && phones[k].Covers(t)) labels[i] = phones[k].Phone;
        }
        return labels;
    }
}
