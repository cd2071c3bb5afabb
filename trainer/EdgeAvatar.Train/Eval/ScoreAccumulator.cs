namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Running sums of per-frame scores for one contestant (model or baseline). LMD and the mouth-box PSNR are averaged
/// over the frames that have them and may be absent throughout.
/// </summary>
internal sealed class ScoreAccumulator
{
    private double _psnr, _ssim, _psnrFace, _ssimFace, _lmd, _psnrMouth;
    private int _lmdCount, _mouthCount;

    public int Count { get; private set; }

    public void Add(double psnr, double ssim, double psnrFace, double ssimFace, double? lmd, double? psnrMouth)
    {
        _psnr += psnr;
        _ssim += ssim;
        _psnrFace += psnrFace;
        _ssimFace += ssimFace;
        if (lmd is double l)
        {
            _lmd += l;
            _lmdCount++;
        }
        if (psnrMouth is double m)
        {
            _psnrMouth += m;
            _mouthCount++;
        }
        Count++;
    }

    /// <summary>Means; only valid with at least one frame (the runner refuses an evaluation that scored none).</summary>
    public EvalScores ToScores()
    {
        if (Count == 0) throw new InvalidOperationException("No frames were scored.");
        return new EvalScores(_psnr / Count, _ssim / Count, _psnrFace / Count, _ssimFace / Count,
            _lmdCount > 0 ? _lmd / _lmdCount : null, Count,
            _mouthCount > 0 ? _psnrMouth / _mouthCount : null);
    }
}
