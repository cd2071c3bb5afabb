namespace EdgeAvatar.Train.Training;

/// <summary>One optimisation step's figures: photometric MSE (on [0,1] colours), its PSNR, samples evaluated.</summary>
public readonly record struct StepStats(double Mse, int Samples)
{
    public double Psnr => Mse > 0 ? -10 * Math.Log10(Mse) : 100;
}
