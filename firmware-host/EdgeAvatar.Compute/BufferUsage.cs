namespace EdgeAvatar.Compute;

/// <summary>How shaders access a buffer. Every buffer can also be copied to, from and filled.</summary>
public enum BufferUsage
{
    /// <summary>A storage buffer (GLSL `buffer`), read and written by kernels.</summary>
    Storage,
    /// <summary>A uniform buffer (GLSL `uniform`), read-only, at most <see cref="DeviceInfo.MaxUniformBufferRange"/> bytes bound.</summary>
    Uniform,
    /// <summary>
    /// Host-visible memory, mapped for the buffer's life, that kernels cannot bind: the host fills or reads it in place
    /// and a command list copies it to or from device buffers, so a frame's transfers ride in its one submission.
    /// </summary>
    Staging,
}
