using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Mouth;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// The recorded person's own mouth measures (<see cref="MouthShapeTargets"/>, standardised over the training frames
/// exactly as training standardised them) as the mouth signal: the oracle row of the lips ablation. It answers "given
/// the true mouth shape, does the head render it?", which separates a weak head from a weak audio→mouth generator.
/// Only meaningful for a model trained with those targets (<c>Audio.MouthTargets</c> = <see cref="MouthShapeTargets.Count"/>).
/// </summary>
public sealed class RecordedMouthSource : IMouthSource
{
    private readonly float[] _targets;
    private readonly int _frames;

    private RecordedMouthSource(float[] targets, int frames)
    {
        _targets = targets;
        _frames = frames;
    }

    /// <summary>Reads the dataset's landmarks and standardises their mouth measures over its training frames.</summary>
    public static RecordedMouthSource FromDataset(DatasetReader reader)
    {
        return new RecordedMouthSource(MouthShapeTargets.ForDataset(reader), reader.Manifest.FrameCount);
    }

    public int Measures => MouthShapeTargets.Count;

    public bool TryGet(long frame, Span<float> measures)
    {
        if (frame < 0 || frame >= _frames) return false;
        _targets.AsSpan((int)frame * MouthShapeTargets.Count, MouthShapeTargets.Count).CopyTo(measures);
        return true;
    }
}
