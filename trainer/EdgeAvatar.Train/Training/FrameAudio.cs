using EdgeAvatar.Audio;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Training;

/// <summary>Gathers the 8 neighbouring audio windows of a training frame (offline: full look-ahead).</summary>
public static class FrameAudio
{
    public static void GatherWindows(TrainingSet data, int frame, Span<float> windows)
    {
        Span<int> idx = stackalloc int[FeatureWindow.SmoothingFrames];
        FeatureWindow.SmoothingIndices(frame, data.FrameCount, FeatureWindow.FullSmoothingLookAhead, idx);
        int wf = data.WindowFloats;
        for (int j = 0; j < idx.Length; j++)
            data.AudioWindow(idx[j]).CopyTo(windows.Slice(j * wf, wf));
    }
}
