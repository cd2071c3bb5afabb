using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Viseme contrast: with each video frame labelled by the phone at its centre (<see cref="PhoneClasses.PerFrame"/>), the
/// median mouth opening over open-vowel frames (AA AE AH AO AW AY) minus that over bilabial frames (P B M). A mouth that
/// opens on vowels and closes on /p b m/ scores high; one that hangs half-open scores ≈ 0 with a high bilabial value.
/// </summary>
public static class VisemeContrast
{
    /// <summary>
    /// <paramref name="opening"/>[i] is frame i's opening (NaN = not measured, skipped); <paramref name="phones"/>[i] its
    /// phone or null. Equal lengths.
    /// </summary>
    public static VisemeOpening Measure(IReadOnlyList<double> opening, IReadOnlyList<string?> phones)
    {
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(phones);
        if (opening.Count != phones.Count) throw new ArgumentException($"{opening.Count} openings but {phones.Count} phone labels.");
        var vowels = new List<double>();
        var bilabials = new List<double>();
        for (int i = 0; i < opening.Count; i++)
        {
            if (double.IsNaN(opening[i]) || phones[i] is not string p) continue;
            if (PhoneClasses.OpenVowels.Contains(p)) vowels.Add(opening[i]);
            else if (PhoneClasses.Bilabials.Contains(p)) bilabials.Add(opening[i]);
        }
        return new VisemeOpening(Median(vowels), Median(bilabials), vowels.Count, bilabials.Count, WiderShare(vowels, bilabials));
    }

    private static double? Median(List<double> x) => x.Count == 0 ? null : MouthMotion.Percentile(x, 0.5);

    private static double? WiderShare(List<double> vowels, List<double> bilabials)
    {
        if (vowels.Count == 0 || bilabials.Count == 0) return null;
        double wins = 0;
        foreach (double v in vowels)
            foreach (double b in bilabials)
                wins += v > b ? 1 : v == b ? 0.5 : 0;
        return wins / ((double)vowels.Count * bilabials.Count);
    }
}
