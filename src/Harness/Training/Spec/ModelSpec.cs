namespace Ablation.Harness.Training.Spec;

/// <summary>
/// Everything that defines one embedding model to train and evaluate: one grid cell, fully resolved, or the file
/// given to <c>ablation train --config</c>. JSON keys are the snake_case names in the comments (DESIGN.md §3);
/// every record here has the defaults a key left out takes, so a cell's hash is the same whether a default is
/// written out or not.
/// </summary>
public sealed record ModelSpec
{
    /// <summary><c>base</c>: the decoder LLM every design starts from.</summary>
    public BaseSpec Base { get; init; } = new();

    /// <summary><c>data</c>: training pairs and evaluation suite.</summary>
    public DataSpec Data { get; init; } = new();

    /// <summary><c>pooling</c>: a head name of <c>PoolingHeads.Names</c>.</summary>
    public string Pooling { get; init; } = "eos_last";

    /// <summary>
    /// <c>pooling_exclude_instruction</c>: <c>mean</c> pooling averages only the text's tokens, not the instruction's
    /// (short queries are otherwise swamped by a long instruction; docs/training.md "The quality goal").
    /// </summary>
    public bool PoolingExcludeInstruction { get; init; }

    /// <summary><c>pooling_head</c>: sizes of a trainable head; null = the small CPU head for the base's size.</summary>
    public PoolingHeadSpec? PoolingHead { get; init; }

    /// <summary><c>attention</c>: causal or bidirectional.</summary>
    public AttentionKind Attention { get; init; } = AttentionKind.Causal;

    /// <summary><c>stages</c>: run in order, each from the previous stage's weights.</summary>
    public IReadOnlyList<StageKind> Stages { get; init; } = [StageKind.Contrastive];

    /// <summary><c>seed</c>: the one seed of the model; generators per purpose are derived from it.</summary>
    public int Seed { get; init; } = 1;

    /// <summary><c>max_length</c>: default token limit of queries and documents (stages may override).</summary>
    public int MaxLength { get; init; } = 64;

    /// <summary><c>lora</c>: adapter settings, used by stages whose <c>trainable</c> includes LoRA.</summary>
    public LoraSpec Lora { get; init; } = new();

    /// <summary><c>contrastive</c>: settings of the contrastive stage.</summary>
    public ContrastiveSettings Contrastive { get; init; } = new();

    /// <summary><c>reconstruction</c>: settings of the reconstruction stage (EBQ2D / EBD2Q).</summary>
    public ReconstructionSettings Reconstruction { get; init; } = new();

    /// <summary><c>evaluation</c>: which tasks, at what length and batch size.</summary>
    public EvaluationSpec Evaluation { get; init; } = new();
}
