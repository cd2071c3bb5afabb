namespace EdgeAvatar.Render.Avatar;

/// <summary>One named slice [Offset, Offset + Count) of the avatar's flat parameter array.</summary>
public sealed record ParameterBlock(string Name, int Offset, int Count, ParameterBlockKind Kind)
{
    public int End => Offset + Count;
}
