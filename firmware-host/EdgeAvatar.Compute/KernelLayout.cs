namespace EdgeAvatar.Compute;

/// <summary>
/// The interface of a compute kernel: its buffer bindings (binding i of descriptor set 0 is <c>Bindings[i]</c>),
/// its push-constant block size (pushed at offset 0; 0 = none), its specialization constants, entry point, and a
/// name for error messages. Must match the shader's declarations; the validation layer reports mismatches.
/// Build it positionally or with an object initializer; the setters validate.
/// </summary>
public sealed record KernelLayout
{
    private readonly IReadOnlyList<BindingKind> _bindings = [];
    private readonly int _pushConstantBytes;
    private readonly IReadOnlyList<SpecializationConstant> _specialization = [];
    private readonly string _entryPoint = "main";

    public KernelLayout()
    {
    }

    public KernelLayout(IReadOnlyList<BindingKind> bindings, int pushConstantBytes = 0,
        IReadOnlyList<SpecializationConstant>? specialization = null, string entryPoint = "main", string? name = null)
    {
        Bindings = bindings;
        PushConstantBytes = pushConstantBytes;
        Specialization = specialization ?? [];
        EntryPoint = entryPoint;
        Name = name;
    }

    /// <summary>Binding i of set 0 is <c>Bindings[i]</c>.</summary>
    public IReadOnlyList<BindingKind> Bindings
    {
        get => _bindings;
        init => _bindings = (value ?? throw new ArgumentNullException(nameof(Bindings))).ToArray();
    }

    /// <summary>Size of the push-constant block in bytes (multiple of 4; 0 = none).</summary>
    public int PushConstantBytes
    {
        get => _pushConstantBytes;
        init => _pushConstantBytes = value >= 0 && value % 4 == 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(PushConstantBytes), value, "Push constant size must be a non-negative multiple of 4 bytes.");
    }

    public IReadOnlyList<SpecializationConstant> Specialization
    {
        get => _specialization;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Specialization));
            if (value.Select(s => s.Id).Distinct().Count() != value.Count)
                throw new ArgumentException("Specialization constant ids must be distinct.", nameof(Specialization));
            _specialization = value.ToArray();
        }
    }

    public string EntryPoint
    {
        get => _entryPoint;
        init => _entryPoint = string.IsNullOrEmpty(value) ? throw new ArgumentException("Entry point must be named.", nameof(EntryPoint)) : value;
    }

    /// <summary>Optional name used in error messages, e.g. "encoding/grid_encode".</summary>
    public string? Name { get; init; }

    /// <summary>A layout of <paramref name="count"/> storage buffers.</summary>
    public static KernelLayout StorageBuffers(int count, int pushConstantBytes = 0, string? name = null)
        => new(Enumerable.Repeat(BindingKind.StorageBuffer, count).ToArray(), pushConstantBytes, name: name);
}
