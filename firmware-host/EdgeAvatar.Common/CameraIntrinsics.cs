namespace EdgeAvatar.Common;

/// <summary>
/// The fixed camera an avatar was recorded with: image size and pinhole intrinsics in output pixels (pixel-corner
/// convention, no distortion). The one intrinsics type: the dataset's manifest (written by prepare), the baked
/// model's manifest and the renderers all use it. Datasets written before it carried the size hold only fx, fy, cx
/// and cy; their Width and Height read as 0, and readers take the size from the manifest's own width and height.
/// </summary>
public sealed record CameraIntrinsics(int Width, int Height, float Fx, float Fy, float Cx, float Cy);
