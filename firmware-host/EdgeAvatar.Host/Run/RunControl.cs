using System.Collections.Concurrent;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The running daemon's side of the control socket. Requests never touch the renderer directly: each becomes an
/// action queued for the render loop, which applies it between frames (<see cref="ApplyPending"/>), so a change
/// never tears a frame. A reload loads and verifies the new model on a worker thread first; a bad file is refused
/// with its reason and the old model keeps rendering. Status reads a rolling window of the last 250 frame times.
/// </summary>
public sealed class RunControl(string modelPath, Func<AvatarModel, AvatarDriver> createDriver, Func<long> droppedFrames, Func<long> audioXruns, double latencyMs,
    CancellationTokenSource stop) : IControlHandler
{
    private readonly ConcurrentQueue<Action<AvatarDriver>> _pending = new();
    private readonly Queue<double> _frameMs = new();
    private readonly object _gate = new();
    private string _modelId = Path.GetFileName(modelPath);

    public string State { get; set; } = "starting";

    /// <summary>Set when a reload produced a new driver; the loop swaps to it at the next frame boundary.</summary>
    public AvatarDriver? ReplacementDriver { get; private set; }

    public void FrameRendered(double ms)
    {
        lock (_gate)
        {
            _frameMs.Enqueue(ms);
            if (_frameMs.Count > 250) _frameMs.Dequeue();
        }
    }

    /// <summary>Called by the render loop between frames; returns the driver to use from now on.</summary>
    public AvatarDriver ApplyPending(AvatarDriver driver)
    {
        if (ReplacementDriver is { } next)
        {
            next.Background = driver.Background;
            next.Motion.Blink = driver.Motion.Blink;
            next.Motion.FixedPose = driver.Motion.FixedPose;
            driver.Dispose();
            driver = next;
            ReplacementDriver = null;
        }
        while (_pending.TryDequeue(out var action)) action(driver);
        return driver;
    }

    public ValueTask<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        double[] ms;
        lock (_gate) ms = [.. _frameMs];
        Array.Sort(ms);
        double p50 = ms.Length == 0 ? double.NaN : ms[ms.Length / 2];
        double p99 = ms.Length == 0 ? double.NaN : ms[Math.Min(ms.Length - 1, (int)(0.99 * ms.Length))];
        return ValueTask.FromResult(new DaemonStatus
        {
            Fps = ms.Length == 0 ? double.NaN : 1000.0 * ms.Length / ms.Sum(),
            FrameMsP50 = p50, FrameMsP99 = p99, LatencyMs = latencyMs,
            DroppedFrames = droppedFrames(), AudioXruns = audioXruns(), ModelId = _modelId, State = State,
        });
    }

    public ValueTask SpeakAsync(string file, CancellationToken cancellationToken)
        => throw new EdgeAvatarException(ExitCodes.Unavailable,
            "speak is not available in this build: drive the avatar through the audio source (a file, ALSA, or the TTS socket).");

    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        stop.Cancel();
        return ValueTask.CompletedTask;
    }

    public ValueTask SetBackgroundAsync(BackgroundSetting background, CancellationToken cancellationToken)
    {
        _pending.Enqueue(d => d.Background = BackgroundImage.Resolve(background, d.Model.Camera.Width, d.Model.Camera.Height));
        return ValueTask.CompletedTask;
    }

    public ValueTask SetBlinkAsync(bool enabled, CancellationToken cancellationToken)
    {
        _pending.Enqueue(d => d.Motion.Blink = enabled);
        return ValueTask.CompletedTask;
    }

    /// <summary>SIGHUP (what `edgeavatar model install` and `systemctl reload` send): reload in the background.</summary>
    public void RequestReload(Action<string?> done)
        => _ = Task.Run(async () =>
        {
            try { await ReloadAsync(CancellationToken.None); done(null); }
            catch (Exception e) { done(e.Message); }
        });

    public async ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        // Load and verify off the render thread; only a fully valid model replaces the running one.
        var model = await Task.Run(() => AvatarModelFile.Load(modelPath), cancellationToken);
        ReplacementDriver = createDriver(model);
        _modelId = $"{Path.GetFileName(modelPath)} (reloaded {DateTime.UtcNow:HH:mm:ss}Z)";
    }
}
