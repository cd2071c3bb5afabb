using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// How well a fitted shape agrees with the model's mean face. The landmarks are aligned to the mean shape by the
/// least-squares similarity; <see cref="ImpliedBox"/> is the unit box carried along by that similarity (the box in
/// which the mean shape would sit exactly on these landmarks), <see cref="Residual"/> the RMS misfit in units of that
/// box's side, and <see cref="BoxOverlap"/> the IoU between the implied box and the box the fit started from.
/// A real face fitted from a reasonable box keeps both near their calibrated ranges; a fit drifting off the face
/// (occlusion, cut, wrong box) distorts the shape or drags the implied box away from the input box.
/// </summary>
public readonly record struct ShapeFitQuality(FaceBox ImpliedBox, double Scale, double Residual, double BoxOverlap)
{
    /// <summary>Measures <paramref name="shape"/> against <paramref name="model"/>'s mean shape.</summary>
    public static ShapeFitQuality Measure(FaceShape shape, ShapePredictorModel model)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(model);
        var from = model.InitialShape;
        int n = model.LandmarkCount;
        if (shape.Count != n)
        {
            throw new ArgumentException($"Shape has {shape.Count} points, model {n}.", nameof(shape));
        }
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++)
        {
            mfx += from[2 * i];
            mfy += from[2 * i + 1];
            mtx += shape.X(i);
            mty += shape.Y(i);
        }
        mfx /= n; mfy /= n; mtx /= n; mty /= n;
        double sigma = 0, p = 0, q = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double tx = shape.X(i) - mtx, ty = shape.Y(i) - mty;
            sigma += fx * fx + fy * fy;
            p += tx * fx + ty * fy;
            q += ty * fx - tx * fy;
        }
        p /= sigma;
        q /= sigma;
        double scale = Math.Sqrt(p * p + q * q);
        double err = 0;
        for (int i = 0; i < n; i++)
        {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double ex = p * fx - q * fy + mtx - shape.X(i), ey = q * fx + p * fy + mty - shape.Y(i);
            err += ex * ex + ey * ey;
        }
        double residual = scale > 0 ? Math.Sqrt(err / n) / scale : double.PositiveInfinity;
        // Centre of the unit box carried by the similarity; dlib's box spans side-1 pixels between inclusive corners.
        double cx = p * (0.5 - mfx) - q * (0.5 - mfy) + mtx, cy = q * (0.5 - mfx) + p * (0.5 - mfy) + mty;
        int side = Math.Max(2, (int)Math.Round(scale + 1));
        var implied = new FaceBox((int)Math.Round(cx - (side - 1) * 0.5), (int)Math.Round(cy - (side - 1) * 0.5), side, side);
        return new ShapeFitQuality(implied, scale, residual, implied.IntersectionOverUnion(shape.Box));
    }
}
