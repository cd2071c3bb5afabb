using EdgeAvatar.Audio;
using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Dataset;

using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// A prepared dataset held in memory for training and evaluation: every frame's RGB and part labels, the
/// background plate, poses, eye values and normalised audio windows. 512² frames take 1 MiB each (RGB + labels),
/// so the 71-s sample clip needs about 1.8 GB — fine for a desktop trainer, and it makes a training step's pixel
/// fetches free. Invariant: all arrays index frames 0 .. FrameCount − 1 of the manifest.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(DatasetReader reader, byte[][] frames, byte[][] labels, byte[] plate, float[] audioWindows,
        AudioNormalization normalization, float[] mouthShapes, float[] torsoTrack)
    {
        TorsoTrack = torsoTrack;
        MouthShapes = mouthShapes;
        Reader = reader;
        Frames = frames;
        Labels = labels;
        Plate = plate;
        AudioWindows = audioWindows;
        Normalization = normalization;
    }

    public DatasetReader Reader { get; }
    public DatasetManifest Manifest => Reader.Manifest;
    public int Width => Manifest.Width;
    public int Height => Manifest.Height;
    public int FrameCount => Frames.Length;

    /// <summary>Frame i, W × H × 3 RGB24.</summary>
    public byte[][] Frames { get; }

    /// <summary>Frame i's part labels, W × H (0 background, 1 head, 2 neck, 3 torso).</summary>
    public byte[][] Labels { get; }

    /// <summary>The background plate, W × H × 3 RGB24.</summary>
    public byte[] Plate { get; }

    /// <summary>Per video frame: 16 × 80 normalised log-mel window (frame-major), FrameCount × WindowFloats.</summary>
    public float[] AudioWindows { get; }

    public AudioNormalization Normalization { get; }

    /// <summary>Per frame: <see cref="MouthShapeTargets.Count"/> standardised mouth measures (the probe's targets).</summary>
    public float[] MouthShapes { get; }

    /// <summary>Per frame: the measured torso shifts (<see cref="DatasetTorsoTrack"/>), FrameCount × 4 pixels.</summary>
    public float[] TorsoTrack { get; }

    public ReadOnlySpan<float> TorsoShift(int frame)
        => TorsoTrack.AsSpan(frame * TorsoConfig.TorsoTrackWidth, TorsoConfig.TorsoTrackWidth);

    public ReadOnlySpan<float> MouthShape(int frame) => MouthShapes.AsSpan(frame * MouthShapeTargets.Count, MouthShapeTargets.Count);

    public int Bands => Normalization.Bands;

    public int WindowFloats => FeatureWindow.WindowFrames * Bands;

    public ReadOnlySpan<float> AudioWindow(int frame) => AudioWindows.AsSpan(frame * WindowFloats, WindowFloats);

    /// <summary>Frame i's camera-to-world matrix (16 floats, row-major).</summary>
    public float[] CameraToWorld(int frame)
    {
        var m = Manifest.Frames[frame].CameraToWorld;
        var r = new float[16];
        for (int k = 0; k < 16; k++) r[k] = (float)m[k];
        return r;
    }

    /// <summary>The frames a run trains on: the train split's valid frames.</summary>
    public static int[] TrainFrameIndices(DatasetManifest m)
        => Enumerable.Range(m.Split.Train.First, m.Split.Train.Count).Where(i => m.Frames[i].Valid).ToArray();

    /// <summary>
    /// Loads a prepared dataset directory; <paramref name="progress"/> gets frames decoded so far. Raw (.rgb) frames
    /// and plate need no ffmpeg (see <see cref="RawRgbFile"/>).
    /// </summary>
    public static TrainingSet Load(string directory, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var reader = DatasetReader.Load(directory);
        var m = reader.Manifest;
        int n = m.FrameCount, w = m.Width, h = m.Height;

        var frames = new byte[n][];
        int read = 0;
        foreach (var f in reader.ReadFrames(null, null, ct))
        {
            if (read >= n) break;
            frames[read++] = f.Rgb24.ToArray();
            if (read % 64 == 0) progress?.Report(read);
        }
        if (read != n)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{m.Files.Frames} holds {read} frames; the manifest says {n}.");

        var labels = new byte[n][];
        using (var planes = reader.OpenLabels())
            for (int i = 0; i < n; i++)
            {
                labels[i] = new byte[w * h];
                if (!planes.ReadNext(labels[i]))
                    throw new EdgeAvatarException(ExitCodes.DataError, $"{m.Files.Labels} ends at frame {i} of {n}.");
            }

        byte[] plate = reader.ReadBackground(null, ct);

        var normalization = m.Audio.ReadNormalization();
        float[] features = reader.ReadAudioFeatures();
        normalization.Apply(features);
        int bands = normalization.Bands, windowFloats = FeatureWindow.WindowFrames * bands;
        var windows = new float[(long)n * windowFloats];
        for (int i = 0; i < n; i++)
            FeatureWindow.CopyWindow(features, bands, i, windows.AsSpan(i * windowFloats, windowFloats));

        int[] train = TrainFrameIndices(m);
        float[] mouth = train.Length == 0 ? new float[n * MouthShapeTargets.Count]
            : MouthShapeTargets.Compute(reader.ReadLandmarks(), n, train);
        float[] torsoTrack = DatasetTorsoTrack.Measure(m, frames, labels);
        return new TrainingSet(reader, frames, labels, plate, windows, normalization, mouth, torsoTrack);
    }
}
