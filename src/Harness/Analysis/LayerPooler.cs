using Ablation.Models;
using Ablation.Models.Pooling;
using Ablation.Torch;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Runs the decoder on one batch and pools every hidden state (0 = embeddings … L = post-final-norm) with the
/// EOS-last and the mean head, so a caller keeps [texts × dimension] per layer and never the token states. The
/// tokenisation, instructions, attention mode and heads are the model's own, so the vectors of layer L are the
/// model's normal <c>eos_last</c> / <c>mean</c> embeddings.
/// </summary>
public sealed class LayerPooler
{
    private readonly EmbeddingModel _model;
    private readonly IPoolingHead _eosLast = new EosLastPooling();
    private readonly IPoolingHead _mean;

    public LayerPooler(EmbeddingModel model)
    {
        _model = model;
        // A model trained with mean pooling may leave instruction tokens out; keep its choice so layer L matches it.
        _mean = new MeanPooling(model.PoolingSpec.Name == LayerPooling.Mean && model.PoolingSpec.ExcludeInstruction);
        _model.Decoder.eval();
    }

    /// <summary>Hidden states per text: the decoder's layers plus the embedding output.</summary>
    public int States => _model.Decoder.NumLayers + 1;

    public int Dimension => _model.Dimension;

    public int BatchSize => _model.BatchSize;

    /// <summary>
    /// Pooled vectors of one batch: [pooling (see <see cref="LayerPooling.All"/>)][state] → float[texts × dimension],
    /// row-major, L2-normalised when <paramref name="normalize"/> (as the evaluation embeddings are). When
    /// <paramref name="tokens"/> is given, the batch's per-token cosines between layers are added to it.
    /// </summary>
    public float[][][] Pool(IReadOnlyList<string> texts, TextKind kind, string? instruction, bool normalize, TokenCosineSums? tokens = null)
    {
        // Same per-side instruction handling as the evaluation encoder (EmbeddingModelEncoder).
        _model.Instructions = kind == TextKind.Query
            ? _model.Instructions with { QueryInstruction = instruction }
            : _model.Instructions with { DocumentInstruction = instruction };
        var result = new float[LayerPooling.All.Count][][];
        for (int p = 0; p < result.Length; p++) result[p] = new float[States][];
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (ids, mask, instructionMask, _) = _model.Tokenize(texts, kind);
        var output = _model.Decoder.Forward(ids, mask, _model.Attention);
        for (int s = 0; s < States; s++)
        {
            var input = new PoolingInput([output.HiddenStates[s]], mask, instructionMask);
            result[0][s] = _eosLast.Pool(input, normalize).to(ScalarType.Float32).contiguous().data<float>();
            result[1][s] = _mean.Pool(input, normalize).to(ScalarType.Float32).contiguous().data<float>();
        }
        tokens?.Add(output.HiddenStates, mask);
        return result;
    }
}
