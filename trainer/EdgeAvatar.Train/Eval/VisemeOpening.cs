namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Mouth opening per phone class (see <see cref="VisemeContrast"/>): the median opening over frames at open vowels and
/// at bilabials, their difference, the frame counts, and how often a random open-vowel frame is wider than a random
/// bilabial frame (ties count half; 0.5 = no distinction). Null medians where a class has no frame.
/// </summary>
public sealed record VisemeOpening(double? OpenVowel, double? Bilabial, int OpenVowelFrames, int BilabialFrames, double? WiderShare)
{
    /// <summary>Open-vowel minus bilabial opening: what a viewer sees as "the mouth opens and closes with the speech".</summary>
    public double? Contrast => OpenVowel is double v && Bilabial is double b ? v - b : null;
}
