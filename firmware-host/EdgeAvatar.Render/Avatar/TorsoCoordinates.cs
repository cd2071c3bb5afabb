namespace EdgeAvatar.Render.Avatar;

/// <summary>Pixel ↔ torso-field coordinates: pixel centres mapped to [-1, 1] (x right, y down).</summary>
public static class TorsoCoordinates
{
    public static float ToUnit(int pixel, int size) => 2f * (pixel + 0.5f) / size - 1f;
}
