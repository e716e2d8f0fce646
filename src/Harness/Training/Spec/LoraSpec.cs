namespace Ablation.Harness.Training.Spec;

/// <summary><c>lora</c>: PEFT names; defaults are paper A's lora.json.</summary>
public sealed record LoraSpec
{
    /// <summary><c>r</c></summary>
    public int R { get; init; } = 16;
    /// <summary><c>alpha</c></summary>
    public double Alpha { get; init; } = 32;
    /// <summary><c>dropout</c></summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary><c>targets</c>: decoder projections to wrap.</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
}
