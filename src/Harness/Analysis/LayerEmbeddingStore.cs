using System.Runtime.InteropServices;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;
using Microsoft.Win32.SafeHandles;

namespace Ablation.Harness.Analysis;

/// <summary>
/// The normalised embeddings of every hidden layer for the texts one task asks for, computed once per text (one
/// forward pass pools all layers) and spilled to one temporary file per (pooling, layer), so memory stays at one
/// batch whatever the task's size or the model's depth; evaluating layer ℓ then reads only layer ℓ's rows. The
/// files are deleted when the store is disposed (or the process ends).
/// </summary>
public sealed class LayerEmbeddingStore : IDisposable
{
    private readonly LayerPooler _pooler;
    private readonly string _folder;
    private readonly SafeFileHandle[][] _files;                     // [pooling][state]
    private readonly Dictionary<(TextKind Kind, string? Instruction, string Text), long> _rows = new();
    private long _count;

    public LayerEmbeddingStore(LayerPooler pooler, string? tempRoot = null)
    {
        _pooler = pooler;
        _folder = Path.Combine(tempRoot ?? Path.GetTempPath(), "ablation-layers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _files = LayerPooling.All.Select(p => Enumerable.Range(0, pooler.States).Select(s =>
            File.OpenHandle(Path.Combine(_folder, $"{p}-{s}.f32"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                FileOptions.DeleteOnClose)).ToArray()).ToArray();
    }

    public int Dimension => _pooler.Dimension;

    /// <summary>Texts encoded so far (each once, however many layers are read).</summary>
    public long Count => _count;

    /// <summary>Largest number of floats held in memory at once (one batch, all layers).</summary>
    public long PeakInMemoryFloats { get; private set; }

    /// <summary>The rows of <paramref name="texts"/> for one pooling and layer, encoding the texts not seen yet.</summary>
    public EmbeddingMatrix Get(IReadOnlyList<string> texts, TextKind kind, string? instruction, string pooling, int state)
    {
        int p = LayerPooling.All.ToList().IndexOf(pooling);
        if (p < 0) throw new ArgumentException($"unknown pooling '{pooling}'");
        if (state < 0 || state >= _pooler.States) throw new ArgumentOutOfRangeException(nameof(state), $"layer {state} is not in 0..{_pooler.States - 1}");
        Ensure(texts, kind, instruction);
        int d = Dimension;
        var data = new float[texts.Count * d];
        PeakInMemoryFloats = Math.Max(PeakInMemoryFloats, data.Length);
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        for (int i = 0; i < texts.Count; i++)
        {
            long row = _rows[(kind, instruction, texts[i])];
            int read = RandomAccess.Read(_files[p][state], bytes.Slice(i * d * sizeof(float), d * sizeof(float)), row * d * sizeof(float));
            if (read != d * sizeof(float)) throw new IOException($"{_folder}: short read of layer {state} row {row}");
        }
        return new EmbeddingMatrix(data, texts.Count, d);
    }

    private void Ensure(IReadOnlyList<string> texts, TextKind kind, string? instruction)
    {
        var missing = texts.Where(t => !_rows.ContainsKey((kind, instruction, t))).Distinct(StringComparer.Ordinal).ToList();
        int batchSize = Math.Max(1, _pooler.BatchSize);
        var textKind = kind == TextKind.Query ? TextKind.Query : TextKind.Document;
        for (int start = 0; start < missing.Count; start += batchSize)
        {
            var batch = missing.GetRange(start, Math.Min(batchSize, missing.Count - start));
            var pooled = _pooler.Pool(batch, textKind, instruction, normalize: true);
            PeakInMemoryFloats = Math.Max(PeakInMemoryFloats, (long)pooled.Length * _pooler.States * batch.Count * Dimension);
            long offset = _count * Dimension * sizeof(float);
            for (int p = 0; p < pooled.Length; p++)
                for (int s = 0; s < _pooler.States; s++)
                    RandomAccess.Write(_files[p][s], MemoryMarshal.AsBytes(pooled[p][s].AsSpan()), offset);
            foreach (var text in batch) _rows[(kind, instruction, text)] = _count++;
        }
    }

    public void Dispose()
    {
        foreach (var handle in _files.SelectMany(f => f)) handle.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
