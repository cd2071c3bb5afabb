using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// A shape predictor file (dlib .dat or our cache) that is truncated, corrupt or of an unsupported layout.
/// Maps to <see cref="ExitCodes.DataError"/>.
/// </summary>
public sealed class ShapePredictorFormatException : EdgeAvatarException
{
    public ShapePredictorFormatException(string message, Exception? inner = null)
        : base(ExitCodes.DataError, message, inner)
    {
    }
}
