using EdgeAvatar.Audio;
using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
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
        Skip.IfNot(File.Exists(ShapePredictorModel.DebianModelPath) && File.Exists(HaarCascade.DebianFrontalFaceAlt2), "needs libdlib-data and opencv-data");
        Skip.If(TinyAvatarFixture.Capture("ffmpeg", "-version") is null, "needs ffmpeg");
        var speech = new SpeechSynthesizer(new SpeechSettings()).Synthesize(Sentence);
        string dir = Directory.CreateTempSubdirectory("ea-say-viseme-").FullName;
        try
        {
            string wav = Path.Combine(dir, "say.wav"), video = Path.Combine(dir, "say.mp4");
            using (var f = File.Create(wav)) WavWriter.Write(f, speech.Pcm, speech.SampleRate);
            var result = await RunLoop.RunAsync(new RunOptions
            {
                ModelPath = model!, Audio = wav, Output = "mp4:" + video, Size = (256, 256), FixedPose = true, Blink = false, Device = "cpu",
                KnownPhones = speech.Phones,
            }, null, CancellationToken.None);
            var predictor = new ShapePredictor(ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath));
            var detector = HaarFaceDetector.CreateDefault();
            var opening = new List<double>();
            FaceBox? box = null;
            using (var reader = VideoFrameReader.Open(video))
            {
                foreach (var fr in reader.ReadFrames())
                {
                    var frame = new RgbFrame(fr.Width, fr.Height, fr.Rgb24.ToArray());
                    box ??= detector.Detect(frame).OrderByDescending(b => b.Area).Cast<FaceBox?>().FirstOrDefault()
                        ?? throw new Xunit.Sdk.XunitException("no face in the first rendered frame");
                    opening.Add(MouthOpening.Measure(predictor.Predict(frame, box.Value)));
                }
            }
            var labels = PhoneClasses.PerFrame(speech.Phones, opening.Count, 25);
            var v = VisemeContrast.Measure(opening, labels);
            output.WriteLine($"speech {speech.Duration:F3} s, frames {opening.Count} (run said {result.Frames}); vowels {v.OpenVowel:F4} (n={v.OpenVowelFrames}), " +
                $"bilabials {v.Bilabial:F4} (n={v.BilabialFrames}), contrast {(v.Contrast):F4}, vowel>bilabial share {v.WiderShare:F3}");
            Assert.InRange(opening.Count, (int)Math.Floor(speech.Duration * 25) - 1, (int)Math.Ceiling(speech.Duration * 25) + 1);
            Assert.True(v.OpenVowelFrames > 5 && v.BilabialFrames > 5, $"{v.OpenVowelFrames} vowel and {v.BilabialFrames} bilabial frames");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
