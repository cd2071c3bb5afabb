using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests.Speech;

/// <summary>
/// eSpeak NG end to end: text → 16 kHz PCM + timed CMU phones. Skipped where libespeak-ng1 / espeak-ng-data are not
/// installed (scripts/setup installs them).
/// </summary>
public sealed class SpeechSynthesizerTests
{
    private static void SkipWithoutEspeak() => Skip.IfNot(EspeakLibrary.IsAvailable, "libespeak-ng1/espeak-ng-data are not installed");

    private static readonly SpeechSynthesizer s_english = new(new SpeechSettings());

    private static string Spoken(SynthesizedSpeech s) => string.Join(' ', s.Phones.Where(p => p.Phone != "SIL").Select(p => p.Phone));

    [SkippableFact]
    public void A_sentence_comes_out_as_its_dictionary_phones()
    {
        SkipWithoutEspeak();
        // CMUdict: MY M AY, MOM M AA M, PAID P EY D, FOR F AO R, THE DH AH, BIG B IH G, MAP M AE P.
        Assert.Equal("M AY M AA M P EY D F ER DH AH B IH G M AE P", Spoken(s_english.Synthesize("My mom paid for the big map.")));
    }

    [SkippableFact]
    public void Every_phoneme_of_a_broad_english_text_is_in_the_table()
    {
        SkipWithoutEspeak();
        const string text = "The quick brown fox jumps over the lazy dog. She measured the azure vision; the thin youth judged their " +
            "shared joy, hearing a loud owl boy enjoy oil. Sure, a cure for a tour, near the pier there, four more hours. " +
            "Where are you? Thank you, though, for your bottle and cheer, Bob: a purple paper boat.";
        foreach (string voice in new[] { "en-us", "en-gb" })
        {
            var speech = new SpeechSynthesizer(new SpeechSettings { Voice = voice }).Synthesize(text);
            Assert.Empty(speech.EngineMnemonics.Where(m => !EspeakPhones.IsMapped(m)).Distinct());
        }
    }

    [SkippableFact]
    public void Phones_tile_the_16_khz_audio_exactly()
    {
        SkipWithoutEspeak();
        var speech = s_english.Synthesize("Bob bought a big map of the bay.");
        Assert.Equal(16000, speech.SampleRate);
        Assert.InRange(speech.Duration, 1.0, 4.0);
        Assert.Equal(0, speech.Phones[0].Start);
        Assert.Equal(speech.Duration, speech.Phones[^1].End, 9);
        for (int i = 1; i < speech.Phones.Count; i++) Assert.Equal(speech.Phones[i - 1].End, speech.Phones[i].Start, 9);
    }

    [SkippableFact]
    public void Phone_times_line_up_with_the_sound_lips_shut_on_stops_open_on_vowels()
    {
        SkipWithoutEspeak();
        var speech = s_english.Synthesize("Pop a bap, pap a pop, bob a pap, pa.");
        // The middle of each span, where neighbours' transitions do not reach.
        double Level(TimedPhone p)
        {
            int a = (int)((p.Start + 0.25 * (p.End - p.Start)) * 16000), b = (int)((p.End - 0.25 * (p.End - p.Start)) * 16000);
            double s = 0;
            for (int i = a; i < b; i++) s += (double)speech.Pcm[i] * speech.Pcm[i];
            return Math.Sqrt(s / Math.Max(1, b - a));
        }
        double vowels = speech.Phones.Where(p => PhoneClasses.OpenVowels.Contains(p.Phone)).Select(Level).Average();
        double stops = speech.Phones.Where(p => p.Phone is "P" or "B").Select(Level).Average();
        // A shifted or stretched time axis would mix vowel sound into the closures and the closures into the vowels.
        Assert.True(vowels > 4 * stops, $"vowel rms {vowels:F0}, p/b closure rms {stops:F0}");
    }

    [SkippableFact]
    public void A_faster_rate_says_the_same_text_in_less_time()
    {
        SkipWithoutEspeak();
        const string text = "Welcome to the museum. The exhibition is on the first floor.";
        double normal = s_english.Synthesize(text).Duration;
        double fast = new SpeechSynthesizer(new SpeechSettings { Rate = 350 }).Synthesize(text).Duration;
        Assert.True(fast < 0.7 * normal, $"175 wpm: {normal:F2} s, 350 wpm: {fast:F2} s");
    }

    [SkippableFact]
    public void Other_languages_speak_with_their_own_voice()
    {
        SkipWithoutEspeak();
        var german = s_english.Synthesize("Guten Morgen, willkommen im Museum.", "de");
        Assert.InRange(german.Duration, 1.0, 5.0);
        Assert.Contains("en-gb", EspeakLibrary.Languages);
        Assert.Contains("de", EspeakLibrary.Languages);
    }

    [SkippableTheory]
    [InlineData("", null, "empty")]
    [InlineData("hello\u001bworld", null, "control character")]
    [InlineData("hello", "xx-nowhere", "unknown language")]
    public void Bad_requests_are_refused_with_a_usage_error(string text, string? language, string reason)
    {
        SkipWithoutEspeak();
        var e = Assert.Throws<EdgeAvatarException>(() => s_english.Synthesize(text, language));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(reason, e.Message);
    }

    [SkippableFact]
    public void Text_over_the_configured_limit_is_refused()
    {
        SkipWithoutEspeak();
        var e = Assert.Throws<EdgeAvatarException>(() => new SpeechSynthesizer(new SpeechSettings { MaxChars = 20 }).Synthesize("This sentence is longer than twenty characters."));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [SkippableFact]
    public async Task Concurrent_requests_each_get_their_own_whole_utterance()
    {
        SkipWithoutEspeak();
        // The engine is one global state machine: unserialised, two callers would interleave samples and events.
        // (Its output is not bit-identical from call to call, so the check is the phones said and the length.)
        string[] texts = ["One two three four five.", "Bob bought a big map.", "Mom paid for the purple boat."];
        var alone = texts.Select(t => s_english.Synthesize(t)).ToArray();
        using var start = new Barrier(6);
        var together = await Task.WhenAll(texts.Concat(texts).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return s_english.Synthesize(t);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        for (int i = 0; i < together.Length; i++)
        {
            Assert.Equal(Spoken(alone[i % 3]), Spoken(together[i]));
            Assert.Equal(alone[i % 3].Duration, together[i].Duration, 0.05 * alone[i % 3].Duration);
        }
    }
}
