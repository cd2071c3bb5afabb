namespace EdgeAvatar.Prepare.Dataset;

/// <summary>Pinhole intrinsics in output pixels (pixel-corner coordinates, no distortion), shared by all frames.</summary>
public sealed record DatasetIntrinsics(double Fx, double Fy, double Cx, double Cy);
