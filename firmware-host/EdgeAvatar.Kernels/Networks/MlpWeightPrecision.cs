using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// Storage precision of the MLP weights on the device. Arithmetic is always fp32; fp16 halves the uniform-buffer
/// footprint (so wider nets fit in 64 KiB) at the cost of rounding every weight to the nearest <see cref="Half"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MlpWeightPrecision>))]
public enum MlpWeightPrecision
{
    Fp32,
    Fp16,
}
