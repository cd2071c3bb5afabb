namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// A push-constant block of a per-point kernel (<see cref="RenderKernel{TPush}"/>): it starts with <c>uint n; uint first;</c> (points in the
/// whole call, first point of one dispatch) so <see cref="RenderKernel{TPush}"/> can split large calls.
/// </summary>
public interface IRangePush<TSelf> where TSelf : unmanaged
{
    TSelf WithRange(uint n, uint first);
}
