using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Fills frames where tracking lost the face. A run of at most <c>maxLost</c> frames is bridged by linear
/// interpolation between the landmarks on either side (or held from the one side at the clip's ends) and those frames
/// are flagged invalid so training skips them; any longer run fails with <see cref="ExitCodes.DataError"/> listing
/// every over-long run as frame ranges with times. Invariant of the result: every frame has 136 finite values.
/// </summary>
public static class LostFrameRepair
{
    public static LandmarkTrack Repair(IReadOnlyList<float[]?> tracked, int maxLost, double fps, string clipName)
    {
        int n = tracked.Count;
        var runs = new List<(int First, int Last)>();
        for (int i = 0; i < n;)
        {
            if (tracked[i] is not null) { i++; continue; }
            int j = i;
            while (j + 1 < n && tracked[j + 1] is null) j++;
            runs.Add((i, j));
            i = j + 1;
        }
        if (runs.Count == 1 && runs[0] == (0, n - 1))
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{clipName}': no face could be tracked in any of its {n} frames.");
        var tooLong = runs.Where(r => r.Last - r.First + 1 > maxLost).ToList();
        if (tooLong.Count > 0)
        {
            string list = string.Join(", ", tooLong.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"frames {r.First}-{r.Last} ({r.First / fps:F2}-{(r.Last + 1) / fps:F2} s)")));
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{clipName}': the face was lost for more than {maxLost} consecutive frames ({maxLost / fps:F2} s): {list}. " +
                "Cut these parts out of the video (or keep the face visible and frontal) and run prepare again.");
        }

        var result = new float[n][];
        var valid = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (tracked[i] is float[] v) { result[i] = v; valid[i] = true; }
        }
        foreach (var (first, last) in runs)
        {
            float[]? before = first > 0 ? tracked[first - 1] : null;
            float[]? after = last + 1 < n ? tracked[last + 1] : null;
            for (int i = first; i <= last; i++)
            {
                var row = new float[(before ?? after)!.Length];
                if (before is not null && after is not null)
                {
                    float t = (float)(i - first + 1) / (last - first + 2);
                    for (int k = 0; k < row.Length; k++) row[k] = before[k] + t * (after[k] - before[k]);
                }
                else
                {
                    (before ?? after)!.CopyTo(row, 0);
                }
                result[i] = row;
            }
        }
        return new LandmarkTrack(result, valid, runs);
    }
}
