namespace Ablation.Harness.Training.Spec;

/// <summary><c>evaluation</c>: the suite's tasks to run (null = all), token limit and encoding batch size.</summary>
public sealed record EvaluationSpec
{
    /// <summary><c>tasks</c></summary>
    public IReadOnlyList<string>? Tasks { get; init; }
    /// <summary><c>max_length</c>: null = the model's <c>max_length</c>.</summary>
    public int? MaxLength { get; init; }
    /// <summary><c>batch</c></summary>
    public int Batch { get; init; } = 32;
}
