namespace EdgeAvatar.Train.Eval;

/// <summary>Where an evaluation is: averaging the Train range, then rendering and scoring the Val frames.</summary>
public enum EvalPhase
{
    Baseline,
    Evaluate,
}
