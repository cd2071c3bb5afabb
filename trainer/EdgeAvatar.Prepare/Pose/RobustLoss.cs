namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Huber loss on a landmark's 2-D reprojection error r (pixels): rho(r) = r^2 for r &lt;= delta, else
/// 2 delta r - delta^2 (continuous with continuous slope). Quadratic for landmark noise, linear for detector
/// blunders, so one bad landmark pulls a pose with bounded force. Solvers use it by iteratively reweighted least
/// squares: the weight <see cref="Weight"/> = rho'(r) / (2 r) multiplies the squared residual.
/// </summary>
internal static class RobustLoss
{
    public static double Cost(double r, double delta) => r <= delta ? r * r : 2 * delta * r - delta * delta;

    public static double Weight(double r, double delta) => r <= delta ? 1.0 : delta / r;
}
