using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// What the mouth generator is fitted and judged on, from a prepared dataset: the 16-kHz audio, its phones (from the
/// recogniser), the standardised mouth measures per frame (<see cref="MouthShapeTargets"/>), and the train and
/// held-out (validation split) frames that have a valid face.
/// </summary>
public sealed record MouthClip(float[] Pcm, IReadOnlyList<TimedPhone> Phones, double Fps, int Frames, float[] Targets,
    int[] TrainFrames, int[] HeldOutFrames)
{
    /// <summary>Loads the dataset at <paramref name="directory"/> and recognises its audio's phones.</summary>
    public static MouthClip Load(string directory, PhoneRecognizer recognizer)
    {
        var reader = DatasetReader.Load(directory);
        var m = reader.Manifest;
        float[] pcm = AudioDecoder.DecodeFloat(reader.PathOf(m.Files.AudioWav));
        var phones = recognizer.Recognize(pcm);
        int[] train = TrainingSet.TrainFrameIndices(m);
        int[] heldOut = Enumerable.Range(m.Split.Val.First, m.Split.Val.Count).Where(i => m.Frames[i].Valid).ToArray();
        float[] targets = MouthShapeTargets.ForDataset(reader);
        return new MouthClip(pcm, phones, m.Fps, m.FrameCount, targets, train, heldOut);
    }

    /// <summary>Frames × frontEnd.Width windowed features of this clip.</summary>
    public float[] Features(PhoneFeatureConfig frontEnd)
        => PhoneFeatures.Windowed(frontEnd, PhoneFeatures.PerFrame(frontEnd, Phones, Pcm, PhoneRecognizer.SampleRate, Fps, Frames), Frames);
}
