namespace EdgeAvatar.Model;

/// <summary>fp16 → fp32 conversion for tensors stored as <see cref="EavmDType.Float16"/>.</summary>
public static class EavmHalf
{
    /// <summary>
    /// Converts every element of <paramref name="source"/> into <paramref name="destination"/>, which must be at
    /// least as long. Exact: every binary16 value (incl. subnormals, infinities, NaN) has a binary32 equivalent.
    /// </summary>
    public static void ToSingle(ReadOnlySpan<Half> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(
                $"destination has {destination.Length} elements, source has {source.Length}", nameof(destination));
        for (int i = 0; i < source.Length; i++)
            destination[i] = (float)source[i];
    }

    /// <summary>Converts <paramref name="source"/> into a new array.</summary>
    public static float[] ToSingle(ReadOnlySpan<Half> source)
    {
        var result = new float[source.Length];
        ToSingle(source, result);
        return result;
    }
}
