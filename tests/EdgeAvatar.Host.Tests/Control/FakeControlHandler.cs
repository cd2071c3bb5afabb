using System.Collections.Concurrent;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Control;

namespace EdgeAvatar.Host.Tests.Control;

/// <summary>
/// Records every call as text; "speak" of a file named /fail.* throws a user error, /crash.* a bug, /block.* waits
/// for <see cref="Gate"/> (a request in progress).
/// </summary>
internal sealed class FakeControlHandler : IControlHandler
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public DaemonStatus Status { get; set; } = new()
    {
        Fps = 25, FrameMsP50 = 11.5, FrameMsP99 = 19.25, LatencyMs = 310, DroppedFrames = 3, AudioXruns = 1,
        ModelId = "sha256:abc", State = "idle",
    };

    public ValueTask<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("status");
        return ValueTask.FromResult(Status);
    }

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask SpeakAsync(string file, CancellationToken cancellationToken)
    {
        Calls.Enqueue("speak " + file);
        if (file.StartsWith("/block", StringComparison.Ordinal)) await Gate.Task.WaitAsync(cancellationToken);
        if (file.StartsWith("/fail", StringComparison.Ordinal)) throw new EdgeAvatarException(ExitCodes.NoInput, $"no such file: {file}");
        if (file.StartsWith("/crash", StringComparison.Ordinal)) throw new InvalidOperationException("handler bug");
    }

    public ValueTask StopAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("stop");
        return ValueTask.CompletedTask;
    }

    public ValueTask SetBackgroundAsync(BackgroundSetting background, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"background {background.Kind} {background.Rgb:X6} {background.ImagePath}");
        return ValueTask.CompletedTask;
    }

    public ValueTask SetBlinkAsync(bool enabled, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"blink {enabled}");
        return ValueTask.CompletedTask;
    }

    public ValueTask ReloadAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("reload");
        return ValueTask.CompletedTask;
    }
}
