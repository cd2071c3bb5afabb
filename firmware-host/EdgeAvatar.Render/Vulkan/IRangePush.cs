namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// A push-constant block of a shaders/render/ kernel: it starts with <c>uint n; uint first;</c> (points in the
/// whole call, first point of one dispatch) so <see cref="RenderKernel{TPush}"/> can split large calls.
/// </summary>
internal interface IRangePush<TSelf> where TSelf : unmanaged
{
    TSelf WithRange(uint n, uint first);
}
