using EdgeAvatar.Host.Alsa;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// What <see cref="AudioPlayer"/> needs of a sound card: alsa-lib's blocking interleaved write, its delay query and
/// its recovery, with alsa-lib's return conventions (a count, or −errno). <see cref="AlsaPcmDevice"/> is the product's;
/// tests use a simulated card that consumes samples in real time. Owned by the player's thread only.
/// </summary>
internal interface IPcmPlaybackDevice : IDisposable
{
    AlsaPcmFormat Format { get; }

    /// <summary>Blocks until some of <paramref name="samples"/> fit in the ring; returns frames taken or −errno.</summary>
    long Write(ReadOnlySpan<short> samples);

    /// <summary>Frames written but not yet heard, or −errno (e.g. −EPIPE after an underrun).</summary>
    long Delay();

    /// <summary>Restarts the stream after −EPIPE/−ESTRPIPE/−EINTR; 0, or the error it could not handle.</summary>
    int Recover(int err);

    /// <summary>Blocks until everything written was played; 0 or −errno.</summary>
    int Drain();
}
