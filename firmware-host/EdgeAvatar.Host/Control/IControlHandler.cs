namespace EdgeAvatar.Host.Control;

/// <summary>
/// What the control socket can ask the daemon to do; implemented by the daemon, called by <see cref="ControlServer"/>.
/// <para>
/// Calls are serialised by the server (never two at once), so an implementation needs no locking against itself,
/// but must return promptly: queue long work (speaking a file, reloading a model) and return, since other clients'
/// commands wait behind it. Throw <see cref="Common.EdgeAvatarException"/> to refuse a request: its message becomes
/// the reply's "error". Any other exception is reported as an internal error and the server keeps running.
/// </para>
/// Arguments are already validated syntactically (absolute paths, colour syntax); existence is the handler's check.
/// </summary>
public interface IControlHandler
{
    /// <summary><c>{"cmd":"status"}</c>.</summary>
    ValueTask<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary><c>{"cmd":"speak","file":"/abs/path.wav"}</c>: play this file's speech through the avatar.</summary>
    ValueTask SpeakAsync(string file, CancellationToken cancellationToken);

    /// <summary>
    /// <c>{"cmd":"say","text":"…","lang":"en"}</c>: synthesise the text and queue it like <c>speak</c>. A handler without
    /// speech synthesis refuses it.
    /// </summary>
    ValueTask SayAsync(string text, string? language, CancellationToken cancellationToken)
        => throw new Common.EdgeAvatarException(Common.ExitCodes.Unavailable, "this daemon cannot say text.");

    /// <summary><c>{"cmd":"stop"}</c>: stop speaking (back to idle).</summary>
    ValueTask StopAsync(CancellationToken cancellationToken);

    /// <summary><c>{"cmd":"set","background":…}</c>.</summary>
    ValueTask SetBackgroundAsync(BackgroundSetting background, CancellationToken cancellationToken);

    /// <summary><c>{"cmd":"set","blink":true|false}</c>: idle eye blinks on or off.</summary>
    ValueTask SetBlinkAsync(bool enabled, CancellationToken cancellationToken);

    /// <summary><c>{"cmd":"reload"}</c>: reload the current model (after `edgeavatar model switch`).</summary>
    ValueTask ReloadAsync(CancellationToken cancellationToken);
}
