using EdgeAvatar.Audio;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Train.Eval;
using Xunit.Abstractions;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// The product's lip sync, end to end: the daemon's run loop (file source → streaming features → renderer → mp4 sink)
/// drives a real trained avatar (samples/models/cnn_anchor_quick.eavm: the README demo's `quick` model of the 71-s
/// anchor clip, see samples/SOURCES.md) with another person's speech, and the mouth opening that our landmark detector
/// measures on the written video must follow the speech energy envelope. A tiny CI-trained model cannot lip-sync, so
/// this test needs the committed model; rendering is on the CPU at 256² to keep it to a few minutes on 2 cores.
/// </summary>
public sealed class LipSyncTests(ITestOutputHelper output)
{
    /// <summary>
    /// Sits between what this test measures with the committed model and what it measures with the audio windows
    /// zeroed in the run loop (lips that ignore the audio): docs/results/2026-11-26-cpu-bench-and-live-output.md.
    /// </summary>
    private const double MinimumCorrelation = 0.25;

    [SkippableFact]
    public async Task Rendered_mouth_opening_follows_the_speech_energy_of_a_drive_clip()
    {
        string? model = TinyAvatarFixture.FindUp(Path.Combine("samples", "models", "cnn_anchor_quick.eavm"));
        string? drive = TinyAvatarFixture.FindUp(Path.Combine("samples", "drive", "en_male_jfk_11s.flac"));
        Skip.If(model is null || drive is null, "needs samples/models and samples/drive");
        string? missing = RenderedMouth.MissingTools();
        Skip.If(missing is not null, missing);

        string dir = Directory.CreateTempSubdirectory("ea-lipsync-").FullName;
        try
        {
            var (runFrames, opening) = await RenderedMouth.RunAndMeasure(model!, drive!, dir, InnerLipOpening);
            int frames = opening.Length;
            Assert.Equal(runFrames, frames);
            double[] energy = SpeechEnergyPerVideoFrame(drive!, frames);
            double r = CrossDrive.Pearson(opening, energy);
            output.WriteLine($"{frames} frames, opening mean {opening.Average():F2} px (min {opening.Min():F2}, max {opening.Max():F2}), r = {r:F3}");
            Assert.True(r >= MinimumCorrelation,
                $"mouth opening vs speech energy r = {r:F3} < {MinimumCorrelation}: the rendered lips do not follow the speech.");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Inner-lip opening |y66 − y62| in pixels.</summary>
    private static double InnerLipOpening(FaceShape shape) => Math.Abs(shape.Y(66) - shape.Y(62));

    /// <summary>Loudest of the two 20-ms feature frames under each 40-ms video frame, in dB.</summary>
    private static double[] SpeechEnergyPerVideoFrame(string audio, int frames)
    {
        var features = new LogMelExtractor().Extract(AudioDecoder.DecodeFloat(audio));
        var energy = new double[frames];
        for (int i = 0; i < frames; i++)
        {
            int a = Math.Min(2 * i, features.FrameCount - 1), b = Math.Min(2 * i + 1, features.FrameCount - 1);
            energy[i] = Math.Max(features.EnergyDb[a], features.EnergyDb[b]);
        }
        return energy;
    }
}
