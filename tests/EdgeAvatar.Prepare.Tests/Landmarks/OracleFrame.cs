using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>One reference frame; <see cref="Points"/> is x0,y0,x1,y1,... as dlib rounded them.</summary>
public sealed record OracleFrame(string Clip, int Index, FaceBox Box, int[] Points);
