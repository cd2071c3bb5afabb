using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeAvatar.Render.Networks;

/// <summary>The one SIMD primitive the CPU networks need: y += a·x over a short row, Vector&lt;float&gt; wide.</summary>
public static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vy = Vector.LoadUnsafe(ref yr, (nuint)i);
                var vx = Vector.LoadUnsafe(ref xr, (nuint)i);
                (vy + va * vx).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++) y[i] += a * x[i];
    }
}
