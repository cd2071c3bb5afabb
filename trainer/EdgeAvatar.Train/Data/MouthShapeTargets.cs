using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// Per-frame measures of the recorded mouth, the targets of the mouth probe (<c>AudioNetConfig.MouthTargets</c>):
/// inner-lip opening (landmarks 62–66), outer-lip opening (51–57), outer width (48–54) and inner width (60–64),
/// each divided by the outer eye-corner distance (36–45) so zoom and distance cancel, then standardised over the
/// valid training frames (mean 0, std 1 each), so every measure weighs the same in the probe's loss.
/// Landmarks are the dataset's (our 68-point detector on the recorded frames, dlib numbering).
/// </summary>
public static class MouthShapeTargets
{
    /// <summary>Number of measures per frame.</summary>
    public const int Count = 4;

    private static readonly (int A, int B)[] Pairs = [(62, 66), (51, 57), (48, 54), (60, 64)];

    /// <summary>Every frame's measures of a prepared dataset, standardised over its training frames (as training does).</summary>
    public static float[] ForDataset(DatasetReader reader)
    {
        var m = reader.Manifest;
        return Compute(reader.ReadLandmarks(), m.FrameCount, TrainingSet.TrainFrameIndices(m));
    }

    /// <param name="landmarks">FrameCount × 68 × (x, y) pixels.</param>
    /// <param name="trainFrames">Frames whose statistics standardise the measures (non-empty).</param>
    /// <returns>FrameCount × <see cref="Count"/> standardised measures.</returns>
    public static float[] Compute(ReadOnlySpan<float> landmarks, int frameCount, IReadOnlyList<int> trainFrames)
    {
        if (landmarks.Length != frameCount * 68 * 2)
            throw new ArgumentException($"landmarks hold {landmarks.Length} floats, expected {frameCount * 68 * 2}.", nameof(landmarks));
        if (trainFrames.Count == 0) throw new ArgumentException("no training frames.", nameof(trainFrames));
        var raw = new double[frameCount * Count];
        for (int f = 0; f < frameCount; f++)
        {
            var l = landmarks.Slice(f * 136, 136);
            double eyes = Math.Max(Distance(l, 36, 45), 1e-3);
            for (int k = 0; k < Count; k++)
                raw[f * Count + k] = Distance(l, Pairs[k].A, Pairs[k].B) / eyes;
        }
        var targets = new float[raw.Length];
        for (int k = 0; k < Count; k++)
        {
            double mean = 0, sq = 0;
            foreach (int f in trainFrames) mean += raw[f * Count + k];
            mean /= trainFrames.Count;
            foreach (int f in trainFrames) sq += Math.Pow(raw[f * Count + k] - mean, 2);
            double std = Math.Max(Math.Sqrt(sq / trainFrames.Count), 1e-6);
            for (int f = 0; f < frameCount; f++)
                targets[f * Count + k] = (float)((raw[f * Count + k] - mean) / std);
        }
        return targets;
    }

    private static double Distance(ReadOnlySpan<float> l, int a, int b)
    {
        double dx = l[2 * a] - l[2 * b], dy = l[2 * a + 1] - l[2 * b + 1];
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
