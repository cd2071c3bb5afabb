using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Kernels.Tests;

public class GridEncodingLayoutTests
{
    [Fact]
    public void RAD_NeRF_head_levels_have_torch_ngp_sizes_and_offsets()
    {
        var layout = new GridEncodingLayout(GridEncodingConfig.RadNerfHead);
        // Level 0: s = 15, V = 17, 17^3 = 4913 → 4920 (multiple of 8).
        Assert.Equal(new GridLevel(0, 4920, 15f, 17, 17, 289, false), layout.Levels[0]);
        // Level 1: s = 16·2^(7/15) − 1 ≈ 21.11 → V = 24 → 13824; level 2: s ≈ 29.55 → V = 32 → 32768.
        Assert.Equal(24u, layout.Levels[1].VerticesPerAxis);
        Assert.Equal(13824u, layout.Levels[1].Size);
        Assert.Equal(4920u, layout.Levels[1].Offset);
        Assert.Equal(32768u, layout.Levels[2].Size);
        Assert.Equal(4920u + 13824u, layout.Levels[2].Offset);
        // From level 3 on (V = 44, 44^3 > 2^16) every level is capped at the table size and wraps.
        for (int l = 3; l < 16; l++)
            Assert.Equal(65536u, layout.Levels[l].Size);
        Assert.Equal(2047f, layout.Levels[15].Scale, 2);
        Assert.Equal(4920L + 13824 + 32768 + 13L * 65536, layout.TotalEntries);
        Assert.Equal(layout.TotalEntries * 2, layout.TableFloats);
        Assert.All(layout.Levels, lv => Assert.False(lv.UseHash));
    }

    [Fact]
    public void Tiled_3d_level_whose_plane_overflows_the_table_drops_the_z_axis_like_torch_ngp()
    {
        // s = 7, V = 9: stride after x is 9 ≤ 64, after y 81 > 64, so z never enters the index.
        var config = new GridEncodingConfig { Dimensions = 3, Levels = 1, BaseResolution = 8, FinestResolution = 8, Log2TableSize = 6 };
        GridLevel level = new GridEncodingLayout(config).Levels[0];
        Assert.Equal(64u, level.Size);
        Assert.Equal(9u, level.Stride1);
        Assert.Equal(0u, level.Stride2);
        Assert.Equal((3u + 9u * 5u) % 64u, CpuGridEncoding.EntryIndex(3, 5, 7, level));
        Assert.Equal(CpuGridEncoding.EntryIndex(3, 5, 0, level), CpuGridEncoding.EntryIndex(3, 5, 7, level));
    }

    [Fact]
    public void Tiled_2d_level_wraps_the_dense_index_modulo_the_table()
    {
        var config = new GridEncodingConfig { Dimensions = 2, Levels = 1, BaseResolution = 8, FinestResolution = 8, Log2TableSize = 4 };
        GridLevel level = new GridEncodingLayout(config).Levels[0];
        Assert.False(level.UseHash);
        Assert.Equal(0u, CpuGridEncoding.EntryIndex(3, 5, 0, level)); // 3 + 9·5 = 48 = 3·16
        Assert.Equal(1u, CpuGridEncoding.EntryIndex(4, 5, 0, level));
    }

    [Fact]
    public void Hashed_level_that_overflows_uses_the_xor_of_coordinate_times_prime()
    {
        var config = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 1, BaseResolution = 8, FinestResolution = 8,
            Log2TableSize = 4,
        };
        GridLevel level = new GridEncodingLayout(config).Levels[0];
        Assert.True(level.UseHash);
        // 5 · 2654435761 mod 2^32 = 387276917 ≡ 5 (mod 16); 3 XOR 5 = 6.
        Assert.Equal(6u, CpuGridEncoding.EntryIndex(3, 5, 0, level));
    }

    [Fact]
    public void Hashed_level_that_fits_stays_dense()
    {
        var config = new GridEncodingConfig
        {
            Storage = GridStorage.Hashed, Dimensions = 2, Levels = 1, BaseResolution = 8, FinestResolution = 8,
            Log2TableSize = 7,
        };
        GridLevel level = new GridEncodingLayout(config).Levels[0];
        Assert.False(level.UseHash);
        Assert.Equal(88u, level.Size); // 81 rounded up to 8
        Assert.Equal(3u + 9u * 5u, CpuGridEncoding.EntryIndex(3, 5, 0, level));
    }

    [Fact]
    public void Uniform_words_put_offsets_and_scale_bits_where_the_shader_reads_them()
    {
        var layout = new GridEncodingLayout(GridEncodingConfig.RadNerfHead);
        uint[] words = layout.ToUniformWords();
        Assert.Equal(256, words.Length);
        Assert.Equal(4920u, words[4]);       // a[1].x = offset of level 1
        Assert.Equal(13824u, words[5]);      // a[1].y = size of level 1
        Assert.Equal(BitConverter.SingleToUInt32Bits(15f), words[32 * 4]); // b[0].x = scale of level 0
        Assert.Equal(0u, words[16 * 4]);     // level 16 unused
    }
}
