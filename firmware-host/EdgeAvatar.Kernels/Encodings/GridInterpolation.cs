using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Encodings;

/// <summary>Interpolation between the 2^D vertices around a point. Only multilinear exists today.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GridInterpolation>))]
public enum GridInterpolation
{
    /// <summary>Bilinear in 2-D, trilinear in 3-D.</summary>
    Linear,
}
