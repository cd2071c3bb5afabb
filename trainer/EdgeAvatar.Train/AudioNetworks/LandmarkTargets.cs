using EdgeAvatar.Common;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Prepare.Dataset;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// A landmark generator's targets: per frame, the row an r2talker head's condition is trained on. The frame's 68
/// recorded landmarks go through <see cref="HeadLandmarkCondition.Positions"/> with that frame's camera (the dataset's
/// intrinsics at its output size, its camera_to_world as float32), exactly as the trainer's head step and eval's
/// recorded source build them, so the generator predicts what the head learned to render.
/// </summary>
public static class LandmarkTargets
{
    /// <summary>Frames × PositionFloats rows; only <paramref name="frames"/> are filled (others stay 0).</summary>
    public static float[] ForDataset(DatasetReader reader, HeadModelConfig head, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var condition = new HeadLandmarkCondition(head);
        if (condition.Config.WindowFrames != 1)
            throw new ArgumentException($"a landmark generator predicts one frame's row; this head's window is {condition.Config.WindowFrames} frames.", nameof(head));
        var m = reader.Manifest;
        float[] landmarks = reader.ReadLandmarks();
        int per = 2 * LandmarkFrameConfig.DlibPointCount, width = condition.PositionFloats;
        if (landmarks.Length != m.FrameCount * per)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"the dataset holds {landmarks.Length} landmark floats, not {LandmarkFrameConfig.DlibPointCount} points for each of its {m.FrameCount} frames.");
        var rows = new float[m.FrameCount * width];
        var c2w = new float[16];
        foreach (int f in frames)
        {
            for (int k = 0; k < 16; k++) c2w[k] = (float)m.Frames[f].CameraToWorld[k];
            var camera = new PinholeCamera(m.Width, m.Height, m.Intrinsics.Fx, m.Intrinsics.Fy, m.Intrinsics.Cx, m.Intrinsics.Cy, c2w);
            try
            {
                condition.Positions(camera, landmarks.AsSpan(f * per, per), rows.AsSpan(f * width, width));
            }
            catch (ArgumentException e)
            {
                throw new EdgeAvatarException(ExitCodes.DataError, $"frame {f}: its landmarks cannot be put in the head frame: {e.Message}");
            }
        }
        return rows;
    }
}
