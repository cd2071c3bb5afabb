using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Kernels.Tests;

public class FusedMlpWeightsTests
{
    // One layer 5 → 6: blocks [2][2]; W[o][i] = 10·o + i + 1.
    private static readonly MlpConfig s_layer = new() { InputWidth = 5, HiddenLayers = 0, OutputWidth = 6 };

    private static float[] Weights()
    {
        var w = new float[30];
        for (int o = 0; o < 6; o++)
            for (int i = 0; i < 5; i++)
                w[o * 5 + i] = 10 * o + i + 1;
        return w;
    }

    [Fact]
    public void Fp32_blocks_are_column_major_and_zero_padded()
    {
        uint[] words = FusedMlpWeights.Pack(s_layer, Weights());
        Assert.Equal(16384, words.Length);
        float At(int block, int r, int c) => BitConverter.UInt32BitsToSingle(words[block * 16 + c * 4 + r]);
        Assert.Equal(10 * 2 + 3 + 1, At(0, 2, 3));   // block (0, 0): W[2][3]
        Assert.Equal(10 * 5 + 4 + 1, At(3, 1, 0));   // block (1, 1): W[5][4]
        Assert.Equal(0f, At(3, 1, 1));               // input column 5 is padding
        Assert.Equal(0f, At(3, 2, 0));               // output row 6 is padding
        Assert.Equal(0u, words[4 * 16]);             // nothing after the last block
    }

    [Fact]
    public void Fp16_blocks_hold_two_halves_per_word_low_half_first()
    {
        uint[] words = FusedMlpWeights.Pack(s_layer with { WeightPrecision = MlpWeightPrecision.Fp16 }, Weights());
        // Block 0, elements 0 and 1 = (r 0, c 0) and (r 1, c 0) = W[0][0] = 1 and W[1][0] = 11.
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)1f), (ushort)(words[0] & 0xFFFF));
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)11f), (ushort)(words[0] >> 16));
        // Block 1 starts at word 8: element 0 = W[0][4] = 5.
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)5f), (ushort)(words[8] & 0xFFFF));
    }
}
