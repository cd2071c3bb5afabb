namespace EdgeAvatar.Host.Control;

/// <summary>What <c>{"cmd":"set","background":…}</c> selects.</summary>
public enum BackgroundKind
{
    /// <summary>A solid colour ("#RRGGBB").</summary>
    Color,
    /// <summary>A PNG image (absolute path).</summary>
    Image,
    /// <summary>The background plate captured with the training video ("plate").</summary>
    Plate,
}
