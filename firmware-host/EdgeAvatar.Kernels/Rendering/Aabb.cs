using System.Numerics;

namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// An axis-aligned box in world units (head frame, see trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md).
/// Invariant: Min &lt; Max on every axis (checked by <see cref="Validate"/>, which every consumer calls).
/// </summary>
public readonly record struct Aabb(Vector3 Min, Vector3 Max)
{
    /// <summary>
    /// RAD-NeRF's head box [-1,-0.5,-1]..[1,0.5,1] (bound 1, y halved). Our datasets already put the head in this box
    /// (1 unit = 25 cm), so no further scaling is applied.
    /// </summary>
    public static Aabb HeadBox { get; } = new(new Vector3(-1f, -0.5f, -1f), new Vector3(1f, 0.5f, 1f));

    /// <summary>The cube [-1,1]³: RAD-NeRF's density-grid domain (bound 1, one cascade).</summary>
    public static Aabb UnitCube { get; } = new(new Vector3(-1f), new Vector3(1f));

    /// <summary>Max − Min.</summary>
    public Vector3 Size => Max - Min;

    /// <summary>Throws unless the box is finite and non-degenerate.</summary>
    public void Validate()
    {
        if (!(float.IsFinite(Min.X) && float.IsFinite(Min.Y) && float.IsFinite(Min.Z)
              && float.IsFinite(Max.X) && float.IsFinite(Max.Y) && float.IsFinite(Max.Z)))
            throw new ArgumentException($"Box {Min}..{Max} is not finite.");
        if (!(Min.X < Max.X && Min.Y < Max.Y && Min.Z < Max.Z))
            throw new ArgumentException($"Box {Min}..{Max} is empty or inverted.");
    }

    /// <summary>True when p is inside the closed box (NaN is outside).</summary>
    public bool Contains(Vector3 p)
        => p.X >= Min.X && p.X <= Max.X && p.Y >= Min.Y && p.Y <= Max.Y && p.Z >= Min.Z && p.Z <= Max.Z;

    /// <summary>True when <paramref name="inner"/> lies inside this box (closed).</summary>
    public bool Contains(Aabb inner) => Contains(inner.Min) && Contains(inner.Max);

    /// <summary>p clamped into the box (torch-ngp clamps sample positions the same way).</summary>
    public Vector3 Clamp(Vector3 p) => Vector3.Clamp(p, Min, Max);

    /// <summary>
    /// Slab-method ray/box intersection. The ray is o + t·d (d need not be unit; t is in units of |d|).
    /// On a hit, [tNear, tFar] is the part of the ray inside the box with tNear ≥ minNear (RAD-NeRF's min_near keeps
    /// samples off the camera); returns false (tNear = tFar = 0) when the ray misses, when the box is entirely
    /// behind minNear, or for a non-finite ray. A ray parallel to a slab hits only when its origin is within it.
    /// Touching an edge or corner (tNear == tFar) counts as a miss: it yields no samples anyway.
    /// </summary>
    public bool Intersect(Vector3 o, Vector3 d, float minNear, out float tNear, out float tFar)
    {
        float lo = minNear, hi = float.PositiveInfinity;
        if (!Slab(o.X, d.X, Min.X, Max.X, ref lo, ref hi)
            || !Slab(o.Y, d.Y, Min.Y, Max.Y, ref lo, ref hi)
            || !Slab(o.Z, d.Z, Min.Z, Max.Z, ref lo, ref hi)
            || !(lo < hi))
        {
            tNear = tFar = 0f;
            return false;
        }
        tNear = lo;
        tFar = hi;
        return true;
    }

    // Narrows [lo, hi] by one axis. A zero direction component would give 0·∞ = NaN in the usual formula, so it is
    // handled explicitly: inside the slab the axis does not constrain t, outside it the ray misses.
    private static bool Slab(float o, float d, float min, float max, ref float lo, ref float hi)
    {
        if (!float.IsFinite(o) || !float.IsFinite(d)) return false;
        if (d == 0f) return o >= min && o <= max;
        float inv = 1f / d;
        float t0 = (min - o) * inv, t1 = (max - o) * inv;
        if (t0 > t1) (t0, t1) = (t1, t0);
        if (t0 > lo) lo = t0;
        if (t1 < hi) hi = t1;
        return true;
    }
}
