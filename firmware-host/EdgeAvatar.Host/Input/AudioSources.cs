namespace EdgeAvatar.Host.Input;

/// <summary>Opens the right <see cref="IAudioSource"/> for a parsed <c>--audio</c> spec.</summary>
public static class AudioSources
{
    /// <summary>Opens <paramref name="spec"/>; every failure a user can fix is an <see cref="Common.EdgeAvatarException"/>.</summary>
    public static IAudioSource Open(AudioSourceSpec spec, AudioSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            AudioSourceKind.File => FileAudioSource.Open(spec.Target, options),
            AudioSourceKind.Alsa => AlsaAudioSource.Open(spec.Target, options),
            AudioSourceKind.None => new LiveAudioFeed(null),
            _ => SocketAudioSource.Listen(spec, options),
        };
    }

    /// <summary>Parses and opens an <c>--audio</c> value.</summary>
    public static IAudioSource Open(string spec, AudioSourceOptions? options = null) => Open(AudioSourceSpec.Parse(spec), options);
}
