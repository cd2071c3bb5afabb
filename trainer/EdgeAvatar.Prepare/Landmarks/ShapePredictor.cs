using System.Numerics;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// Runs a dlib shape predictor exactly as dlib's shape_predictor::operator() does (Kazemi &amp; Sullivan 2014):
/// start at the mean shape in the unit box; per cascade, fit the least-squares similarity from the mean shape to the
/// current shape, place every feature pixel at M·delta + current[anchor], map it into the image through the box
/// (inclusive corners: right = X+Width-1), round with floor(v+0.5), read (r+g+b)/3 or 0 outside the image; walk each
/// tree (left when f[idx1] - f[idx2] &gt; threshold) and add the reached leaf. Float/double types follow dlib's so that
/// results agree to the rounding of rare .5 ties. Thread-safe: the model is immutable, scratch is per call.
/// </summary>
public sealed class ShapePredictor
{
    private readonly ShapePredictorModel _m;

    public ShapePredictor(ShapePredictorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _m = model;
    }

    public ShapePredictorModel Model => _m;

    /// <summary>Fits the landmarks of the face in <paramref name="box"/> (the box convention of dlib's HOG detector).</summary>
    public FaceShape Predict(RgbFrame frame, FaceBox box) => Predict(GrayImage.FromRgbMean(frame), box);

    /// <summary>Same, on an image already converted with <see cref="GrayImage.FromRgbMean"/>.</summary>
    public FaceShape Predict(GrayImage gray, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(gray);
        int dims = 2 * _m.LandmarkCount;
        var shape = (float[])_m.InitialShape.Clone();
        var values = new float[_m.FeaturesPerCascade];
        // dlib's unnormalizing transform maps the unit square onto the inclusive box corners.
        double sx = box.Width - 1, sy = box.Height - 1, ox = box.X, oy = box.Y;
        int w = gray.Width, h = gray.Height;
        var px = gray.Pixels;
        int splits = _m.SplitsPerTree, leavesPerTree = _m.LeavesPerTree;
        for (int c = 0; c < _m.CascadeCount; c++)
        {
            SimilarityFromMean(shape, out float m00, out float m01, out float m10, out float m11);
            int fo = c * _m.FeaturesPerCascade;
            for (int i = 0; i < values.Length; i++)
            {
                int a = _m.Anchors[fo + i];
                float dx = _m.Deltas[2 * (fo + i)], dy = _m.Deltas[2 * (fo + i) + 1];
                // Float products and sums as dlib's matrix<float,2,2> * vector<float,2> + location(...).
                float nx = m00 * dx + m01 * dy + shape[2 * a];
                float ny = m10 * dx + m11 * dy + shape[2 * a + 1];
                long ix = (long)Math.Floor(sx * nx + ox + 0.5);
                long iy = (long)Math.Floor(sy * ny + oy + 0.5);
                values[i] = ix >= 0 && iy >= 0 && ix < w && iy < h ? px[iy * w + ix] : 0f;
            }
            int treeBase = c * _m.TreesPerCascade;
            for (int t = 0; t < _m.TreesPerCascade; t++)
            {
                int tree = treeBase + t;
                int so = tree * splits;
                int node = 0;
                while (node < splits)
                {
                    int k = so + node;
                    node = values[_m.SplitIndex1[k]] - values[_m.SplitIndex2[k]] > _m.SplitThreshold[k]
                        ? 2 * node + 1
                        : 2 * node + 2;
                }
                AddLeaf(shape, _m.Leaves.AsSpan((tree * leavesPerTree + node - splits) * dims, dims));
            }
        }
        var xy = new float[dims];
        for (int i = 0; i < dims; i += 2)
        {
            xy[i] = (float)(sx * shape[i] + ox);
            xy[i + 1] = (float)(sy * shape[i + 1] + oy);
        }
        return new FaceShape(xy, box);
    }

    /// <summary>
    /// The 2x2 part of the least-squares similarity (rotation+scale) taking the mean shape onto
    /// <paramref name="shape"/>, cast to float as dlib does. Umeyama's SVD solution reduces in 2-D to the closed form
    /// [[p,-q],[q,p]]/σ²_from with p = cov00+cov11, q = cov10-cov01 (cov = Σ (to-μ_to)(from-μ_from)ᵀ / n); it already
    /// excludes reflections, which Umeyama's sign correction handles, so both agree to double rounding.
    /// </summary>
    internal void SimilarityFromMean(float[] shape, out float m00, out float m01, out float m10, out float m11)
    {
        var from = _m.InitialShape;
        int n = _m.LandmarkCount;
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++)
        {
            mfx += from[2 * i];
            mfy += from[2 * i + 1];
            mtx += shape[2 * i];
            mty += shape[2 * i + 1];
        }
        mfx /= n; mfy /= n; mtx /= n; mty /= n;
        double sigma = 0, c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double tx = shape[2 * i] - mtx, ty = shape[2 * i + 1] - mty;
            sigma += fx * fx + fy * fy;
            c00 += tx * fx;
            c01 += tx * fy;
            c10 += ty * fx;
            c11 += ty * fy;
        }
        double p = (c00 + c11) / sigma, q = (c10 - c01) / sigma;
        if (sigma == 0)
        {
            p = 1;
            q = 0;
        }
        m00 = (float)p;
        m01 = (float)-q;
        m10 = (float)q;
        m11 = (float)p;
    }

    private static void AddLeaf(float[] shape, ReadOnlySpan<float> leaf)
    {
        // Element-wise float adds in tree order: SIMD changes no result, only the speed.
        int i = 0;
        var s = shape.AsSpan();
        if (Vector.IsHardwareAccelerated)
        {
            int vw = Vector<float>.Count;
            for (; i <= s.Length - vw; i += vw)
            {
                (new Vector<float>(s[i..]) + new Vector<float>(leaf[i..])).CopyTo(s[i..]);
            }
        }
        for (; i < s.Length; i++)
        {
            s[i] += leaf[i];
        }
    }
}
