using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests.Phones;

/// <summary>
/// The PocketSphinx phone recogniser on real speech (samples/drive/en_male_jfk_11s.flac, "And so, my fellow Americans:
/// ask not what your country can do for you…"). Skipped where libpocketsphinx3 or pocketsphinx-en-us is not installed
/// (scripts/setup installs them).
/// </summary>
public sealed class PhoneRecognizerTests
{
    private static readonly HashSet<string> s_cmuPhones =
    [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K", "L",
        "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    private static bool IsSilenceOrFiller(string p) => PhoneRecognizer.IsSilenceOrFiller(p);

    private static void SkipWithoutRecognizer()
    {
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "libpocketsphinx3/libsphinxbase3 are not installed");
        Skip.IfNot(File.Exists(Path.Combine(PocketSphinxLibrary.DebianModelDirectory, "en-us-phone.lm.bin")), "pocketsphinx-en-us is not installed");
        Skip.IfNot(TestAudio.HaveFfmpeg(), "ffmpeg is not installed");
    }

    [SkippableFact]
    public void Speech_gives_cmu_phones_that_tile_the_clip_in_time_order()
    {
        SkipWithoutRecognizer();
        short[] pcm = TestAudio.DecodeS16(TestAudio.Sample("drive/en_male_jfk_11s.flac"));
        using var recognizer = new PhoneRecognizer();
        var phones = recognizer.Recognize(pcm);

        double duration = pcm.Length / (double)TestAudio.Rate;
        Assert.Equal(0, phones[0].Start, 6);
        Assert.True(phones[^1].End <= duration + 0.011, $"last phone ends at {phones[^1].End} s, the clip at {duration} s");
        for (int k = 0; k < phones.Count; k++)
        {
            Assert.True(phones[k].End > phones[k].Start, $"phone {k} {phones[k]} is empty");
            if (k > 0) Assert.True(phones[k].Start >= phones[k - 1].End - 1e-9, $"phone {k} {phones[k]} overlaps {phones[k - 1]}");
            Assert.True(s_cmuPhones.Contains(phones[k].Phone) || IsSilenceOrFiller(phones[k].Phone), $"unknown phone {phones[k].Phone}");
        }
        // About 11 s of fluent speech at ~10 phones a second; the words hold /m/ ("my", "Americans") and open vowels.
        Assert.True(phones.Count(p => !IsSilenceOrFiller(p.Phone)) >= 50, string.Join(' ', phones.Select(p => p.Phone)));
        Assert.Contains(phones, p => PhoneClasses.Bilabials.Contains(p.Phone));
        Assert.Contains(phones, p => PhoneClasses.OpenVowels.Contains(p.Phone));
    }

    [SkippableFact]
    public void Silence_before_speech_is_recognised_as_silence_and_times_count_from_the_first_sample()
    {
        SkipWithoutRecognizer();
        short[] speech = TestAudio.DecodeS16(TestAudio.Sample("drive/en_male_jfk_11s.flac"));
        // A quiet room (noise at −60 dBFS) before the speech: digital zeros are not what a microphone gives.
        const int Lead = 3 * TestAudio.Rate;
        var pcm = new short[Lead + speech.Length];
        float[] room = TestAudio.Noise(Lead, amplitude: 0.001f);
        for (int i = 0; i < Lead; i++) pcm[i] = (short)(room[i] * 32767);
        speech.CopyTo(pcm, Lead);
        using var recognizer = new PhoneRecognizer();
        var phones = recognizer.Recognize(pcm);

        // The first utterance is cut 2.5 s in (the quietest frame once cuts are allowed) and holds only the room.
        var early = phones.Where(p => p.Start < 2.5 && !IsSilenceOrFiller(p.Phone)).ToList();
        Assert.True(early.Count == 0, "speech phones in the silent lead: " + string.Join(' ', early));
        Assert.True(phones.Count(p => p.Start >= 3.0 && !IsSilenceOrFiller(p.Phone)) >= 50);
        Assert.True(phones[^1].End > 3.0 + 10.0, $"the last phone ends at {phones[^1].End} s: times must count from the first sample");
    }

    [SkippableFact]
    public void A_folder_without_the_model_is_missing_input()
    {
        Skip.IfNot(PocketSphinxLibrary.IsAvailable, "libpocketsphinx3/libsphinxbase3 are not installed");
        string empty = Directory.CreateTempSubdirectory("ea-no-model-").FullName;
        try
        {
            var e = Assert.Throws<EdgeAvatarException>(() => new PhoneRecognizer(new PhoneRecognizerOptions { ModelDirectory = empty }));
            Assert.Equal(ExitCodes.NoInput, e.ExitCode);
            Assert.Contains("en-us-phone.lm.bin", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [SkippableFact]
    public void An_utterance_whose_search_was_lost_is_decoded_again_with_the_wide_beam()
    {
        SkipWithoutRecognizer();
        // The bundled 71-s clip, decoded whole: the decoder's cepstral mean carries over between utterances, so the
        // narrow beam loses its search in the utterance around 65 s only after the ones before it (alone, it does not).
        short[] pcm = TestAudio.DecodeS16AsPrepared(TestAudio.Sample("train/cnn_anchor_71s_512.mp4"));
        using var recognizer = new PhoneRecognizer();
        var phones = recognizer.Recognize(pcm);

        // The clip must exercise the fallback, or this test says nothing.
        Assert.True(recognizer.FallbackUtterances >= 1, "the narrow beam lost no search on this clip");
        var stretched = phones.Where(p => !IsSilenceOrFiller(p.Phone) && p.End - p.Start > 0.5).ToList();
        Assert.True(stretched.Count == 0, "stretched phones: " + string.Join(' ', stretched));
        // 64.5–67.5 s is fluent speech: phones at a speaking rate, not one phone stretched over it.
        int inSpan = phones.Count(p => !IsSilenceOrFiller(p.Phone) && p.Start >= 64.5 && p.End <= 67.5);
        Assert.True(inSpan >= 15, $"{inSpan} speech phones in 64.5–67.5 s: "
            + string.Join(' ', phones.Where(p => p.Start >= 64.5 && p.End <= 67.5).Select(p => p.Phone)));
    }

    [SkippableFact]
    public void A_phone_still_too_long_after_the_second_decode_is_dropped_not_passed_on()
    {
        SkipWithoutRecognizer();
        short[] pcm = TestAudio.DecodeS16(TestAudio.Sample("drive/en_male_jfk_11s.flac"));
        // A limit below the longest real vowels of this speech: both decodes keep such phones, so they must go.
        var options = new PhoneRecognizerOptions { LostSearchSeconds = 0.15 };
        using var recognizer = new PhoneRecognizer(options);
        var phones = recognizer.Recognize(pcm);

        Assert.True(recognizer.FallbackUtterances >= 1);
        Assert.True(recognizer.DroppedPhones >= 1);
        Assert.DoesNotContain(phones, p => !IsSilenceOrFiller(p.Phone) && p.End - p.Start > 0.15);
        Assert.True(phones.Count(p => !IsSilenceOrFiller(p.Phone)) >= 40, "the short phones stay");
    }
}
