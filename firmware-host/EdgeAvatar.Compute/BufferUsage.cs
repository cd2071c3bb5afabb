namespace EdgeAvatar.Compute;

/// <summary>How shaders access a buffer. Every buffer can also be copied to, from and filled.</summary>
public enum BufferUsage
{
    /// <summary>A storage buffer (GLSL `buffer`), read and written by kernels.</summary>
    Storage,
    /// <summary>A uniform buffer (GLSL `uniform`), read-only, at most <see cref="DeviceInfo.MaxUniformBufferRange"/> bytes bound.</summary>
    Uniform,
}
