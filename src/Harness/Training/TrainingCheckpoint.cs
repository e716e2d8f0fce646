using System.Text.Json;
using System.Text.Json.Serialization;
using Ablation.Harness.IO;
using Ablation.Torch;
using Ablation.Torch.IO;
using Ablation.Torch.Optim;

namespace Ablation.Harness.Training;

/// <summary>
/// The resumable state of a training run in <c>&lt;out&gt;/checkpoint/</c>: the weights that training can have
/// changed, the optimiser state of the running stage, the dropout generator's state, the data position, the
/// metrics rows so far and the seconds spent. Data files carry the step in their names and <c>state.json</c>,
/// written last and atomically, names the current set; only then are older files removed. A run killed at any
/// moment therefore finds either the previous complete checkpoint or the new one, never a mixture.
/// </summary>
public sealed record TrainingCheckpoint
{
    public const string FolderName = "checkpoint";
    public const string StateFile = "state.json";

    public int Format { get; init; } = 1;
    /// <summary>Hash of the spec that produced the state (a different spec must not resume it).</summary>
    public required string SpecHash { get; init; }
    /// <summary>Index of the stage to run next (== number of stages when all are done).</summary>
    public required int Stage { get; init; }
    /// <summary>Optimiser steps of that stage already taken.</summary>
    public required int Step { get; init; }
    public required int Epoch { get; init; }
    public required int Batch { get; init; }
    public required double Seconds { get; init; }
    public required string Weights { get; init; }
    public string? Optimizer { get; init; }
    public string? DropoutRng { get; init; }
    public required string Metrics { get; init; }
    /// <summary>Mean losses of each finished stage's first and last tenth (for the summary).</summary>
    public IReadOnlyList<TrainResult.StageSummary> Finished { get; init; } = [];
    /// <summary>Losses of the running stage's steps so far.</summary>
    public IReadOnlyList<double> Losses { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The checkpoint in <paramref name="outFolder"/>, or null when there is none.</summary>
    public static TrainingCheckpoint? TryLoad(string outFolder)
    {
        var path = Path.Combine(outFolder, FolderName, StateFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty checkpoint state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable checkpoint state ({e.Message}); delete {Path.GetDirectoryName(path)} to start the training afresh", e);
        }
    }

    /// <summary>
    /// Writes the files of a new checkpoint (tag = global step), then <c>state.json</c> naming them, then removes
    /// the files of older checkpoints.
    /// </summary>
    public static TrainingCheckpoint Save(string outFolder, TrainingCheckpoint state, string tag,
        IEnumerable<(string Name, Tensor Tensor)> weights, Optimizer? optimizer, Generator? dropout, string metricsCsv)
    {
        var folder = Path.Combine(outFolder, FolderName);
        Directory.CreateDirectory(folder);
        var saved = state with
        {
            Weights = $"weights-{tag}.safetensors",
            Optimizer = optimizer is null ? null : $"optimizer-{tag}.bin",
            DropoutRng = dropout is null ? null : $"dropout-rng-{tag}.bin",
            Metrics = $"metrics-{tag}.csv",
        };
        SafetensorsWriter.Write(Path.Combine(folder, saved.Weights),
            weights.Select(w => SafetensorsEntry.FromBytes(w.Name, w.Tensor.dtype, w.Tensor.shape, w.Tensor.detach().contiguous().bytes())).ToList());
        if (optimizer is not null) optimizer.save(Path.Combine(folder, saved.Optimizer!));
        if (dropout is not null)
        {
            using var scope = torch.NewDisposeScope();
            AtomicFile.WriteAllBytes(Path.Combine(folder, saved.DropoutRng!), dropout.get_state().bytes());
        }
        AtomicFile.WriteAllText(Path.Combine(folder, saved.Metrics), metricsCsv);
        AtomicFile.WriteAllText(Path.Combine(folder, StateFile), JsonSerializer.Serialize(saved, Json) + "\n");
        var keep = new HashSet<string>(StringComparer.Ordinal) { StateFile, saved.Weights, saved.Metrics };
        if (saved.Optimizer is not null) keep.Add(saved.Optimizer);
        if (saved.DropoutRng is not null) keep.Add(saved.DropoutRng);
        foreach (var file in Directory.EnumerateFiles(folder))
            if (!keep.Contains(Path.GetFileName(file))) File.Delete(file);
        return saved;
    }

    /// <summary>Copies the saved weights into the parameters of the same names (every saved name must exist).</summary>
    public void RestoreWeights(string outFolder, IReadOnlyDictionary<string, Tensor> parameters)
    {
        var path = Path.Combine(outFolder, FolderName, Weights);
        using var file = SafetensorsFile.Open(path);
        using var noGrad = torch.no_grad();
        foreach (var name in file.Tensors.Select(t => t.Name))
        {
            if (!parameters.TryGetValue(name, out var target))
                throw new InvalidDataException($"{path}: tensor '{name}' does not belong to this model; delete {Path.GetDirectoryName(path)} to start afresh");
            using var scope = torch.NewDisposeScope();
            var info = file.Info(name);
            target.copy_(torch.frombuffer(file.ReadBytes(name), info.Dtype, info.ShapeArray()));
        }
    }

    public void RestoreOptimizer(string outFolder, Optimizer optimizer)
    {
        if (Optimizer is not null) optimizer.load(Path.Combine(outFolder, FolderName, Optimizer));
    }

    public void RestoreDropout(string outFolder, Generator? dropout)
    {
        if (dropout is null || DropoutRng is null) return;
        using var scope = torch.NewDisposeScope();
        var bytes = File.ReadAllBytes(Path.Combine(outFolder, FolderName, DropoutRng));
        dropout.set_state(torch.tensor(bytes, [bytes.Length]));
    }

    public string ReadMetrics(string outFolder) => File.ReadAllText(Path.Combine(outFolder, FolderName, Metrics));
}
