using System.Net;
using System.Net.Sockets;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Creates listening TCP sockets on loopback addresses only, shared by the audio socket source and the TTS phone
/// side channel: neither has authentication, so the address is re-checked here, at the security boundary, not only
/// where the option was parsed.
/// </summary>
internal static class LoopbackListenSocket
{
    public static Socket Listen(IPEndPoint endPoint, int backlog, string purpose)
    {
        if (!IPAddress.IsLoopback(endPoint.Address))
            throw new EdgeAvatarException(ExitCodes.Usage, $"Refusing to listen for {purpose} on non-loopback address {endPoint.Address}.");
        var tcp = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            tcp.Bind(endPoint);
            tcp.Listen(backlog);
            return tcp;
        }
        catch (SocketException ex)
        {
            tcp.Dispose();
            throw new EdgeAvatarException(ExitCodes.IoError, $"Cannot listen for {purpose} on tcp:{endPoint}: {ex.Message}", ex);
        }
    }
}
