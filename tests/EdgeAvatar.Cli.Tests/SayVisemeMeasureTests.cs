using EdgeAvatar.Audio;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Media;
using EdgeAvatar.Train.Eval;
using Xunit.Abstractions;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// Viseme contrast of a said sentence with several bilabials, rendered by the bundled quick model (CPU, 256², head held
/// still), measured with the eval's meters (dlib inner-lip gap ÷ eye-corner distance; frames labelled by the phones
/// the synthesiser reported). Prints the figures for docs/results; asserts only what must hold whatever the mouth
/// driver: one measured frame per 40 ms of speech and both phone classes present.
/// </summary>
public sealed class SayVisemeMeasureTests(ITestOutputHelper output)
{
    public const string Sentence = "Bob and Pam bought a map, a bag of plums and a pump, by the bay, for my mom.";

    [SkippableFact]
    public async Task Viseme_contrast_of_a_said_sentence_is_measured_on_every_frame()
    {
        // Another model can be measured the same way (docs/results): EDGEAVATAR_SAY_MEASURE_MODEL=path.eavm.
        string? model = Environment.GetEnvironmentVariable("EDGEAVATAR_SAY_MEASURE_MODEL") is { Length: > 0 } other
            ? other : TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_quick.eavm"));
        Skip.If(model is null, "needs samples/models");
        Skip.IfNot(EspeakLibrary.IsAvailable, "needs libespeak-ng1/espeak-ng-data");
        string? missing = RenderedMouth.MissingTools();
        Skip.If(missing is not null, missing);
        var speech = new SpeechSynthesizer(new SpeechSettings()).Synthesize(Sentence);
        string dir = Directory.CreateTempSubdirectory("ea-say-viseme-").FullName;
        try
        {
            string wav = Path.Combine(dir, "say.wav");
            using (var f = File.Create(wav)) WavWriter.Write(f, speech.Pcm, speech.SampleRate);
            var (runFrames, opening) = await RenderedMouth.RunAndMeasure(model!, wav, dir, MouthOpening.Measure, speech.Phones);
            var labels = PhoneClasses.PerFrame(speech.Phones, opening.Length, 25);
            var v = VisemeContrast.Measure(opening, labels);
            output.WriteLine($"speech {speech.Duration:F3} s, frames {opening.Length} (run said {runFrames}); vowels {v.OpenVowel:F4} (n={v.OpenVowelFrames}), " +
                $"bilabials {v.Bilabial:F4} (n={v.BilabialFrames}), contrast {(v.Contrast):F4}, vowel>bilabial share {v.WiderShare:F3}");
            Assert.InRange(opening.Length, (int)Math.Floor(speech.Duration * 25) - 1, (int)Math.Ceiling(speech.Duration * 25) + 1);
            Assert.True(v.OpenVowelFrames > 5 && v.BilabialFrames > 5, $"{v.OpenVowelFrames} vowel and {v.BilabialFrames} bilabial frames");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
