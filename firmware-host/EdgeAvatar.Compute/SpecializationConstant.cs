namespace EdgeAvatar.Compute;

/// <summary>
/// One specialization constant (GLSL `layout(constant_id = Id) const ...`), stored as its 4-byte payload.
/// Build with <see cref="UInt"/>, <see cref="Int"/>, <see cref="Float"/> or <see cref="Bool"/>; the shader's declared
/// type decides how the bits are read, so the factory must match it.
/// </summary>
public readonly record struct SpecializationConstant(uint Id, uint Bits)
{
    public static SpecializationConstant UInt(uint id, uint value) => new(id, value);
    public static SpecializationConstant Int(uint id, int value) => new(id, unchecked((uint)value));
    public static SpecializationConstant Float(uint id, float value) => new(id, BitConverter.SingleToUInt32Bits(value));
    /// <summary>A GLSL `bool` constant (VkBool32: 0 or 1).</summary>
    public static SpecializationConstant Bool(uint id, bool value) => new(id, value ? 1u : 0u);
}
