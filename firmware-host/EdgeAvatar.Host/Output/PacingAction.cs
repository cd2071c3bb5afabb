namespace EdgeAvatar.Host.Output;

/// <summary>What <see cref="FramePacer"/> tells the output loop to do.</summary>
public enum PacingAction
{
    /// <summary>Show the frame (after <see cref="PacingDecision.Wait"/>).</summary>
    Present,
    /// <summary>Discard the frame: it is more than one frame period late; the renderer should skip ahead.</summary>
    Drop,
    /// <summary>No new frame in time: show the last frame again to hold the output rate.</summary>
    Duplicate,
    /// <summary>Nothing is due yet: call again after <see cref="PacingDecision.Wait"/>.</summary>
    Wait,
}
