namespace EdgeAvatar.Host.Control;

/// <summary>Limits of <see cref="ControlServer"/>; the defaults suit a kiosk with a handful of local tools.</summary>
public sealed record ControlServerOptions
{
    /// <summary>Longest request line in bytes (excluding '\n'); a longer one gets an error and the connection is closed.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Concurrent connections; further ones get an error line and are closed.</summary>
    public int MaxClients { get; init; } = 8;

    /// <summary>Erroneous requests tolerated per connection before it is closed (a client spewing garbage).</summary>
    public int MaxErrorsPerConnection { get; init; } = 16;

    /// <summary>A connection with no complete request for this long is closed (frees the slot of a stuck client).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When all slots are taken, a connection silent for at least this long (no request in progress) is closed to
    /// make room for a new client. Not zero: a client that has just connected and not yet sent its line is not idle.
    /// </summary>
    public TimeSpan EvictIdleAfter { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (MaxLineBytes < 64) throw new ArgumentOutOfRangeException(nameof(MaxLineBytes));
        if (MaxClients < 1) throw new ArgumentOutOfRangeException(nameof(MaxClients));
        if (MaxErrorsPerConnection < 1) throw new ArgumentOutOfRangeException(nameof(MaxErrorsPerConnection));
        if (IdleTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdleTimeout));
        if (EvictIdleAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(EvictIdleAfter));
    }
}
