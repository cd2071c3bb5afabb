using System.Runtime.InteropServices;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// The daemon's contract is SIGHUP = reload, whatever disposition it inherited. A process started with SIGHUP
/// ignored (under nohup, or from a shell that ran <c>trap '' HUP</c>) keeps SIG_IGN across exec, and .NET honours an
/// inherited SIG_IGN: a registered handler would never run and `model install` could not reload the daemon. So the
/// disposition is put back to the default just before the handler is registered (which then replaces it).
/// </summary>
internal static class HangupSignal
{
    public static PosixSignalRegistration Register(Action<PosixSignalContext> handler)
    {
        if (OperatingSystem.IsLinux())
            _ = Interop.Libc.Signal(Interop.Libc.SIGHUP, Interop.Libc.SIG_DFL);
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, handler);
    }
}
