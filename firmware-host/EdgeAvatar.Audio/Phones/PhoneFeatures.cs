namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// The speaker-independent mouth front end: per video frame, the share of the frame each phone class covers and,
/// when enabled, loudness (log energy relative to the chunk's loud frames, and its slope), then a window of
/// ±Context frames (edge-clamped) around each frame. Phones come from the recogniser (<see cref="PhoneRecognizer"/>)
/// or are known exactly (a TTS engine's phone events); both give the same kind of features, which is why a
/// generator trained on recognised phones can take exact ones.
/// Invariant: frame f covers [f / fps, (f + 1) / fps) seconds of the audio and of the phone times.
/// </summary>
public static class PhoneFeatures
{
    /// <summary>Loudness floor, in units of 20 dB below the reference: silence reads as −3, not −∞.</summary>
    public const float EnergyFloor = -3f;

    /// <summary>Share of loud frames that sets the reference level (the 95th percentile of frame energy).</summary>
    public const double ReferencePercentile = 0.95;

    /// <summary>
    /// Lowest reference level (dB of the mean square, full scale 0 dB). Speech that reaches a microphone at any usable
    /// gain has its loud frames far above it; a chunk whose loud frames are quieter holds silence or room noise, which
    /// must read as quiet, not be normalised up to the level of speech (which opens the mouth on a muted input).
    /// </summary>
    public const double MinReferenceDb = -50.0;

