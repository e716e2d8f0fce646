using System.Text.Json.Serialization;

namespace Ablation.Harness.Training.Spec;

// The closed sets of a model spec. JSON names are the snake_case of the member names
// (ScheduleKind.ConstantWithWarmup = "constant_with_warmup"), except where noted.

/// <summary><c>attention</c></summary>
public enum AttentionKind { Causal, Bidirectional }

/// <summary>An entry of <c>stages</c>.</summary>
public enum StageKind { Contrastive, Reconstruction }

/// <summary><c>dtype</c></summary>
public enum DTypeKind { Float32, Bfloat16 }

/// <summary><c>schedule</c></summary>
public enum ScheduleKind { Constant, ConstantWithWarmup, Linear, Cosine }

/// <summary><c>trainable</c>: JSON names lora, full, head, head+lora.</summary>
public enum TrainableKind { Lora, Full, Head, [JsonStringEnumMemberName("head+lora")] HeadAndLora }

/// <summary>Reconstruction <c>mode</c>.</summary>
public enum ReconstructionMode { Joint, Alternate }

/// <summary>Reconstruction <c>soft_token_layout</c>: right_padded or paper_left_padded.</summary>
public enum SoftTokenLayout { RightPadded, PaperLeftPadded }
