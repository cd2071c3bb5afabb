using System.Numerics;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Kernels.Tests.Rendering;

public class SphericalHarmonicsTests
{
    [Fact]
    public void Constants_equal_their_closed_forms()
    {
        double sp = Math.Sqrt(Math.PI);
        Assert.Equal(SphericalHarmonics.C0, 1 / (2 * sp), 7);
        Assert.Equal(SphericalHarmonics.C1, Math.Sqrt(3) / (2 * sp), 7);
        Assert.Equal(SphericalHarmonics.C4, Math.Sqrt(15) / (2 * sp), 6);
        Assert.Equal(SphericalHarmonics.C6a, 3 * Math.Sqrt(5) / (4 * sp), 6);
        Assert.Equal(SphericalHarmonics.C6b, Math.Sqrt(5) / (4 * sp), 7);
        Assert.Equal(SphericalHarmonics.C8, Math.Sqrt(15) / (4 * sp), 7);
        Assert.Equal(SphericalHarmonics.C9, Math.Sqrt(70) / (8 * sp), 7);
        Assert.Equal(SphericalHarmonics.C10, Math.Sqrt(105) / (2 * sp), 6);
        Assert.Equal(SphericalHarmonics.C11, Math.Sqrt(42) / (8 * sp), 7);
        Assert.Equal(SphericalHarmonics.C12, Math.Sqrt(7) / (4 * sp), 7);
        Assert.Equal(SphericalHarmonics.C14, Math.Sqrt(105) / (4 * sp), 6);
    }

    [Fact]
    public void Basis_is_orthonormal_over_the_sphere()
    {
        // Fibonacci-sphere quadrature: ∫ Y_i Y_j dΩ ≈ 4π/N Σ Y_i Y_j → δ_ij (error ~1e-3 at N = 20000).
        const int n = 20000;
        var dirs = new float[3 * n];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        for (int k = 0; k < n; k++)
        {
            double z = 1 - (2 * k + 1.0) / n, r = Math.Sqrt(1 - z * z), phi = golden * k;
            dirs[3 * k] = (float)(r * Math.Cos(phi)); dirs[3 * k + 1] = (float)(r * Math.Sin(phi)); dirs[3 * k + 2] = (float)z;
        }
        var sh = new float[16 * n];
        SphericalHarmonics.Encode(dirs, sh);
        for (int i = 0; i < 16; i++)
        for (int j = 0; j <= i; j++)
        {
            double s = 0;
            for (int k = 0; k < n; k++) s += (double)sh[16 * k + i] * sh[16 * k + j];
            Assert.Equal(i == j ? 1.0 : 0.0, s * 4 * Math.PI / n, 2);
        }
    }

    [Fact]
    public void Order_and_signs_follow_tiny_cuda_nn()
    {
        var o = new float[16];
        Vector3 d = Vector3.Normalize(new Vector3(0.3f, -0.5f, 0.8f));
        SphericalHarmonics.EncodeOne(d.X, d.Y, d.Z, o);
        Assert.Equal(-SphericalHarmonics.C1 * d.Y, o[1], 6); // band 1 is (−y, z, −x)
        Assert.Equal(SphericalHarmonics.C1 * d.Z, o[2], 6);
        Assert.Equal(-SphericalHarmonics.C1 * d.X, o[3], 6);
        Assert.Equal(-SphericalHarmonics.C4 * d.Y * d.Z, o[5], 6);
        Assert.Equal(SphericalHarmonics.C10 * d.X * d.Y * d.Z, o[10], 6);
    }

    [Fact]
    public void Per_sample_encoding_gathers_the_owning_ray()
    {
        float[] rays = [0f, 0f, -1f, 1f, 0f, 0f];
        var per = new float[32];
        SphericalHarmonics.Encode(rays, per);
        var samples = new float[48];
        SphericalHarmonics.EncodeSamples(rays, [1, 0, 1], samples);
        Assert.Equal(per[16..32], samples[0..16]);
        Assert.Equal(per[0..16], samples[16..32]);
        Assert.Equal(per[16..32], samples[32..48]);
    }
}