    /// <summary>Frames × config.FrameWidth features before the context window.</summary>
    /// <param name="pcm">Mono samples at <paramref name="sampleRate"/>, aligned with the phone times; may be empty
    /// only when the config has no energy features.</param>
    public static float[] PerFrame(PhoneFeatureConfig config, IReadOnlyList<TimedPhone> phones, ReadOnlySpan<float> pcm,
        int sampleRate, double fps, int frames)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(phones);
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps));
        if (frames < 0) throw new ArgumentOutOfRangeException(nameof(frames));
        var features = new float[frames * config.FrameWidth];
        WriteClassShares(config, phones, fps, features);
        if (config.Energy)
        {
            if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
            WriteEnergy(config, RelativeEnergy(pcm, sampleRate, fps, frames), features);
        }
        return features;
    }

    /// <summary>
    /// Adds to each frame of <paramref name="perFrame"/> (frames × config.FrameWidth, frame f = [f / fps, (f + 1) / fps)
    /// seconds of the phone times) the share of it each phone class covers. Phones may come in any order (several
    /// utterances); each adds its overlap with every frame it touches; a phone in no class adds nothing.
    /// </summary>
    public static void WriteClassShares(PhoneFeatureConfig config, IReadOnlyList<TimedPhone> phones, double fps, Span<float> perFrame)
    {
        int w = config.FrameWidth;
        if (w == 0) return;
        int frames = perFrame.Length / w;
        var index = config.ClassIndex();
        foreach (var p in phones)
        {
            if (!index.TryGetValue(p.Phone, out int k) || !(p.End > p.Start)) continue;
            int first = Math.Max(0, (int)Math.Floor(p.Start * fps)), last = Math.Min(frames - 1, (int)Math.Ceiling(p.End * fps) - 1);
            for (int f = first; f <= last; f++)
            {
                double t0 = f / fps, t1 = (f + 1) / fps;
                double overlap = Math.Min(t1, p.End) - Math.Max(t0, p.Start);
                if (overlap > 0) perFrame[f * w + k] += (float)(overlap * fps);
            }
        }
    }

    /// <summary>
    /// Writes the two loudness features of every frame of <paramref name="perFrame"/> (frames × config.FrameWidth):
    /// the frame's relative energy <paramref name="energy"/>[f] and its slope ½ (e[f + 1] − e[f − 1]), clamped at the ends.
    /// </summary>
    public static void WriteEnergy(PhoneFeatureConfig config, ReadOnlySpan<float> energy, Span<float> perFrame)
    {
        if (!config.Energy) throw new ArgumentException("the front end has no loudness features.", nameof(config));
        int c = config.Classes.Length, w = config.FrameWidth, frames = energy.Length;
        if (perFrame.Length != frames * w) throw new ArgumentException($"{perFrame.Length} features for {frames} frames of {w}.", nameof(perFrame));
        for (int f = 0; f < frames; f++)
        {
            perFrame[f * w + c] = energy[f];
            perFrame[f * w + c + 1] = 0.5f * (energy[Math.Min(f + 1, frames - 1)] - energy[Math.Max(f - 1, 0)]);
        }
    }

    /// <summary>
    /// Frames × config.Width: each frame's window of ±Context frames of <see cref="PerFrame"/> features, oldest first,
    /// clamped at the ends.
    /// </summary>
    public static float[] Windowed(PhoneFeatureConfig config, ReadOnlySpan<float> perFrame, int frames)
    {
        int w = config.FrameWidth, n = config.Context;
        if (perFrame.Length != frames * w) throw new ArgumentException($"{perFrame.Length} features for {frames} frames of {w}.", nameof(perFrame));
        var windows = new float[frames * config.Width];
        for (int f = 0; f < frames; f++)
            for (int j = -n; j <= n; j++)
            {
                int src = Math.Clamp(f + j, 0, frames - 1);
                perFrame.Slice(src * w, w).CopyTo(windows.AsSpan(f * config.Width + (j + n) * w, w));
            }
        return windows;
    }

    /// <summary>
    /// Per frame: log10 of the mean square over the frame's samples, minus the chunk's reference level (its
    /// <see cref="ReferencePercentile"/> frame), in units of 20 dB, clamped to [<see cref="EnergyFloor"/>, 1]. Normalising by
    /// the chunk's own loud frames cancels microphone gain and speaker level. Frames past the audio read as the floor.
    /// </summary>
    public static float[] RelativeEnergy(ReadOnlySpan<float> pcm, int sampleRate, double fps, int frames)
    {
        var db = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            long s0 = (long)Math.Round(f * sampleRate / fps), s1 = (long)Math.Round((f + 1) * sampleRate / fps);
            s0 = Math.Min(s0, pcm.Length);
            s1 = Math.Min(s1, pcm.Length);
            double sum = 0;
            for (long i = s0; i < s1; i++) sum += (double)pcm[(int)i] * pcm[(int)i];
            db[f] = LevelDb(sum, s1 - s0);
        }
        var e = new float[frames];
        if (frames == 0) return e;
        double reference = ReferenceLevel(db);
        for (int f = 0; f < frames; f++) e[f] = RelativeLevel(db[f], reference);
        return e;
    }

    /// <summary>
    /// The reference of a set of frame levels (dB): its <see cref="ReferencePercentile"/> frame, or
    /// <see cref="MinReferenceDb"/> when that is quieter. Not empty.
    /// </summary>
    public static double ReferenceLevel(IEnumerable<double> levelsDb)
    {
        var sorted = levelsDb.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no frame levels.", nameof(levelsDb));
        Array.Sort(sorted);
        return Math.Max(MinReferenceDb, sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(ReferencePercentile * (sorted.Length - 1)))]);
    }

    /// <summary>One frame's loudness feature: (level − reference) in units of 20 dB, clamped to [<see cref="EnergyFloor"/>, 1].</summary>
    public static float RelativeLevel(double levelDb, double referenceDb)
        => (float)Math.Clamp((levelDb - referenceDb) / 20.0, EnergyFloor, 1.0);

    /// <summary>The level (dB) of a frame's samples as <see cref="RelativeEnergy"/> measures it: 10 log10 of the mean square.</summary>
    public static double LevelDb(double sumOfSquares, long samples) => 10 * Math.Log10(sumOfSquares / Math.Max(1, samples) + 1e-10);
}
