namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// A "scheme:argument" source or sink spec from the config (audio = alsa:default, output = fbdev:/dev/fb0).
/// <see cref="Argument"/> is null when the spec is only a scheme ("drm", "none"). Validation of which schemes and
/// arguments are allowed is done by the parser; this is the parsed value handed to Input/Output.
/// </summary>
public sealed record EndpointSpec(string Scheme, string? Argument)
{
    public static EndpointSpec Parse(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new EndpointSpec(spec, null) : new EndpointSpec(spec[..colon], spec[(colon + 1)..]);
    }

    public override string ToString() => Argument is null ? Scheme : $"{Scheme}:{Argument}";
}
