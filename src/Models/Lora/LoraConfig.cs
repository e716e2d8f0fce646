namespace Ablation.Models.Lora;

/// <summary>
/// Low-rank adaptation settings (PEFT <c>LoraConfig</c> names). Defaults are Tang &amp; Yang's
/// <c>lora.json</c>: r 16, alpha 32, dropout 0.1, all seven projections of each decoder layer.
/// The update is W x + (alpha / r) · B A dropout(x).
/// </summary>
public sealed record LoraConfig
{
    /// <summary>The seven linear layers of a Llama-family decoder layer.</summary>
    public static readonly IReadOnlyList<string> AllProjections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public int Rank { get; init; } = 16;
    public double Alpha { get; init; } = 32;
    public double Dropout { get; init; } = 0.1;

    /// <summary>Last name component of the linear layers to wrap (PEFT <c>target_modules</c>).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = AllProjections;

    /// <summary>alpha / r, the factor on B A.</summary>
    public double Scaling => Alpha / Rank;

    public void Validate()
    {
        if (Rank <= 0) throw new ArgumentException($"LoRA rank must be positive, not {Rank}");
        if (!(Alpha > 0)) throw new ArgumentException($"LoRA alpha must be positive, not {Alpha}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"LoRA dropout must be in [0, 1), not {Dropout}");
        foreach (var t in TargetModules)
            if (!AllProjections.Contains(t))
                throw new ArgumentException($"LoRA target '{t}' is not a decoder projection; choose from {string.Join(", ", AllProjections)}");
    }
}
