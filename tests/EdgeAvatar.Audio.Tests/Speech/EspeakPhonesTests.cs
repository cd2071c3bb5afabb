using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Audio.Speech;

namespace EdgeAvatar.Audio.Tests.Speech;

public sealed class EspeakPhonesTests
{
    private static string Cmu(params string[] mnemonics) => string.Join(' ', mnemonics.SelectMany(EspeakPhones.ToCmu));

    [Fact]
    public void English_mnemonics_map_to_the_cmu_dictionary_pronunciation()
    {
        // eSpeak's "my mom paid the big brown bear" (as `espeak-ng -x` spells it) against CMUdict:
        // MY M AY, MOM M AA M, PAID P EY D, THE DH AH, BIG B IH G, BROWN B R AW N, BEAR B EH R.
        Assert.Equal("M AY M AA M P EY D DH AH B IH G B R AW N B EH R",
            Cmu("m", "aI", "m", "0", "m", "p", "eI", "d", "D", "@2", "b", "I", "g", "b", "r", "aU", "n", "b", "e@"));
        // THANK TH AE NG K, YOU Y UW, SHE SH IY, JUDGED JH AH JH D, JOY JH OY, VISION V IH ZH AH N, CHEER CH IH R.
        Assert.Equal("TH AE NG K Y UW SH IY JH AH JH D JH OY V IH ZH AH N CH IH R",
            Cmu("T", "a", "N", "k", "j", "u:", "S", "i:", "dZ", "V", "dZ", "d", "dZ", "OI", "v", "I", "Z", "@", "n", "tS", "i@3"));
    }

    [Fact]
    public void Pauses_are_silence_and_unknown_names_fall_back_by_kind()
    {
        Assert.Equal("SIL SIL", Cmu("_:", "_"));
        // Not in the table: stripped of marks first ("p#" is a "p"), then by first letter, then vowel/consonant.
        Assert.Equal("P", Cmu("p#"));
        Assert.Equal("AH", Cmu("y:"));
        Assert.Equal("HH", Cmu("X!"));
    }

    [Fact]
    public void Timed_phones_tile_the_audio_from_leading_silence_to_the_end()
    {
        // "m" at 100 ms, "0" at 180 ms, "m" at 300 ms; 0.5 s of audio.
        var phones = EspeakPhones.ToTimedPhones([("m", 100), ("0", 180), ("m", 300)], 0.5);
        Assert.Equal(
            [new TimedPhone("SIL", 0, 0.1), new TimedPhone("M", 0.1, 0.18), new TimedPhone("AA", 0.18, 0.3), new TimedPhone("M", 0.3, 0.5)],
            phones);
    }

    [Fact]
    public void A_two_phone_mnemonic_shares_its_span_and_a_modifier_keeps_the_phone_before_it()
    {
        // "e@" is EH R (bear); ";" only palatalises the phone before it; pauses merge into one SIL.
        var phones = EspeakPhones.ToTimedPhones([("b", 0), ("e@", 100), ("Z", 300), (";", 350), ("_:", 400), ("_", 450)], 0.6);
        Assert.Equal(
            [new TimedPhone("B", 0, 0.1), new TimedPhone("EH", 0.1, 0.2), new TimedPhone("R", 0.2, 0.3), new TimedPhone("ZH", 0.3, 0.4), new TimedPhone("SIL", 0.4, 0.6)],
            phones);
    }

    [Fact]
    public void Events_past_the_end_are_clipped_and_no_span_is_empty()
    {
        var phones = EspeakPhones.ToTimedPhones([("a", 0), ("t", 0), ("s", 250), ("n", 400)], 0.3);
        Assert.Equal([new TimedPhone("T", 0, 0.25), new TimedPhone("S", 0.25, 0.3)], phones);
    }
}
