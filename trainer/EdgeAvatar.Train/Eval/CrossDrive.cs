using EdgeAvatar.Audio;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Drives the avatar with someone else's speech (the product's path: the trainer's feature code, normalised with the
/// model's statistics, through <see cref="AvatarDriver"/> with full look-ahead and a fixed head pose so the landmark
/// detector sees the mouth from one viewpoint), optionally writes the video with the speech muxed, and measures
/// whether the mouth follows the speech: per frame, inner-lip opening vs. speech energy, and, with a phone source, the
/// mouth opening (<see cref="MouthOpening"/>) at open vowels and at bilabials of the driving speech
/// (<see cref="VisemeContrast"/>; video frame i takes the phone at (i + ½) / <see cref="VideoFps"/>).
/// A model that carries a mouth generator has its mouth entries filled from the same recognised phones, as `run` does
/// with an audio file, unless <c>useMouthGenerator</c> is false (the audio network's mouth, for an ablation).
/// </summary>
public static class CrossDrive
{
    /// <summary>Video frames per second of a driven render: two 20-ms feature frames per video frame.</summary>
    public const double VideoFps = 25.0;

    public static CrossDriveReport Run(AvatarModel model, DatasetReader dataset, string audioPath, string? videoPath,
        MouthLandmarkDistance landmarks, IProgress<int>? progress = null, CancellationToken ct = default,
        Func<float[], IReadOnlyList<Audio.Phones.TimedPhone>>? phones = null, bool useMouthGenerator = true)
    {
        float[] pcm = AudioDecoder.DecodeFloat(audioPath);
        var recognised = phones?.Invoke(pcm);
        var features = new LogMelExtractor().Extract(pcm);
        float[] mel = (float[])features.Values.Clone();
        model.Normalization.Apply(mel);
        int bands = features.Bands, frames = FeatureWindow.VideoFrameCount(features.FrameCount);
        if (frames < 2) throw new Common.EdgeAvatarException(Common.ExitCodes.DataError, $"{audioPath} is too short to drive the avatar.");
        int wf = FeatureWindow.WindowFrames * bands;
        var windows = new float[frames][];
        for (int i = 0; i < frames; i++)
        {
            windows[i] = new float[wf];
            FeatureWindow.CopyWindow(mel, bands, i, windows[i]);
        }

        var driver = new AvatarDriver(model);
        driver.Motion.FixedPose = true;
        if (useMouthGenerator && model.Mouth is { } generator)
            driver.MouthSource = recognised is null
                ? throw new ArgumentException("a model with a mouth generator is driven through phones; pass a recogniser.", nameof(phones))
                : Render.Mouth.PhoneMouthTrack.FromPhones(generator, recognised, pcm, Audio.Phones.PhoneRecognizer.SampleRate, VideoFps, frames);
        var m = dataset.Manifest;
        var faceBox = m.Frames[Enumerable.Range(m.Split.Train.First, m.Split.Train.Count).First(i => m.Frames[i].Valid)].FaceBox;
        int w = model.Camera.Width, h = model.Camera.Height;
        var rgb = new byte[w * h * 3];
        var opening = new double[frames];
        var relative = new double[frames];
        var energy = new double[frames];
        var speech = new bool[frames];
        var vad = new VoiceActivityDetector();
        using var encoder = videoPath is null ? null
            : VideoEncoder.Create(videoPath, new VideoEncoderOptions { Width = w, Height = h, AudioPath = audioPath });
        for (int i = 0; i < frames; i++)
        {
            ct.ThrowIfCancellationRequested();
            var ahead = new List<float[]>();
            for (int k = 1; k <= FeatureWindow.FullSmoothingLookAhead && i + k < frames; k++) ahead.Add(windows[i + k]);
            driver.RenderNext(windows[i], ahead, rgb);
            encoder?.WriteFrame(rgb);
            var shape = landmarks.Fit(new RgbFrame(w, h, rgb.ToArray()), faceBox);
            opening[i] = Math.Abs(shape.Y(66) - shape.Y(62));
            relative[i] = MouthOpening.Measure(shape);
            float e0 = features.EnergyDb[2 * i], e1 = features.EnergyDb[Math.Min(2 * i + 1, features.FrameCount - 1)];
            energy[i] = Math.Max(e0, e1);
            bool v0 = vad.Process(e0), v1 = 2 * i + 1 < features.FrameCount && vad.Process(e1);
            speech[i] = v0 || v1;
            progress?.Report(i + 1);
        }
        encoder?.Complete();
        VisemeOpening? viseme = recognised is null ? null
            : VisemeContrast.Measure(relative, Audio.Phones.PhoneClasses.PerFrame(recognised, frames, VideoFps));
        return new CrossDriveReport(Path.GetFileName(audioPath), frames, Pearson(opening, energy),
            Mean(opening, speech, true), Mean(opening, speech, false), videoPath, viseme);
    }

    private static double Mean(double[] x, bool[] mask, bool want)
    {
        double s = 0; int n = 0;
        for (int i = 0; i < x.Length; i++) if (mask[i] == want) { s += x[i]; n++; }
        return n == 0 ? double.NaN : s / n;
    }

    public static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }
}
