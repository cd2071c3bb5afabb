namespace EdgeAvatar.Host.Control;

/// <summary>The control protocol's commands (the "cmd" field).</summary>
internal enum ControlCommand
{
    Status,
    Speak,
    Stop,
    Set,
    Reload,
    Say,
}
