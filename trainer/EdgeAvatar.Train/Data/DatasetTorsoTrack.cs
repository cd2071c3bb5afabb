using EdgeAvatar.Common;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// A dataset's torso track (<see cref="TorsoTracker"/>): F × 4 shifts against the dataset's reference frame, its
/// first training frame. The track is a function of the dataset alone, so training (frames in memory) and eval
/// (frames streamed) measure the same values without it being stored; it costs a few seconds per load.
/// </summary>
public static class DatasetTorsoTrack
{
    /// <summary>
    /// Throws <see cref="ExitCodes.DataError"/> unless a torso with this config can take this trainer's track: a
    /// model trained on another tracker's values would render a wrongly placed torso without any error.
    /// </summary>
    public static void EnsureCompatible(TorsoConfig torso)
    {
        if (torso.TrackWidth > 0 && torso.TrackMethod != TorsoConfig.HalvesTrackMethod)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"this model's torso was trained on torso-track method '{torso.TrackMethod}', but this trainer measures "
                + $"'{TorsoConfig.HalvesTrackMethod}'; train the model again with this trainer.");
    }

    public static int ReferenceFrame(DatasetManifest manifest)
    {
        int[] train = TrainingSet.TrainFrameIndices(manifest);
        return train.Length > 0 ? train[0] : 0;
    }

    /// <summary>From frames and labels already in memory.</summary>
    public static float[] Measure(DatasetManifest manifest, IReadOnlyList<byte[]> frames, IReadOnlyList<byte[]> labels)
    {
        int r = ReferenceFrame(manifest);
        return new TorsoTracker(frames[r], labels[r], manifest.Width, manifest.Height).MeasureAll(frames);
    }

    /// <summary>Streaming the dataset's frames once (frames before the reference are held until it arrives).</summary>
    public static float[] Measure(DatasetReader reader, CancellationToken ct = default)
    {
        var m = reader.Manifest;
        int n = m.FrameCount, r = ReferenceFrame(m), w = TorsoConfig.TorsoTrackWidth;
        var referenceLabels = new byte[m.Width * m.Height];
        using (var planes = reader.OpenLabels())
            for (int i = 0; i <= r; i++)
                if (!planes.ReadNext(referenceLabels))
                    throw new EdgeAvatarException(ExitCodes.DataError, $"{m.Files.Labels} ends at frame {i} of {n}.");
        var track = new float[n * w];
        var early = new List<(int Index, byte[] Rgb)>();
        TorsoTracker? tracker = null;
        int read = 0;
        foreach (var frame in reader.ReadFrames(n, null, ct))
        {
            if (read == r)
            {
                tracker = new TorsoTracker(frame.Rgb24.Span, referenceLabels, m.Width, m.Height);
                foreach (var (index, rgb) in early) tracker.Measure(rgb, track.AsSpan(index * w, w));
                early.Clear();
            }
            if (tracker is null) early.Add((read, frame.Rgb24.ToArray()));
            else tracker.Measure(frame.Rgb24.Span, track.AsSpan(read * w, w));
            read++;
        }
        if (read != n)
            throw new EdgeAvatarException(ExitCodes.DataError, $"{m.Files.Frames} holds {read} frames; the manifest says {n}.");
        return track;
    }
}
