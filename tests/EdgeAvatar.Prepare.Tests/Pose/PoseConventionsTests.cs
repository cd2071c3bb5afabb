using EdgeAvatar.Prepare.Pose;

namespace EdgeAvatar.Prepare.Tests.Pose;

public sealed class PoseConventionsTests
{
    private static readonly FramePose Frontal = SyntheticHeadClip.HeadPose(0, 0, 0, new Vec3d(0, 0, 3.7));

    [Fact]
    public void A_frontal_camera_sits_on_world_plus_z_with_identity_opengl_rotation()
    {
        var m = PoseConventions.CameraToWorldGl(Frontal);
        double[] expectedRotation = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        int[] at = [0, 1, 2, 4, 5, 6, 8, 9, 10];
        for (int i = 0; i < 9; i++) Assert.Equal(expectedRotation[i], m[at[i]], 12);
        Assert.Equal(3.7, m[11], 12); // camera centre (0, 0, 3.7): in front of the face, which looks along +z
        Assert.Equal(new double[] { 0, 0, 0, 1 }, m[12..]);
    }

    [Fact]
    public void A_point_in_front_of_the_opengl_camera_has_positive_solver_depth_and_projects_inside()
    {
        var pose = SyntheticHeadClip.HeadPose(0.3, -0.2, 0.1, new Vec3d(0.1, -0.05, 3.5));
        var c2w = PoseConventions.CameraToWorldGl(pose);
        // 2 units along the OpenGL viewing direction (-z column) from the camera centre.
        var centre = new Vec3d(c2w[3], c2w[7], c2w[11]);
        var forward = new Vec3d(-c2w[2], -c2w[6], -c2w[10]);
        var p = centre + 2 * forward;
        var pc = pose.Apply(p);
        Assert.Equal(2, pc.Z, 9);
        var (u, v) = FocalIntrinsics.Centred(1200, 512, 512).Project(pc);
        Assert.Equal(256, u, 6);
        Assert.Equal(256, v, 6);
        // OpenGL +y (camera up) is image up: a point above the axis projects to a smaller row.
        var up = new Vec3d(c2w[1], c2w[5], c2w[9]);
        var (_, vUp) = FocalIntrinsics.Centred(1200, 512, 512).Project(pose.Apply(p + 0.1 * up));
        Assert.True(vUp < v);
    }

    [Fact]
    public void Camera_to_world_round_trips_to_the_solver_pose()
    {
        var pose = SyntheticHeadClip.HeadPose(-0.4, 0.2, -0.15, new Vec3d(-0.2, 0.1, 4));
        var back = PoseConventions.FromCameraToWorldGl(PoseConventions.CameraToWorldGl(pose));
        Assert.True(SyntheticHeadClip.RotationErrorDegrees(back, pose) < 1e-9);
        Assert.True((back.Translation - pose.Translation).Norm < 1e-12);
    }

    [Fact]
    public void The_head_centre_maps_near_the_image_centre_when_the_face_is_centred()
    {
        // Centre the face: shift the head sideways so the landmark centroid lands on the image centre.
        var shape = MeanFace68.WorldUnits();
        var cam = FocalIntrinsics.Centred(1200, 512, 512);
        var c = Vec3d.Zero;
        foreach (var p in shape) c += p;
        c = c * (1.0 / shape.Length);
        var pose = new FramePose(Frontal.Rotation, new Vec3d(-c.X, c.Y, 3.7)); // camera y = -world y
        var (uc, vc) = cam.Project(pose.Apply(c));
        Assert.Equal(256, uc, 6); Assert.Equal(256, vc, 6);
        var (u0, v0) = cam.Project(pose.Translation); // head origin (eye level, ear plane)
        // The face is mirror-symmetric, so the origin is on the vertical centre line. It sits at eye level, which is
        // the head's vertical middle but ~3.5 cm above the landmark centroid (mouth and jaw pull that down): at 92 cm
        // and f = 1200 px that is ~46 px above the image centre, i.e. inside the face, never outside it.
        Assert.InRange(u0, 255.9, 256.1);
        Assert.InRange(256 - v0, 20, 70);
    }

    [Fact]
    public void The_mean_face_fits_the_radnerf_box_with_room_for_the_whole_head()
    {
        // Landmarks span the face; the whole head extends ~12 cm above eye level and ~12 cm behind the ear plane.
        var min = PoseConventions.BoxMin; var max = PoseConventions.BoxMax;
        foreach (var p in MeanFace68.WorldUnits())
        {
            Assert.InRange(p.X, min.X, max.X);
            Assert.InRange(p.Y, min.Y, max.Y);
            Assert.InRange(p.Z, min.Z, max.Z);
        }
        Assert.True(12 / PoseConventions.CentimetresPerUnit < max.Y);
    }

    [Fact]
    public void Rotation_exp_and_log_are_inverse()
    {
        var w = new Vec3d(0.3, -1.1, 0.7);
        var back = Mat3d.Exp(w).Log();
        Assert.True((back - w).Norm < 1e-12);
        var r = Mat3d.Exp(w);
        var i = r * r.Transpose();
        Assert.Equal(1, i.M00, 12); Assert.Equal(0, i.M01, 12); Assert.Equal(1, i.M22, 12);
    }
}
