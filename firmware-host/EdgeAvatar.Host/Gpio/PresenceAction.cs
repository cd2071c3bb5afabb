namespace EdgeAvatar.Host.Gpio;

/// <summary>What a presence change asks of the avatar.</summary>
public enum PresenceAction
{
    None,
    /// <summary>Someone arrived while the avatar was idle.</summary>
    Wake,
    /// <summary>Nobody has been present for the idle timeout.</summary>
    Idle,
}
