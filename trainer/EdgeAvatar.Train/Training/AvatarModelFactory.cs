using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Data;
using EdgeAvatar.Common;
using EdgeAvatar.Train.Init;

namespace EdgeAvatar.Train.Training;

/// <summary>Builds the avatar a training run optimises, from the dataset: one latent row per dataset frame.</summary>
public static class AvatarModelFactory
{
    /// <summary>Pixels of padding around the union of the neck/torso labels (the torso sways a little).</summary>
    public const int TorsoMargin = 8;

    public static AvatarModel ForTraining(TrainingSet data, AvatarModelConfig config, IReadOnlyList<int> trainFrames, int seed)
    {
        var m = data.Manifest;
        var blocks = new AvatarParameters(config, data.FrameCount);
        float[] parameters = AvatarInitializer.Initialize(blocks, seed);
        var occupancy = new OccupancyGrid(config.Head.Bounds, config.Head.OccupancyResolution);
        occupancy.SetAllOccupied(true);
        var camera = new CameraIntrinsics(m.Width, m.Height, (float)m.Intrinsics.Fx, (float)m.Intrinsics.Fy,
            (float)m.Intrinsics.Cx, (float)m.Intrinsics.Cy);

        var poses = new float[16 * trainFrames.Count];
        var eyes = new float[trainFrames.Count];
        int tw = config.Torso.TrackWidth;
        var torsoTrack = new float[tw * trainFrames.Count];
        var centre = new double[3];
        for (int k = 0; k < trainFrames.Count; k++)
        {
            float[] c2w = data.CameraToWorld(trainFrames[k]);
            c2w.CopyTo(poses, 16 * k);
            eyes[k] = (float)m.Frames[trainFrames[k]].Eye;
            if (tw > 0) data.TorsoShift(trainFrames[k]).CopyTo(torsoTrack.AsSpan(tw * k, tw));
            centre[0] += c2w[3]; centre[1] += c2w[7]; centre[2] += c2w[11];
        }
        float[] meanCentre = [.. centre.Select(c => (float)(c / trainFrames.Count))];
        return new AvatarModel(blocks, parameters, occupancy, camera, data.Plate, data.Normalization, poses, eyes,
            torsoTrack, meanCentre, TorsoRegion(data, trainFrames));
    }

    /// <summary>Bounding box of every neck/torso pixel over (a subsample of) the training frames, padded.</summary>
    public static PixelRect TorsoRegion(TrainingSet data, IReadOnlyList<int> trainFrames)
    {
        int w = data.Width, h = data.Height;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        int stride = Math.Max(1, trainFrames.Count / 200);
        for (int k = 0; k < trainFrames.Count; k += stride)
        {
            byte[] labels = data.Labels[trainFrames[k]];
            for (int y = 0; y < h; y++)
            {
                int row = y * w;
                for (int x = 0; x < w; x++)
                {
                    byte l = labels[row + x];
                    if (l is 2 or 3)
                    {
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                    }
                }
            }
        }
        if (x1 < 0) return default;
        return new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1).Inflate(TorsoMargin, w, h);
    }
}
