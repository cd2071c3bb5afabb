namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// The 3-D mean face of the 68 iBUG/dlib landmarks, with per-landmark rigidity weights and the left-right mirror map.
/// <para>Data: the 68 vertices of MediaPipe's canonical face model (Apache-2.0) picked by a 468-to-68 correspondence;
/// source, commit and licence are in SOURCES.md. Stored in centimetres in MediaPipe's frame: x towards the subject's
/// left (image right in a frontal view), y up, z out of the face towards a frontal camera; the origin lies near the
/// ear plane (z = 0). The model is exactly mirror-symmetric (x -> -x with <see cref="Mirror"/>).</para>
/// <para><see cref="WorldUnits"/> gives the same points in the pose world frame documented in CONVENTIONS.md:
/// origin moved up to eye level (mean y of the four eye corners), then scaled by 1/<see cref="PoseConventions.CentimetresPerUnit"/>.</para>
/// </summary>
public static class MeanFace68
{
    public const int Count = 68;

    /// <summary>x, y, z per landmark in centimetres (MediaPipe canonical frame, see the type comment).</summary>
    private static readonly double[] Centimetres =
    [
        -7.743095,  2.364999, -2.005167, //  0 <- MediaPipe 127
        -7.664182,  0.673132, -2.435867, //  1 <- MediaPipe 234
        -7.270895, -2.890917, -2.252455, //  2 <- MediaPipe 132
        -6.719682, -4.788645, -1.745401, //  3 <- MediaPipe 58
        -5.940524, -6.223629, -0.631468, //  4 <- MediaPipe 172
        -4.068926, -7.993109,  1.925119, //  5 <- MediaPipe 150
        -3.210651, -8.533278,  2.802001, //  6 <- MediaPipe 149
        -1.292924, -9.295920,  4.094063, //  7 <- MediaPipe 148
         0.000000, -9.403378,  4.264492, //  8 <- MediaPipe 152
         1.292924, -9.295920,  4.094063, //  9 <- MediaPipe 377
         3.210651, -8.533278,  2.802001, // 10 <- MediaPipe 378
         4.068926, -7.993109,  1.925119, // 11 <- MediaPipe 379
         5.940524, -6.223629, -0.631468, // 12 <- MediaPipe 397
         6.719682, -4.788645, -1.745401, // 13 <- MediaPipe 288
         7.270895, -2.890917, -2.252455, // 14 <- MediaPipe 361
         7.664182,  0.673132, -2.435867, // 15 <- MediaPipe 454
         7.743095,  2.364999, -2.005167, // 16 <- MediaPipe 356
        -5.720968,  4.254584,  2.830852, // 17 <- MediaPipe 70
        -4.985894,  4.802461,  3.751977, // 18 <- MediaPipe 63
        -3.986562,  5.109487,  4.466315, // 19 <- MediaPipe 105
        -2.760292,  5.100971,  5.015990, // 20 <- MediaPipe 66
        -1.395634,  5.011963,  5.316032, // 21 <- MediaPipe 107
         1.395634,  5.011963,  5.316032, // 22 <- MediaPipe 336
         2.760292,  5.100971,  5.015990, // 23 <- MediaPipe 296
         3.986562,  5.109487,  4.466315, // 24 <- MediaPipe 334
         4.985894,  4.802461,  3.751977, // 25 <- MediaPipe 293
         5.720968,  4.254584,  2.830852, // 26 <- MediaPipe 300
         0.000000,  3.271027,  5.236015, // 27 <- MediaPipe 168
         0.000000,  1.728369,  6.316750, // 28 <- MediaPipe 197
         0.000000,  0.365669,  7.242870, // 29 <- MediaPipe 5
         0.000000, -0.463170,  7.586580, // 30 <- MediaPipe 4
        -1.405627, -1.714196,  5.241087, // 31 <- MediaPipe 98
        -0.597442, -2.013686,  5.866456, // 32 <- MediaPipe 97
         0.000000, -2.089024,  6.058267, // 33 <- MediaPipe 2
         0.597442, -2.013686,  5.866456, // 34 <- MediaPipe 326
         1.405627, -1.714196,  5.241087, // 35 <- MediaPipe 327
        -4.445859,  2.663991,  3.173422, // 36 <- MediaPipe 33
        -3.670075,  2.927714,  3.724325, // 37 <- MediaPipe 160
        -2.724032,  2.961810,  3.871767, // 38 <- MediaPipe 158
        -1.856432,  2.585245,  3.757904, // 39 <- MediaPipe 133
        -2.724032,  2.315802,  3.777151, // 40 <- MediaPipe 153
        -3.670075,  2.360153,  3.635230, // 41 <- MediaPipe 144
         1.856432,  2.585245,  3.757904, // 42 <- MediaPipe 362
         2.724032,  2.961810,  3.871767, // 43 <- MediaPipe 385
         3.670075,  2.927714,  3.724325, // 44 <- MediaPipe 387
         4.445859,  2.663991,  3.173422, // 45 <- MediaPipe 263
         3.670075,  2.360153,  3.635230, // 46 <- MediaPipe 373
         2.724032,  2.315802,  3.777151, // 47 <- MediaPipe 380
        -2.456206, -4.342621,  4.283884, // 48 <- MediaPipe 61
        -1.431615, -3.500953,  5.496189, // 49 <- MediaPipe 39
        -0.711452, -3.329355,  5.877044, // 50 <- MediaPipe 37
         0.000000, -3.406404,  5.979507, // 51 <- MediaPipe 0
         0.711452, -3.329355,  5.877044, // 52 <- MediaPipe 267
         1.431615, -3.500953,  5.496189, // 53 <- MediaPipe 269
         2.456206, -4.342621,  4.283884, // 54 <- MediaPipe 291
         1.838624, -4.828746,  4.823737, // 55 <- MediaPipe 321
         0.699606, -5.291850,  5.448304, // 56 <- MediaPipe 314
         0.000000, -5.365123,  5.535441, // 57 <- MediaPipe 17
        -0.699606, -5.291850,  5.448304, // 58 <- MediaPipe 84
        -1.838624, -4.828746,  4.823737, // 59 <- MediaPipe 91
        -2.153084, -4.276322,  4.038093, // 60 <- MediaPipe 78
        -0.533422, -3.993222,  5.138202, // 61 <- MediaPipe 82
         0.000000, -3.994436,  5.219482, // 62 <- MediaPipe 13
         0.533422, -3.993222,  5.138202, // 63 <- MediaPipe 312
         2.153084, -4.276322,  4.038093, // 64 <- MediaPipe 308
         0.583218, -4.517982,  5.339869, // 65 <- MediaPipe 317
         0.000000, -4.542400,  5.404754, // 66 <- MediaPipe 14
        -0.583218, -4.517982,  5.339869, // 67 <- MediaPipe 87
    ];

