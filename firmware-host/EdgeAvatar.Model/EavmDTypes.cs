namespace EdgeAvatar.Model;

/// <summary>Sizes, names and CLR element types of <see cref="EavmDType"/> values.</summary>
public static class EavmDTypes
{
    /// <summary>True for the values this reader understands.</summary>
    public static bool IsDefined(EavmDType dtype)
        => dtype is EavmDType.Float32 or EavmDType.Float16 or EavmDType.UInt8 or EavmDType.Int32;

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(EavmDType dtype) => dtype switch
    {
        EavmDType.Float32 => 4,
        EavmDType.Float16 => 2,
        EavmDType.UInt8 => 1,
        EavmDType.Int32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown EAVM dtype"),
    };

    /// <summary>The short name used in manifests, tools and messages: fp32, fp16, u8, i32.</summary>
    public static string Name(EavmDType dtype) => dtype switch
    {
        EavmDType.Float32 => "fp32",
        EavmDType.Float16 => "fp16",
        EavmDType.UInt8 => "u8",
        EavmDType.Int32 => "i32",
        _ => $"unknown({(byte)dtype})",
    };

    /// <summary>
    /// The dtype whose elements are stored as <typeparamref name="T"/>; throws <see cref="NotSupportedException"/>
    /// for any other CLR type (a programming error, not a data error).
    /// </summary>
    public static EavmDType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return EavmDType.Float32;
        if (typeof(T) == typeof(Half)) return EavmDType.Float16;
        if (typeof(T) == typeof(byte)) return EavmDType.UInt8;
        if (typeof(T) == typeof(int)) return EavmDType.Int32;
        throw new NotSupportedException(
            $"{typeof(T).Name} is not an EAVM element type (use float, Half, byte or int).");
    }
}
