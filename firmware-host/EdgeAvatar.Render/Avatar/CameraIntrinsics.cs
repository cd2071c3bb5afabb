namespace EdgeAvatar.Render.Avatar;

/// <summary>The fixed camera the avatar was recorded with, in output pixels (pixel-corner convention).</summary>
public sealed record CameraIntrinsics(int Width, int Height, float Fx, float Fy, float Cx, float Cy);
