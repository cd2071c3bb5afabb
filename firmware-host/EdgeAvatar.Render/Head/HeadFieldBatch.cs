namespace EdgeAvatar.Render.Head;

/// <summary>
/// Scratch for evaluating the head field on M sample points, kept after <see cref="HeadField.Forward"/>. The MLPs'
/// hidden activations (the *Hidden arrays, the forward's "tape" that only the trainer's backward pass reads) are
/// recorded only by a batch made with <c>keepTape: true</c>; a rendering batch leaves them empty and the forward
/// skips writing them. Arrays grow, never shrink, so a renderer or trainer reusing one batch allocates only while M
/// grows. Shapes (point-major) for the current M:
/// Unit M×3 · Spatial M×S · AmbientIn M×(S+A) · AmbientOut M×O (pre-activation; O = 2, or 3 with
/// the gate) · AmbientCoord M×2 (in [0,1]) · Gate M (γ; with the gate only) · Ambient M×Q · SigmaIn M×(S+Q+A'+1) · SigmaOut M×(1+G) · ColorIn M×(G+16+L) · ColorOut M×3 (pre-sigmoid) ·
/// Sigma M · Rgb M×3 · *Hidden (tape only): each MLP's hidden activations, M × (layers × width).
/// <para>r2talker heads leave the ambient arrays unused; their SigmaIn is M×(S+1), SigmaHidden holds the pre-FiLM
/// activations, and <see cref="FrameCode"/> keeps the FiLM vector the forward used (the backward needs it).</para>
/// <para>ernerf heads leave the ambient arrays unused too: Spatial is M × (3 planes' features), SigmaIn is
/// M × (S + A + 1) = [s, a ⊙ α, eye ⊙ β] (Attended M × (A + 1) holds the last two parts on their way there), and <see cref="FrameCode"/> and <see cref="Eye"/> keep the frame's audio code
/// and eye value (the attention's backward recomputes α and β from s and needs both).</para>
/// </summary>
public sealed class HeadFieldBatch
{
    /// <param name="config">The head the batch evaluates.</param>
    /// <param name="keepTape">Record every MLP's hidden activations for a backward pass (the trainer asks for this).</param>
    public HeadFieldBatch(HeadModelConfig config, bool keepTape = false)
    {
        Config = config.EnsureValid();
        KeepsTape = keepTape;
        FrameCode = new float[config.FrameCodeWidth];
    }

    public HeadModelConfig Config { get; }

    /// <summary>True when the forward records the hidden activations (<see cref="AmbientHidden"/> etc.).</summary>
    public bool KeepsTape { get; }

    /// <summary>Points of the last forward.</summary>
    public int Count { get; private set; }

    /// <summary>The frame code of the last forward (FrameCodeWidth floats): the FiLM vector for an r2talker head.</summary>
    public float[] FrameCode { get; } = [];

    /// <summary>The eye value of the last forward.</summary>
    public float Eye { get; set; }

    public float[] Unit { get; private set; } = [];
    public float[] Spatial { get; private set; } = [];
    public float[] AmbientIn { get; private set; } = [];
    public float[] AmbientOut { get; private set; } = [];
    public float[] AmbientCoord { get; private set; } = [];
    public float[] Gate { get; private set; } = [];
    public float[] Ambient { get; private set; } = [];
    public float[] SigmaIn { get; private set; } = [];
    public float[] Attended { get; private set; } = [];
    public float[] SigmaOut { get; private set; } = [];
    public float[] ColorIn { get; private set; } = [];
    public float[] ColorOut { get; private set; } = [];
    public float[] AmbientHidden { get; private set; } = [];
    public float[] SigmaHidden { get; private set; } = [];
    public float[] ColorHidden { get; private set; } = [];
    public float[] Sigma { get; private set; } = [];
    public float[] Rgb { get; private set; } = [];

    /// <summary>Makes room for <paramref name="m"/> points and sets <see cref="Count"/>.</summary>
    public void Resize(int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        Count = m;
        if (Sigma.Length >= m) return;
        int cap = Math.Max(m, Sigma.Length * 3 / 2);
        var c = Config;
        int s = c.SpatialWidth, q = c.AmbientGrid.OutputWidth;
        int ambient = c.IsR2Talker || c.IsErNerf ? 0 : cap; // points the ambient stage holds
        Unit = new float[cap * 3];
        Spatial = new float[cap * s];
        AmbientIn = new float[ambient * c.AmbientMlp.InputWidth];
        AmbientOut = new float[ambient * c.AmbientOutputs];
        AmbientCoord = new float[ambient * 2];
        Gate = new float[c.AudioGate ? cap : 0];
        Ambient = new float[ambient * q];
        SigmaIn = new float[cap * c.SigmaMlp.InputWidth];
        Attended = new float[c.IsErNerf ? cap * (c.SigmaMlp.InputWidth - s) : 0];
        SigmaOut = new float[cap * c.SigmaMlp.OutputWidth];
        ColorIn = new float[cap * c.ColorMlp.InputWidth];
        ColorOut = new float[cap * 3];
        if (KeepsTape)
        {
            AmbientHidden = new float[ambient * Networks.CpuMlp.HiddenFloats(c.AmbientMlp)];
            SigmaHidden = new float[cap * Networks.CpuMlp.HiddenFloats(c.SigmaMlp)];
            ColorHidden = new float[cap * Networks.CpuMlp.HiddenFloats(c.ColorMlp)];
        }
        Sigma = new float[cap];
        Rgb = new float[cap * 3];
    }
}
