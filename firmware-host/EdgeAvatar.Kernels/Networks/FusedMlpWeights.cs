namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// Converts the flat weight array (layers back to back, row-major [out][in]) into the device layout read by
/// shaders/network/mlp_forward.comp: per layer a row-major grid of 4x4 blocks [ceil(out/4)][ceil(in/4)], each block
/// column-major (element (r, c) = W[4·ob + r][4·ib + c] at position c·4 + r), zero padded past the true widths,
/// layers back to back. Fp32 stores float bits (16 words per block); Fp16 stores two halves per word, element 2k
/// in the low 16 bits of word k (8 words per block). The result is always <see cref="MlpConfig.MaxPackedWeightBytes"/>
/// long because the shader declares a 64 KiB uniform block and the bound range must cover it.
/// </summary>
public static class FusedMlpWeights
{
    /// <summary>Words in the packed buffer (64 KiB).</summary>
    public const int PackedWords = MlpConfig.MaxPackedWeightBytes / sizeof(uint);

    public static uint[] Pack(MlpConfig config, ReadOnlySpan<float> weights)
    {
        config.EnsureValid();
        if (weights.Length != config.ParameterCount)
            throw new ArgumentException($"weights has {weights.Length} floats; the network has {config.ParameterCount}.", nameof(weights));

        bool half = config.WeightPrecision == MlpWeightPrecision.Fp16;
        var words = new uint[PackedWords];
        Span<float> block = stackalloc float[16];
        int blockIndex = 0;
        for (int layer = 0; layer < config.LayerCount; layer++)
        {
            int inW = config.LayerInputWidth(layer), outW = config.LayerOutputWidth(layer);
            ReadOnlySpan<float> w = weights.Slice(config.LayerWeightOffset(layer), inW * outW);
            int out4 = (outW + 3) / 4, in4 = (inW + 3) / 4;
            for (int ob = 0; ob < out4; ob++)
            {
                for (int ib = 0; ib < in4; ib++, blockIndex++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        for (int r = 0; r < 4; r++)
                        {
                            int o = 4 * ob + r, i = 4 * ib + c;
                            block[c * 4 + r] = o < outW && i < inW ? w[o * inW + i] : 0f;
                        }
                    }
                    if (half)
                    {
                        for (int k = 0; k < 8; k++)
                        {
                            uint lo = BitConverter.HalfToUInt16Bits((Half)block[2 * k]);
                            uint hi = BitConverter.HalfToUInt16Bits((Half)block[2 * k + 1]);
                            words[blockIndex * 8 + k] = lo | (hi << 16);
                        }
                    }
                    else
                    {
                        for (int k = 0; k < 16; k++)
                            words[blockIndex * 16 + k] = BitConverter.SingleToUInt32Bits(block[k]);
                    }
                }
            }
        }
        return words;
    }
}
