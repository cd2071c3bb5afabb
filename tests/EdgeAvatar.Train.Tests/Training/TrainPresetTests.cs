using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Train.Training;

namespace EdgeAvatar.Train.Tests.Training;

/// <summary>
/// Every preset a user can name builds a valid model (the full preset once asked for a 129-wide sigma MLP input, over
/// the fused kernel's limit, and failed at start-up with exit 78 — nothing had ever run it).
/// </summary>
public sealed class TrainPresetTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void Named_preset_has_a_valid_model_config(string name)
    {
        var preset = TrainPreset.ByName(name);
        Assert.Empty(preset.Model.Validate());
        Assert.Equal(preset.Model.Head.AudioWidth, preset.Model.Audio.OutputWidth);
    }

    [Fact]
    public void Default_model_config_is_valid() => Assert.Empty(new AvatarModelConfig().Validate());
}
