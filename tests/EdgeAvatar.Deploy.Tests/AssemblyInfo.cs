using System.Runtime.Versioning;

// The appliance is Linux-only: these tests drive dpkg, systemd-analyze, POSIX signals and symlinks.
[assembly: SupportedOSPlatform("linux")]
