using System.Numerics;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// ER-NeRF's adaptive pose encoding for the torso: K learnable 3-D anchor points, fixed to the head, are carried by
/// the frame's head pose into the camera and projected to the image; their K image positions replace the raw pose
/// numbers as the torso's pose input. In our head-fixed world the camera moves instead
/// (trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md): the head-to-camera transform of a frame is the inverse of its
/// camera_to_world, so "transform by the head pose, then project with the dataset camera" is exactly
/// <see cref="PinholeCamera.Project"/> of the anchor (given in head-frame world units) with that frame's camera.
/// <para>Layouts: anchors K × 3 (x, y, z of each, head frame); output K × 2, each anchor's projection (u, v)
/// (pixel-corner coordinates) normalised as the torso's pixel coordinates are (<c>TorsoCoordinates</c>): 2u/W − 1
/// and 2v/H − 1, x right, y down, so a pixel centre maps to the same number as that pixel's torso coordinate.
/// ER-NeRF divides by depth without intrinsics; with the intrinsics the anchors land in the torso field's own image
/// frame. Three anchors give 6 numbers, the width of today's pose input (<c>TorsoConfig.PoseWidth</c>).</para>
/// </summary>
public static class AdaptivePoseEncoding
{
    /// <summary>
    /// ER-NeRF's initial anchors, (0.01, 0.01, 0.1), (−0.1, −0.1, 0.1), (0.1, −0.1, 0.1), in its head frame; its head
    /// scale is close to ours (CONVENTIONS.md), so they sit a few centimetres around the nose in ours too.
    /// </summary>
    public static IReadOnlyList<float> ErNerfAnchors { get; } = [0.01f, 0.01f, 0.1f, -0.1f, -0.1f, 0.1f, 0.1f, -0.1f, 0.1f];

    /// <summary>Projects K anchors through one frame's camera (layouts on the type).</summary>
    /// <param name="camera">The frame's camera.</param>
    /// <param name="anchors">K × 3, head frame, world units.</param>
    /// <param name="output">K × 2, overwritten.</param>
    /// <exception cref="InvalidOperationException">An anchor is not in front of the camera: a broken pose or a
    /// diverged anchor, which no torso input could represent.</exception>
    public static void Forward(PinholeCamera camera, ReadOnlySpan<float> anchors, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(camera);
        int k = AnchorCount(anchors);
        if (output.Length != 2 * k)
            throw new ArgumentException($"output has {output.Length} floats; {k} anchors need {2 * k}.", nameof(output));
        for (int a = 0; a < k; a++)
        {
            var x = new Vector3(anchors[3 * a], anchors[3 * a + 1], anchors[3 * a + 2]);
            if (!camera.Project(x, out float u, out float v))
                throw new InvalidOperationException($"anchor {a} ({x.X}, {x.Y}, {x.Z}) is not in front of the camera.");
            output[2 * a] = 2f * u / camera.Width - 1f;
            output[2 * a + 1] = 2f * v / camera.Height - 1f;
        }
    }

    /// <summary>K, after checking the anchors hold whole points.</summary>
    public static int AnchorCount(ReadOnlySpan<float> anchors)
    {
        if (anchors.Length == 0 || anchors.Length % 3 != 0)
            throw new ArgumentException($"anchors has {anchors.Length} floats, not a positive multiple of 3.", nameof(anchors));
        return anchors.Length / 3;
    }
}
