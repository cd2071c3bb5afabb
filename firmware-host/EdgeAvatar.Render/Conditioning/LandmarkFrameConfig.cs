namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// Which dlib landmarks condition the R2-Talker head, and how they are put in the head's frame (data, stored with the
/// model). Each chosen landmark's camera ray is intersected with the face plane z = <see cref="PlaneZ"/> of the head
/// frame (trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md: x towards the subject's left, y up, z out of the face,
/// origin at eye level in the ear plane, 1 unit = 25 cm); the hit's (x, y) is mapped to [0, 1]² by the box
/// [<see cref="BoxMin"/>, <see cref="BoxMax"/>] and clamped into it.
/// <para>Why a fixed plane of the head frame and not a per-clip one: the head frame is gauge-fixed to the mean face
/// (same origin, axes and size for every clip), so one plane and one box fit every model and a landmark generator
/// trained on one clip predicts coordinates that mean the same on another. Why z = 0.2 (5 cm in front of the ear
/// plane): it passes through the lips of the mean face (MeanFace68 lips at z ≈ 4–6 cm), so mouth points, which
/// carry the signal, move least when the head turns; the jaw outline lies ≈ 7 cm behind it and is seen through
/// the plane with a small, pose-dependent parallax, which is the price of a 2-D condition.</para>
/// <para>Why the default box: the mean face's jaw spans x ≈ ±0.31 units and y from ≈ 0 (jaw top, 0/16) to ≈ −0.49
/// (chin) below eye level; the box leaves ≈ 0.14 units of margin for head size, turns and an open jaw. A point that
/// falls outside (a tracking failure) is clamped to the box edge rather than encoded as zeros.</para>
/// </summary>
public sealed record LandmarkFrameConfig
{
    /// <summary>Landmarks per frame in the dataset (iBUG / dlib 68-point order).</summary>
    public const int DlibPointCount = 68;

    /// <summary>
    /// dlib indices of the conditioning landmarks, in output order: jaw 0–16 then outer and inner lips 48–67 by
    /// default (37 points). Distinct, each in [0, 68).
    /// </summary>
    public int[] Indices { get; init; } = [.. Enumerable.Range(0, 17), .. Enumerable.Range(48, 20)];

    /// <summary>Head-frame z of the face plane, world units (the plane's normal is the head frame's +z).</summary>
    public float PlaneZ { get; init; } = 0.2f;

    /// <summary>Lower corner (x, y) of the normalisation box on the plane, world units.</summary>
    public float[] BoxMin { get; init; } = [-0.45f, -0.65f];

    /// <summary>Upper corner (x, y) of the normalisation box on the plane, world units.</summary>
    public float[] BoxMax { get; init; } = [0.45f, 0.15f];

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Indices is null || Indices.Length == 0)
            problems.Add("Indices is empty; choose at least one landmark.");
        else
        {
            foreach (int i in Indices)
                if (i is < 0 or >= DlibPointCount)
                    problems.Add($"Indices holds {i}; every index must be in [0, {DlibPointCount}).");
            if (Indices.Distinct().Count() != Indices.Length)
                problems.Add("Indices holds a landmark twice.");
        }
        if (!float.IsFinite(PlaneZ))
            problems.Add($"PlaneZ is {PlaneZ}; it must be finite.");
        if (BoxMin is not { Length: 2 } || BoxMax is not { Length: 2 })
            problems.Add("BoxMin and BoxMax must each hold two numbers (x, y).");
        else
            for (int d = 0; d < 2; d++)
                if (!(float.IsFinite(BoxMin[d]) && float.IsFinite(BoxMax[d]) && BoxMax[d] > BoxMin[d]))
                    problems.Add($"Box axis {d} is [{BoxMin[d]}, {BoxMax[d]}]; it must be finite with max > min.");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, or returns this config.</summary>
    public LandmarkFrameConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0
            ? this
            : throw new ArgumentException("landmark frame config: " + string.Join(" ", problems));
    }
}
