using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Tests.Torso;

/// <summary>
/// An independent float64 torso forward, written from <see cref="TorsoConfig"/>'s documented maths with the full
/// concatenated MLP inputs (no per-frame split) and a direct bilinear grid lookup; the finite-difference oracle.
/// Only the grid's entry-index function (a hash/stride, not differentiated) is shared with the kernels.
/// </summary>
internal sealed class Float64Torso(TorsoModel model)
{
    private readonly TorsoConfig _c = model.Config;

    /// <summary>Σ r·rgb + Σ q·alpha over the points.</summary>
    public double Loss(double[] p, float[] coords, int[] frameOf, float[] poses, double[] latents, float[] r, float[] q)
        => Loss(p, coords, frameOf, poses.Select(v => (double)v).ToArray(), latents, r, q);

    /// <summary>As above with float64 pose inputs (F × PoseInputWidth): what a float64 anchor projection feeds.</summary>
    public double Loss(double[] p, float[] coords, int[] frameOf, double[] poses, double[] latents, float[] r, float[] q)
    {
        double total = 0;
        for (int i = 0; i < frameOf.Length; i++)
        {
            int pw = _c.PoseInputWidth;
            double[] y = Point(p, coords[2 * i], coords[2 * i + 1], poses.AsSpan(pw * frameOf[i], pw).ToArray(),
                latents.AsSpan(_c.LatentWidth * frameOf[i], _c.LatentWidth).ToArray());
            total += r[3 * i] * y[0] + r[3 * i + 1] * y[1] + r[3 * i + 2] * y[2] + q[i] * y[3];
        }
        return total;
    }

    /// <summary>[r, g, b, alpha] of one pixel; <paramref name="pose"/> is PoseInputWidth floats.</summary>
    public double[] Point(double[] p, double x, double y, float[] pose, double[] latent)
        => Point(p, x, y, pose.Select(v => (double)v).ToArray(), latent);

    /// <summary>As above with a float64 pose input.</summary>
    public double[] Point(double[] p, double x, double y, double[] pose, double[] latent)
    {
        // Head pose (6) frequency-encoded, then the torso track scaled (TorsoConfig's documented input).
        double[] poseEnc = [.. Encode(pose.Take(6).ToArray(), _c.PoseFrequencies),
            .. pose.Skip(6).Select(v => (double)_c.TrackScale * v)];
        double[] coordEnc = Encode([x, y], _c.CoordFrequencies);
        double[] raw = Mlp(_c.DeformMlp, p, model.DeformOffset, [.. coordEnc, .. poseEnc, .. latent]);
        double gx = (Math.Clamp(x + _c.DeformScale * Math.Tanh(raw[0]), -1, 1) + 1) / 2;
        double gy = (Math.Clamp(y + _c.DeformScale * Math.Tanh(raw[1]), -1, 1) + 1) / 2;
        double[] features = Grid(p, gx, gy);
        double[] outRaw = Mlp(_c.ColorMlp, p, model.ColorOffset, [.. features, .. poseEnc, .. latent]);
        return outRaw.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
    }

    private static double[] Encode(double[] x, int octaves)
    {
        var result = new List<double>(x);
        for (int k = 0; k < octaves; k++)
        {
            double f = Math.Pow(2, k);
            result.AddRange(x.Select(v => Math.Sin(f * v)));
            result.AddRange(x.Select(v => Math.Cos(f * v)));
        }
        return [.. result];
    }

    private static double[] Mlp(MlpConfig c, double[] p, int offset, double[] input)
    {
        double[] a = input;
        for (int k = 0; k < c.LayerCount; k++)
        {
            int inW = c.LayerInputWidth(k), outW = c.LayerOutputWidth(k), at = offset + c.LayerWeightOffset(k);
            var b = new double[outW];
            for (int o = 0; o < outW; o++)
            {
                double s = 0;
                for (int i = 0; i < inW; i++)
                    s += p[at + o * inW + i] * a[i];
                b[o] = k == c.HiddenLayers ? s : Math.Max(s, 0);
            }
            a = b;
        }
        return a;
    }

    private double[] Grid(double[] p, double x, double y)
    {
        int features = _c.Grid.FeaturesPerLevel;
        var result = new double[_c.Grid.OutputWidth];
        for (int l = 0; l < model.GridLayout.Levels.Count; l++)
        {
            GridLevel lv = model.GridLayout.Levels[l];
            double px = x * lv.Scale + 0.5, py = y * lv.Scale + 0.5;
            double fx = Math.Floor(px), fy = Math.Floor(py), tx = px - fx, ty = py - fy;
            for (int c = 0; c < 4; c++)
            {
                uint bx = (uint)c & 1, by = (uint)c >> 1;
                double w = (bx == 1 ? tx : 1 - tx) * (by == 1 ? ty : 1 - ty);
                long e = lv.Offset + CpuGridEncoding.EntryIndex((uint)fx + bx, (uint)fy + by, 0, lv);
                for (int f = 0; f < features; f++)
                    result[l * features + f] += w * p[e * features + f];
            }
        }
        return result;
    }
}
