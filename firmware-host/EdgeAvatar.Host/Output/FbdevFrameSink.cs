using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Draws frames straight into a Linux framebuffer (/dev/fbN), centred and letterboxed in the fb's own pixel format
/// (<see cref="FramebufferBlitter"/>). No vsync: fbdev has no portable flip, so tearing is possible — prefer drm:
/// where KMS exists. Live sink: presentation times are ignored (pace with <see cref="PacedFrameSink"/>). The device
/// opens on construction (so errors show before rendering starts); the screen is blanked once, on the first frame.
/// </summary>
internal sealed class FbdevFrameSink : IFrameSink
{
    private readonly IFramebufferDevice _device;
    private readonly FrameSinkCounters _counters = new();
    private FramebufferBlitter? _blitter;

    public FbdevFrameSink(IFramebufferDevice device) => _device = device;

    public string Description
        => $"fbdev {_device.Path} {_device.Layout.Width}x{_device.Layout.Height} {_device.Layout.BitsPerPixel} bpp";

    public FrameSinkStats Stats => _counters.Snapshot();

    public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (width <= 0 || height <= 0 || rgb24.Length != width * height * 3)
            throw new ArgumentException($"Frame must be width × height × 3 bytes of rgb24 ({width}x{height}), got {rgb24.Length} bytes.");
        if (_blitter is null || _blitter.FrameWidth != width || _blitter.FrameHeight != height)
        {
            _blitter = new FramebufferBlitter(_device.Layout, width, height);
            _blitter.Clear(_device.Memory);
        }
        _blitter.Draw(rgb24.Span, _device.Memory);
        _counters.Written();
        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _device.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens the real device; <see cref="EdgeAvatarException"/> with a clear reason when it cannot.</summary>
    public static FbdevFrameSink Open(string path) => new(new LinuxFramebufferDevice(path));
}
