namespace EdgeAvatar.Train.Eval;

/// <summary>Running sums of per-frame scores for one contestant (model or baseline). LMD may be absent throughout.</summary>
internal sealed class ScoreAccumulator
{
    private double _psnr, _ssim, _psnrFace, _ssimFace, _lmd;
    private int _lmdCount;

    public int Count { get; private set; }

    public void Add(double psnr, double ssim, double psnrFace, double ssimFace, double? lmd)
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
        Count++;
    }

    /// <summary>Means; only valid with at least one frame (the runner refuses an evaluation that scored none).</summary>
    public EvalScores ToScores()
    {
        if (Count == 0) throw new InvalidOperationException("No frames were scored.");
        return new EvalScores(_psnr / Count, _ssim / Count, _psnrFace / Count, _ssimFace / Count,
            _lmdCount > 0 ? _lmd / _lmdCount : null, Count);
    }
}
