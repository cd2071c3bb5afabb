using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Render.Tests.Vulkan;

/// <summary>
/// The one device policy of run, bench and train: auto takes Vulkan only on a real GPU (lavapipe loses to the C#
/// kernels), cpu always takes the C# kernels, vulkan and a device selector always take Vulkan.
/// </summary>
public sealed class DeviceChoiceTests
{
    [Theory]
    [InlineData("auto", false, true)]
    [InlineData("AUTO", false, true)]
    [InlineData("auto", true, false)]
    [InlineData("cpu", true, true)]
    [InlineData("cpu", false, true)]
    [InlineData("vulkan", false, false)]
    [InlineData("vulkan", true, false)]
    [InlineData("llvmpipe", false, false)]
    [InlineData("0", false, false)]
    public void Auto_runs_on_the_cpu_only_where_no_gpu_exists_and_explicit_choices_are_kept(string choice, bool hasGpu, bool cpu)
        => Assert.Equal(cpu, DeviceChoice.UsesCpu(choice, hasGpu));
}
