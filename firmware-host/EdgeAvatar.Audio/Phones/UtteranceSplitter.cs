namespace EdgeAvatar.Audio.Phones;

/// <summary>
/// Cuts audio into bounded utterances for a decoder whose memory grows with the utterance: each cut lands on the
/// quietest 10-ms frame (mean square) between <c>min</c> and <c>max</c> seconds after the previous cut, so words are
/// split only where nothing quieter was available. The pieces tile the input exactly, in order.
/// </summary>
public static class UtteranceSplitter
{
    /// <summary>Samples per analysis frame at 16 kHz (10 ms, the recogniser's frame).</summary>
    public const int FrameSamples = 160;

    /// <summary>[start, end) sample ranges covering <paramref name="pcm"/>; empty for empty input.</summary>
    public static List<(int Start, int End)> Split(ReadOnlySpan<short> pcm, int sampleRate, double minSeconds, double maxSeconds)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        if (!(minSeconds > 0) || !(maxSeconds >= minSeconds))
            throw new ArgumentOutOfRangeException(nameof(maxSeconds), $"need 0 < min ({minSeconds}) <= max ({maxSeconds}).");
        int frame = Math.Max(1, sampleRate / 100);
        int minLen = Math.Max(frame, (int)(minSeconds * sampleRate)), maxLen = Math.Max(minLen, (int)(maxSeconds * sampleRate));
        var pieces = new List<(int, int)>();
        int start = 0;
        while (start < pcm.Length)
        {
            if (pcm.Length - start <= maxLen)
            {
                pieces.Add((start, pcm.Length));
                break;
            }
            int best = start + maxLen;
            double bestEnergy = double.MaxValue;
            // Candidate cuts on the frame grid from the utterance start; the quietest frame wins, the earliest on ties.
            for (int cut = start + minLen; cut + frame <= start + maxLen; cut += frame)
            {
                double e = MeanSquare(pcm.Slice(cut, frame));
                if (e < bestEnergy)
                {
                    bestEnergy = e;
                    best = cut;
                }
            }
            pieces.Add((start, best));
            start = best;
        }
        return pieces;
    }

    /// <summary>Mean square of the samples: the loudness both the offline and the online cuts compare.</summary>
    internal static double MeanSquare(ReadOnlySpan<short> x)
    {
        double s = 0;
        foreach (short v in x) s += (double)v * v;
        return s / x.Length;
    }
}