    /// <summary>Landmark index of the left-right mirror partner (an involution; midline points map to themselves).</summary>
    public static ReadOnlySpan<int> Mirror =>
    [
        16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, // jaw
        26, 25, 24, 23, 22, 21, 20, 19, 18, 17, // brows
        27, 28, 29, 30, 35, 34, 33, 32, 31, // nose bridge, nostrils
        45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40, // eyes
        54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55, // outer lips
        64, 63, 62, 61, 60, 67, 66, 65, // inner lips
    ];

    /// <summary>
    /// Relative trust in each landmark as a rigid point of the skull, in [0, 1]. High: eye corners (36, 39, 42, 45)
    /// and the nose (27-35), which do not move with expression; mouth corners (48, 54) move a little with smiles.
    /// Low: eyelids (blinks), brows (raised), lips (speech) and above all the jaw outline 0-16, which is not a fixed
    /// surface point but the silhouette of the cheek and slides over the face as the head turns.
    /// </summary>
    public static ReadOnlySpan<double> RigidWeights =>
    [
        0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05,
        0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3,
        1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 0.3, 0.3, 1, 0.3, 0.3, 1, 0.3, 0.3, 1, 0.3, 0.3,
        0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1,
        0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
    ];

    /// <summary>Landmarks whose weight is 1: the points used for the per-frame initial pose.</summary>
    public static ReadOnlySpan<int> RigidIndices => [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 39, 42, 45, 48, 54];

    /// <summary>
    /// Prior standard deviation (cm) of each landmark's deviation from the mean face, per coordinate: faces vary
    /// least around the eyes and nose and most along the jaw outline (which is also not a true surface point).
    /// </summary>
    public static double PriorSigmaCm(int landmark) => landmark switch
    {
        <= 16 => 1.5,
        <= 26 => 0.8,
        <= 47 => 0.5,
        _ => 0.8,
    };

    /// <summary>The landmark in centimetres, MediaPipe frame.</summary>
    public static Vec3d PointCm(int landmark) =>
        new(Centimetres[3 * landmark], Centimetres[3 * landmark + 1], Centimetres[3 * landmark + 2]);

    /// <summary>Height (cm, MediaPipe frame) of the world origin: the mean y of the four eye corners.</summary>
    public static double EyeLevelCm =>
        (PointCm(36).Y + PointCm(39).Y + PointCm(42).Y + PointCm(45).Y) / 4;

    /// <summary>The 68 points in world units (CONVENTIONS.md): a fresh array, safe to modify.</summary>
    public static Vec3d[] WorldUnits()
    {
        var pts = new Vec3d[Count];
        double s = 1.0 / PoseConventions.CentimetresPerUnit, y0 = EyeLevelCm;
        for (int i = 0; i < Count; i++)
        {
            var p = PointCm(i);
            pts[i] = new Vec3d(p.X * s, (p.Y - y0) * s, p.Z * s);
        }
        return pts;
    }
}
