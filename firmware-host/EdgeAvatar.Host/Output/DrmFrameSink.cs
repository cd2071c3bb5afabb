using System.Runtime.InteropServices;
using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Drm;
using Libc = EdgeAvatar.Host.Interop.Libc;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Full-screen output through DRM/KMS (no X server): two dumb XRGB8888 buffers at the chosen mode; each frame is
/// letterboxed into the back buffer and shown with drmModePageFlip (vsync'd, tear-free), waiting for the previous
/// flip's completion event first. If the driver refuses page flips the sink falls back to drmModeSetCrtc per frame
/// (counted once in Stats.Errors). Dispose waits for a pending flip, restores the CRTC state found at start (so the
/// console comes back), then frees buffers and closes the card. Live sink: presentation times are ignored.
/// Needs the DRM master (no other compositor running) and access to the card (group 'video').
/// </summary>
internal sealed unsafe class DrmFrameSink : IFrameSink
{
    private readonly Loader _drm;
    private readonly int _fd;
    private readonly DrmOutputSelection _output;
    private readonly DrmModeCrtc? _saved;
    private readonly DrmDumbBuffer[] _buffers = new DrmDumbBuffer[2];
    private readonly bool[] _cleared = new bool[2];
    private readonly FrameSinkCounters _counters = new();
    private FramebufferBlitter? _blitter;
    private int _front;            // index of the buffer on screen
    private bool _flipPending;
    private bool _flipUnsupported;
    private bool _disposed;

    private DrmFrameSink(Loader drm, int fd, DrmOutputSelection output, DrmModeCrtc? saved)
    {
        _drm = drm;
        _fd = fd;
        _output = output;
        _saved = saved;
    }

    public string Description => $"drm {_output.ConnectorName} {DrmOutputSelection.ModeName(_output.Mode)} (crtc {_output.CrtcId})";
    public FrameSinkStats Stats => _counters.Snapshot();

    /// <summary>Opens the card, takes the display and shows a black screen.</summary>
    public static DrmFrameSink Open(FrameSinkSpec spec)
    {
        Loader drm = Loader.Get();
        if (!File.Exists(spec.Path))
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"DRM device '{spec.Path}' does not exist: no display driver is loaded or the card is numbered differently " +
                "(see ls /dev/dri; use drm:card1). Without KMS try fbdev:/dev/fb0.");
        int fd = Libc.Open(spec.Path, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"Cannot open '{spec.Path}': {Libc.Describe(Marshal.GetLastPInvokeError())} (is the service user in group 'video'?).");
        DrmFrameSink? sink = null;
        try
        {
            DrmOutputSelection output = DrmOutputSelection.Choose(drm, fd, spec.Path, spec.Connector, spec.Mode);
            DrmModeCrtc* current = drm.GetCrtc(fd, output.CrtcId);
            DrmModeCrtc? saved = current == null ? null : *current;
            if (current != null) drm.FreeCrtc(current);
            sink = new DrmFrameSink(drm, fd, output, saved);
            sink.TakeDisplay();
            return sink;
        }
        catch
        {
            if (sink is not null) sink.Release();
            else Libc.Close(fd);
            throw;
        }
    }

    private void TakeDisplay()
    {
        int w = _output.Mode.HDisplay, h = _output.Mode.VDisplay;
        for (int i = 0; i < 2; i++)
        {
            _buffers[i] = new DrmDumbBuffer(_drm, _fd, w, h);
            _buffers[i].Memory.Clear(); // black, alpha ignored by XRGB
        }
        SetCrtc(_buffers[0].FramebufferId, "drmModeSetCrtc (taking the display; is another compositor the DRM master?)");
        _front = 0;
    }

    public ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ct.ThrowIfCancellationRequested();
        if (width <= 0 || height <= 0 || rgb24.Length != width * height * 3)
            throw new ArgumentException($"Frame must be width × height × 3 bytes of rgb24 ({width}x{height}), got {rgb24.Length} bytes.");
        if (_blitter is null || _blitter.FrameWidth != width || _blitter.FrameHeight != height)
        {
            _blitter = new FramebufferBlitter(_buffers[0].Layout, width, height);
            _cleared[0] = _cleared[1] = false;
        }
        WaitForFlip(); // the back buffer may still be scanned out until the previous flip completed
        int back = _flipUnsupported ? _front : 1 - _front;
        DrmDumbBuffer buffer = _buffers[back];
        if (!_cleared[back])
        {
            _blitter.Clear(buffer.Memory);
            _cleared[back] = true;
        }
        _blitter.Draw(rgb24.Span, buffer.Memory);
        if (!_flipUnsupported)
        {
            if (_drm.PageFlip(_fd, _output.CrtcId, buffer.FramebufferId, DRM_MODE_PAGE_FLIP_EVENT, null) == 0)
            {
                _flipPending = true;
                _front = back;
                _counters.Written();
                return ValueTask.CompletedTask;
            }
            _flipUnsupported = true; // e.g. EINVAL on drivers without flip support: SetCrtc from now on
            _counters.Error();
        }
        SetCrtc(buffer.FramebufferId, "drmModeSetCrtc (per-frame fallback)");
        _front = back;
        _counters.Written();
        return ValueTask.CompletedTask;
    }

    public Task CompleteAsync(CancellationToken ct)
    {
        WaitForFlip();
        return Task.CompletedTask;
    }

    /// <summary>Blocks until the pending flip's completion event (≤ one refresh) is read from the card.</summary>
    private void WaitForFlip()
    {
        if (!_flipPending) return;
        byte* buffer = stackalloc byte[1024];
        while (true)
        {
            nint n = Libc.Read(_fd, buffer, 1024);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                _counters.Error();
                break; // cannot confirm: carry on rather than hang the output
            }
            bool flipped = false;
            for (nint o = 0; o + sizeof(DrmEvent) <= n;)
            {
                var e = (DrmEvent*)(buffer + o);
                if (e->Type == DRM_EVENT_FLIP_COMPLETE) flipped = true;
                if (e->Length == 0) break;
                o += (nint)e->Length;
            }
            if (flipped) break;
        }
        _flipPending = false;
    }

    private void SetCrtc(uint framebufferId, string what)
    {
        uint connector = _output.ConnectorId;
        DrmModeModeInfo mode = _output.Mode;
        if (_drm.SetCrtc(_fd, _output.CrtcId, framebufferId, 0, 0, &connector, 1, &mode) != 0)
            throw new EdgeAvatarException(ExitCodes.IoError, $"DRM: {what} failed: {Libc.Describe(Marshal.GetLastPInvokeError())}.");
    }

    /// <summary>Restores the saved CRTC (console), frees the buffers, closes the card. Never throws.</summary>
    private void Release()
    {
        if (_disposed) return;
        _disposed = true;
        try { WaitForFlip(); } catch (EdgeAvatarException) { }
        if (_saved is DrmModeCrtc s && s.ModeValid != 0)
        {
            uint connector = _output.ConnectorId;
            DrmModeModeInfo mode = s.Mode;
            _drm.SetCrtc(_fd, s.CrtcId, s.BufferId, s.X, s.Y, &connector, 1, &mode);
        }
        foreach (DrmDumbBuffer? b in _buffers) b?.Dispose();
        Libc.Close(_fd);
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }
}
