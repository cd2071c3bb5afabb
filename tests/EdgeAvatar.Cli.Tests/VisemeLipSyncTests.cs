using EdgeAvatar.Audio;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Media;
using EdgeAvatar.Train.Eval;
using Xunit.Abstractions;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// The lips issue's measure in CI: the bundled kiosk model (samples/models/cnn_anchor_r2talker_quick.eavm, r2talker head
/// + phone landmark generator, see samples/SOURCES.md) is rendered through the daemon's run loop and its mouth opening
/// (dlib inner-lip gap ÷ eye-corner distance) is compared at open vowels and at /p b m/ (viseme contrast). The mouth
/// must open on the vowels and close on the bilabials by at least 0.7× as much as the recorded person's does. Each
/// positive test has controls beside it that break the link between speech and mouth (phones shuffled, audio zeroed)
/// and must then fall short, so the measure is shown to fail where lips do not follow speech.
/// </summary>
public sealed class VisemeLipSyncTests(ITestOutputHelper output)
{
    /// <summary>The issues' bar: 0.7× the person's own contrast.</summary>
    private const double ShareOfPerson = 0.7;

    /// <summary>
    /// The anchor's own contrast in ../shared/docs/lips.md (the reference of the say figures in docs/results); the
    /// synthesiser's phones label the said sentence's frames exactly.
    /// </summary>
    private const double PersonContrastLips = 0.028;

    /// <summary>
    /// The anchor's own contrast over the whole 71-s clip with this recogniser labelling the frames and this meter
    /// (docs/results/2026-12-06-recogniser-fallback.md): the like-for-like reference when the recogniser labels a drive
    /// clip's frames.
    /// </summary>
    private const double PersonContrastRecognised = 0.0197;

    private const string Drive = "en_male_jfk_11s.flac";

    [SkippableFact]
    public async Task A_said_sentence_opens_the_mouth_on_vowels_and_closes_it_on_bilabials()
    {
        using var s = SaidSentence.Create();
        var v = await Measure("said", s.Wav, s.Speech.Phones, s.Speech.Phones);
        Assert.True(v.Contrast >= ShareOfPerson * PersonContrastLips,
            $"viseme contrast {v.Contrast:F4} < {ShareOfPerson} × {PersonContrastLips}: the mouth does not follow the said phones.");
    }

    [SkippableFact]
    public async Task A_said_sentence_with_its_phones_shuffled_falls_short_of_the_bar()
    {
        using var s = SaidSentence.Create();
        var v = await Measure("said, phones shuffled", s.Wav, Shuffled(s.Speech.Phones), s.Speech.Phones);
        Assert.False(v.Contrast >= ShareOfPerson * PersonContrastLips,
            $"shuffled phones still give contrast {v.Contrast:F4}: the measure cannot tell lips that follow the phones from lips that do not.");
    }

    [SkippableFact]
    public async Task Another_speakers_voice_opens_the_mouth_on_vowels_and_closes_it_on_bilabials()
    {
        var d = DriveClip.Load(Drive);
        var v = await Measure("jfk", d.Path, null, d.Phones);
        Assert.True(v.Contrast >= ShareOfPerson * PersonContrastRecognised,
            $"viseme contrast {v.Contrast:F4} < {ShareOfPerson} × {PersonContrastRecognised}: the mouth does not follow the voice.");
    }

