namespace EdgeAvatar.Model;

/// <summary>
/// Element type of a stored tensor. The numeric values are written to the file (one byte in each tensor table
/// entry): never renumber one; add new values instead (a reader rejects values it does not know).
/// All multi-byte types are stored little-endian.
/// </summary>
public enum EavmDType : byte
{
    /// <summary>IEEE 754 binary32 (<see cref="float"/>), 4 bytes.</summary>
    Float32 = 1,
    /// <summary>IEEE 754 binary16 (<see cref="Half"/>), 2 bytes.</summary>
    Float16 = 2,
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>), 1 byte.</summary>
    UInt8 = 3,
    /// <summary>Signed 32-bit integer (<see cref="int"/>), 4 bytes.</summary>
    Int32 = 4,
}
