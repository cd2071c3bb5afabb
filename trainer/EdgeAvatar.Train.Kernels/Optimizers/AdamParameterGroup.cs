namespace EdgeAvatar.Train.Kernels.Optimizers;

/// <summary>
/// A contiguous range of the flat parameter buffer sharing one learning rate (e.g. grid tables vs MLP weights).
/// Groups given together must not overlap; parameters outside every group are left untouched.
/// </summary>
/// <param name="Offset">First parameter (floats).</param>
/// <param name="Count">Number of parameters (≥ 0).</param>
/// <param name="LearningRate">This group's learning rate.</param>
public readonly record struct AdamParameterGroup(int Offset, int Count, float LearningRate);
