using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Render.Tests.ErNerf;

/// <summary>
/// run and bench pick the renderer with <see cref="DeviceChoice.ForModel"/>: "auto" draws an ernerf model on the CPU
/// (the Vulkan renderer has no tri-plane or attention shaders), while an explicit choice is kept (the Vulkan renderer
/// then refuses with exit 69) and every other head keeps "auto".
/// </summary>
public sealed class ErNerfDeviceChoiceTests
{
    [Theory]
    [InlineData("auto", HeadModelConfig.ErNerfVariant, "cpu")]
    [InlineData("Auto", HeadModelConfig.ErNerfVariant, "cpu")]
    [InlineData("vulkan", HeadModelConfig.ErNerfVariant, "vulkan")]
    [InlineData("0", HeadModelConfig.ErNerfVariant, "0")]
    [InlineData("cpu", HeadModelConfig.ErNerfVariant, "cpu")]
    [InlineData("auto", HeadModelConfig.RadNerfVariant, "auto")]
    [InlineData("auto", HeadModelConfig.R2TalkerVariant, "auto")]
    public void Auto_draws_an_ernerf_model_on_the_cpu_and_explicit_choices_are_kept(string choice, string variant, string expected)
    {
        var head = variant switch
        {
            HeadModelConfig.ErNerfVariant => TinyErNerfAvatar.Config.Head,
            HeadModelConfig.R2TalkerVariant => HeadModelConfig.QuickR2Talker,
            _ => HeadModelConfig.Quick,
        };
        Assert.Equal(variant, head.Variant);
        Assert.Equal(expected, DeviceChoice.ForModel(choice, head));
    }
}
