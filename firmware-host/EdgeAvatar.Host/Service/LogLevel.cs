namespace EdgeAvatar.Host.Service;

/// <summary>
/// Log severities. The values are the syslog priorities journald reads from a "&lt;N&gt;" line prefix (sd-daemon(3)),
/// so a lower number is more severe; notice (5), alert (1) and emerg (0) are not used.
/// </summary>
public enum LogLevel
{
    Critical = 2,
    Error = 3,
    Warning = 4,
    Info = 6,
    Debug = 7,
}
