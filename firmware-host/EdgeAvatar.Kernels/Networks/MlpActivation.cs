using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>Element-wise activation after a linear layer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MlpActivation>))]
public enum MlpActivation
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    ReLU,
}
