namespace Ablation.Torch;

/// <summary>Kind of device; values equal libtorch's <c>c10::DeviceType</c> codes.</summary>
public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>A device a tensor lives on (torch.device). <c>new Device("cuda:1")</c> parses PyTorch notation.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device CUDA = new(DeviceType.CUDA, 0);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public Device(string spec) : this(Parse(spec).Type, Parse(spec).Index) { }

    public static Device Parse(string spec)
    {
        var s = spec.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "cuda") return CUDA;
        if (s.StartsWith("cuda:") && int.TryParse(s.AsSpan(5), out var index) && index >= 0) return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"unknown device '{spec}'; use cpu, cuda or cuda:N", nameof(spec));
    }

    public override string ToString() => Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
