using Ablation.Harness.Data.Parquet;

namespace Ablation.Harness.Data.Training;

/// <summary>How <see cref="TrainingDataSource"/> reports while it reads.</summary>
public sealed record TrainingDataOptions
{
    /// <summary>One line per warning (fields the reader does not know, with counts); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Called after each Parquet row group is decoded and before its examples are handed out.</summary>
    public Action<ParquetRowGroup>? RowGroupRead { get; init; }

    /// <summary>Stop after this many examples (null: all). Counted over all files, in order.</summary>
    public int? Limit { get; init; }
}
