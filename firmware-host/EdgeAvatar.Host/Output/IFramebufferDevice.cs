namespace EdgeAvatar.Host.Output;

/// <summary>
/// An opened, memory-mapped framebuffer: its layout and its pixels. Injectable so tests can run the fbdev sink
/// against a regular file with a fabricated screeninfo. <see cref="Memory"/> is valid until Dispose.
/// </summary>
internal interface IFramebufferDevice : IDisposable
{
    string Path { get; }
    FramebufferLayout Layout { get; }
    Span<byte> Memory { get; }
}
