using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class VisemeContrastTests
{
    [Fact]
    public void Contrast_is_the_median_open_vowel_opening_minus_the_median_bilabial_one()
    {
        double[] opening = [0.04, 0.01, 0.03, 0.00, 0.05, 0.08, double.NaN, 0.02];
        string?[] phones = ["AA", "M", "AY", "P", "AE", "S", "AH", null];
        VisemeOpening v = VisemeContrast.Measure(opening, phones);

        // Vowels 0.04, 0.03, 0.05 (the NaN frame is skipped) → 0.04; bilabials 0.01, 0.00 → 0.005; S and null ignored.
        Assert.Equal(0.04, v.OpenVowel!.Value, 12);
        Assert.Equal(0.005, v.Bilabial!.Value, 12);
        Assert.Equal(0.035, v.Contrast!.Value, 12);
        Assert.Equal(3, v.OpenVowelFrames);
        Assert.Equal(2, v.BilabialFrames);
        Assert.Equal(1.0, v.WiderShare!.Value, 12);
    }

    [Fact]
    public void A_mouth_open_on_a_bilabial_lowers_the_share_of_wider_vowels()
    {
        double[] opening = [0.04, 0.01, 0.03, 0.00, 0.05, 0.045];
        string?[] phones = ["AO", "B", "AW", "P", "AA", "M"];
        VisemeOpening v = VisemeContrast.Measure(opening, phones);

        // Bilabials 0.01, 0.00, 0.045 → median 0.01. Vowel > bilabial pairs: 0.04 → 2, 0.03 → 2, 0.05 → 3, of 9.
        Assert.Equal(0.01, v.Bilabial!.Value, 12);
        Assert.Equal(0.03, v.Contrast!.Value, 12);
        Assert.Equal(7.0 / 9, v.WiderShare!.Value, 12);
    }

    [Fact]
    public void Ties_count_half_and_a_missing_class_gives_no_contrast()
    {
        VisemeOpening tie = VisemeContrast.Measure([0.02, 0.02], ["AA", "M"]);
        Assert.Equal(0.5, tie.WiderShare!.Value, 12);
        Assert.Equal(0.0, tie.Contrast!.Value, 12);

        VisemeOpening noBilabial = VisemeContrast.Measure([0.02, 0.03], ["AA", "S"]);
        Assert.Null(noBilabial.Bilabial);
        Assert.Null(noBilabial.Contrast);
        Assert.Null(noBilabial.WiderShare);
        Assert.Equal(0, noBilabial.BilabialFrames);
    }
}
