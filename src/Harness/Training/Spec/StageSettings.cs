namespace Ablation.Harness.Training.Spec;

/// <summary>Settings every training stage has (optimiser, schedule, batch, lengths, precision, checkpoints).</summary>
public abstract record StageSettings
{
    /// <summary><c>steps</c>: optimiser steps.</summary>
    public int Steps { get; init; } = 100;
    /// <summary><c>batch</c>: examples (queries) per optimiser step, before gradient accumulation.</summary>
    public int Batch { get; init; } = 32;
    /// <summary><c>mini_batch</c>: GradCache / re-encoding chunk size; null = the whole batch in one pass.</summary>
    public int? MiniBatch { get; init; }
    /// <summary><c>grad_accum</c>: batches whose gradients are summed before one optimiser step.</summary>
    public int GradAccum { get; init; } = 1;
    /// <summary><c>lr</c>: peak learning rate.</summary>
    public double Lr { get; init; } = 5e-4;
    /// <summary><c>weight_decay</c>: AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;
    /// <summary><c>warmup_steps</c></summary>
    public int WarmupSteps { get; init; } = 10;
    /// <summary><c>schedule</c>: after warm-up.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;
    /// <summary><c>clip</c>: max global gradient norm; null = no clipping.</summary>
    public double? Clip { get; init; } = 1.0;
    /// <summary><c>trainable</c>: which parameters train in this stage.</summary>
    public TrainableKind Trainable { get; init; } = TrainableKind.Lora;
    /// <summary><c>query_max_length</c>: null = the model's <c>max_length</c>.</summary>
    public int? QueryMaxLength { get; init; }
    /// <summary><c>doc_max_length</c>: null = the model's <c>max_length</c>.</summary>
    public int? DocMaxLength { get; init; }
    /// <summary><c>dtype</c>: null = the base's dtype.</summary>
    public DTypeKind? DType { get; init; }
    /// <summary><c>checkpoint_every</c>: steps between resumable checkpoints.</summary>
    public int CheckpointEvery { get; init; } = 50;
}
