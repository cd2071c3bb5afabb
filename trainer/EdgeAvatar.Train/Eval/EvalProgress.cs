namespace EdgeAvatar.Train.Eval;

/// <summary>Progress of one phase: <see cref="Done"/> of <see cref="Total"/> frames (Total ≥ 1).</summary>
public readonly record struct EvalProgress(EvalPhase Phase, int Done, int Total);
