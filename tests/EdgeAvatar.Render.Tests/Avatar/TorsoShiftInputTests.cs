using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Tests.Vulkan;

namespace EdgeAvatar.Render.Tests.Avatar;

/// <summary>The torso track reaches the torso and nothing else, and a model refuses a track of the wrong shape.</summary>
public sealed class TorsoShiftInputTests
{
    [Fact]
    public void Torso_shift_changes_pixels_inside_the_torso_region_only()
    {
        AvatarModel model = TinyAvatar.Create(seed: 5);
        var renderer = new AvatarRenderer(model);
        float[] c2w = TinyAvatar.CameraToWorld(0.1f, 3f), audio = TinyAvatar.AudioCode(2);
        var still = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        var moved = new byte[still.Length];
        renderer.Render(c2w, new float[TinyAvatar.Shift.Length], audio, 0.4f, 0, [], still);
        renderer.Render(c2w, TinyAvatar.Shift, audio, 0.4f, 0, [], moved);

        var torso = model.TorsoRegion;
        int changedInside = 0;
        for (int y = 0; y < TinyAvatar.Size; y++)
            for (int x = 0; x < TinyAvatar.Size; x++)
            {
                bool inside = x >= torso.X && x < torso.X + torso.Width && y >= torso.Y && y < torso.Y + torso.Height;
                for (int c = 0; c < 3; c++)
                {
                    int i = 3 * (y * TinyAvatar.Size + x) + c;
                    if (!inside) Assert.Equal(still[i], moved[i]);
                    else if (still[i] != moved[i]) changedInside++;
                }
            }
        Assert.True(changedInside > 0, "the shift did not reach the torso");
    }

    [Fact]
    public void Renderer_and_model_refuse_a_torso_shift_of_the_wrong_width()
    {
        AvatarModel model = TinyAvatar.Create(seed: 5);
        var rgb = new byte[3 * TinyAvatar.Size * TinyAvatar.Size];
        Assert.Throws<ArgumentException>(() => new AvatarRenderer(model).Render(TinyAvatar.CameraToWorld(0f, 3f),
            new float[3], TinyAvatar.AudioCode(1), 0.4f, 0, [], rgb));
        Assert.Throws<ArgumentException>(() => new AvatarModel(model.Blocks, model.Parameters, model.Occupancy,
            model.Camera, model.Plate, model.Normalization, model.PoseTrack, model.EyeTrack, new float[3],
            model.MeanCentre, model.TorsoRegion));
    }
}
