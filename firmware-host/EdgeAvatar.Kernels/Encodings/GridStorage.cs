using System.Text.Json.Serialization;

namespace EdgeAvatar.Kernels.Encodings;

/// <summary>How a grid level maps its vertices to table entries once the dense grid no longer fits the table.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GridStorage>))]
public enum GridStorage
{
    /// <summary>
    /// RAD-NeRF's "tiled" grid: the dense row-major vertex index, wrapped modulo the level's table size. Neighbouring
    /// vertices stay neighbours in memory, which is what makes it fast on GPUs without big caches.
    /// </summary>
    Tiled,

    /// <summary>instant-ngp's hash grid: dense index while it fits, otherwise the XOR of coordinate × prime.</summary>
    Hashed,
}
