namespace EdgeAvatar.Host.Output;

/// <summary>YUV4MPEG2 chroma layouts written by <see cref="Y4mFrameSink"/> (both BT.601 full range).</summary>
public enum Y4mChroma
{
    /// <summary>"C444": full-resolution Cb/Cr planes; lossless apart from RGB→YUV rounding.</summary>
    C444,
    /// <summary>"C420jpeg": Cb/Cr averaged over 2×2 pixels, sited between them (JPEG/MPEG-1 style). Even sizes only.</summary>
    C420Jpeg,
}
