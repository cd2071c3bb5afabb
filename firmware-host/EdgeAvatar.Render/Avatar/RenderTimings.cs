namespace EdgeAvatar.Render.Avatar;

/// <summary>Per-stage milliseconds of one rendered frame (torso includes clearing to the background).</summary>
public readonly record struct RenderTimings(double TorsoMs, double HeadMs, double CompositeMs)
{
    public double TotalMs => TorsoMs + HeadMs + CompositeMs;
}
