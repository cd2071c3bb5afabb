namespace EdgeAvatar.Kernels.Rendering;

/// <summary>
/// One ray composited by <see cref="VolumeCompositor.Accumulate"/>: colour (R, G, B), opacity W, depth D, the
/// transmittance left after the last used sample, and how many samples were used before termination.
/// </summary>
public readonly record struct CompositedRay(float R, float G, float B, float W, float D, float TFinal, int Used);