    [SkippableFact]
    public async Task Another_speakers_voice_zeroed_falls_short_of_the_bar()
    {
        var d = DriveClip.Load(Drive);
        string dir = Directory.CreateTempSubdirectory("ea-viseme-zero-").FullName;
        try
        {
            string zero = Path.Combine(dir, "zeroed.wav");
            WavWriter.Write(zero, new short[d.Samples], AudioDecoder.SampleRate);
            var v = await Measure("jfk, audio zeroed", zero, null, d.Phones);
            Assert.False(v.Contrast >= ShareOfPerson * PersonContrastRecognised,
                $"zeroed audio still gives contrast {v.Contrast:F4}: the mouth moves without speech.");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [SkippableFact]
    public async Task Another_speakers_voice_with_its_phones_shuffled_falls_short_of_the_bar()
    {
        var d = DriveClip.Load(Drive);
        var v = await Measure("jfk, phones shuffled", d.Path, Shuffled(d.Phones), d.Phones);
        Assert.False(v.Contrast >= ShareOfPerson * PersonContrastRecognised,
            $"shuffled phones still give contrast {v.Contrast:F4}: the measure cannot tell lips that follow the phones from lips that do not.");
    }

    /// <summary>
    /// Renders the kiosk model on <paramref name="audio"/> (its phones recognised by the run loop, or
    /// <paramref name="drivePhones"/> as run --say passes them) and measures the contrast with each frame labelled by
    /// <paramref name="truePhones"/>, the phones actually spoken.
    /// </summary>
    private async Task<(double Contrast, VisemeOpening Opening)> Measure(string name, string audio,
        IReadOnlyList<TimedPhone>? drivePhones, IReadOnlyList<TimedPhone> truePhones)
    {
        string? model = TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_r2talker_quick.eavm"));
        Skip.If(model is null, "needs samples/models");
        string? missing = RenderedMouth.MissingTools();
        Skip.If(missing is not null, missing);
        string dir = Directory.CreateTempSubdirectory("ea-viseme-").FullName;
        try
        {
            var (runFrames, opening) = await RenderedMouth.RunAndMeasure(model!, audio, dir, MouthOpening.Measure, drivePhones);
            Assert.Equal(runFrames, opening.Length);
            var v = VisemeContrast.Measure(opening, PhoneClasses.PerFrame(truePhones, opening.Length, 25));
            output.WriteLine($"{name}: {opening.Length} frames; open vowels {v.OpenVowel:F4} (n={v.OpenVowelFrames}), " +
                $"bilabials {v.Bilabial:F4} (n={v.BilabialFrames}), contrast {v.Contrast:F4} " +
                $"(÷ {PersonContrastLips}: {v.Contrast / PersonContrastLips:F2}×, ÷ {PersonContrastRecognised}: {v.Contrast / PersonContrastRecognised:F2}×), " +
                $"vowel wider than bilabial {v.WiderShare:P0}");
            Assert.True(v.OpenVowelFrames >= 10 && v.BilabialFrames >= 5,
                $"{v.OpenVowelFrames} open-vowel and {v.BilabialFrames} bilabial frames: too few to measure");
            return (v.Contrast ?? 0, v);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The phones with their labels permuted (fixed seed), times kept: speech rhythm without its content.</summary>
    private static List<TimedPhone> Shuffled(IReadOnlyList<TimedPhone> phones)
    {
        var labels = phones.Select(p => p.Phone).ToArray();
        new Random(7).Shuffle(labels);
        return phones.Select((p, i) => p with { Phone = labels[i] }).ToList();
    }

    /// <summary>The say test sentence (several bilabials) synthesised by eSpeak NG into a WAV, with its exact phones.</summary>
    private sealed class SaidSentence : IDisposable
    {
        private readonly string _dir;

        private SaidSentence(string dir, SynthesizedSpeech speech)
        {
            _dir = dir;
            Speech = speech;
        }

        public SynthesizedSpeech Speech { get; }

        public string Wav => Path.Combine(_dir, "say.wav");

        public static SaidSentence Create()
        {
            Skip.IfNot(EspeakLibrary.IsAvailable, "needs libespeak-ng1/espeak-ng-data");
            var speech = new SpeechSynthesizer(new SpeechSettings()).Synthesize(SayVisemeMeasureTests.Sentence);
            var s = new SaidSentence(Directory.CreateTempSubdirectory("ea-viseme-say-").FullName, speech);
            WavWriter.Write(s.Wav, speech.Pcm, speech.SampleRate);
            return s;
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A bundled drive clip and the phones the recogniser finds in it (the labels of its frames).</summary>
    private sealed record DriveClip(string Path, int Samples, List<TimedPhone> Phones)
    {
        public static DriveClip Load(string name)
        {
            string? path = TinyAvatarFixture.FindUp(System.IO.Path.Combine("samples", "drive", name));
            Skip.If(path is null, "needs samples/drive");
            Skip.IfNot(PocketSphinxLibrary.IsAvailable, "needs libpocketsphinx3 and pocketsphinx-en-us");
            float[] pcm = AudioDecoder.DecodeFloat(path!);
            using var recognizer = new PhoneRecognizer();
            return new DriveClip(path!, pcm.Length, recognizer.Recognize(pcm));
        }
    }
}
