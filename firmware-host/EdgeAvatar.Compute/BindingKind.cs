namespace EdgeAvatar.Compute;

/// <summary>The descriptor type of one binding in set 0 of a kernel.</summary>
public enum BindingKind
{
    /// <summary>GLSL `layout(set = 0, binding = i) buffer ...`; bind a <see cref="BufferUsage.Storage"/> buffer.</summary>
    StorageBuffer,
    /// <summary>GLSL `layout(set = 0, binding = i) uniform ...`; bind a <see cref="BufferUsage.Uniform"/> buffer.</summary>
    UniformBuffer,
}
