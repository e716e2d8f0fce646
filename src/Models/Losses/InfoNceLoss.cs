using Ablation.Torch;

namespace Ablation.Models.Losses;

/// <summary>
/// InfoNCE over cosine similarities with in-batch and hard negatives (Tang &amp; Yang's <c>HardNegativeNLLLoss</c>,
/// Su et al.'s contrastive stage). Query i is scored against every document of the batch — the B positives
/// followed by all hard negatives, its own and those of the other queries — as cos(q_i, d_j) / τ, and the loss is
/// the mean cross-entropy with label i (its positive). The symmetric variant adds the document → query direction
/// (positive i against all B queries, label i) and averages the two.
/// </summary>
/// <remarks>
/// Pure tensor math: embeddings need not be normalised (they are, here). Scores are computed in float32 (float64
/// inputs stay float64), so a bfloat16 model gets a float32 softmax.
/// </remarks>
public static class InfoNceLoss
{
    /// <summary>The query → document loss and, when <paramref name="symmetric"/>, the document → query loss.</summary>
    /// <param name="queries">[B, d]</param>
    /// <param name="positives">[B, d]: row i is query i's positive.</param>
    /// <param name="negatives">[M, d] hard negatives of the whole batch (any M ≥ 0), or null.</param>
    /// <param name="temperature">τ &gt; 0 (paper A 0.05, i.e. scale 20; paper B 0.02).</param>
    /// <param name="symmetric">Also the document → query direction; the returned loss is the mean of both.</param>
    public static InfoNceParts Compute(Tensor queries, Tensor positives, Tensor? negatives, double temperature, bool symmetric = false)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        if (queries.dim() != 2 || positives.dim() != 2 || queries.shape[0] != positives.shape[0] || queries.shape[1] != positives.shape[1])
            throw new ArgumentException($"queries [{string.Join(", ", queries.shape)}] and positives [{string.Join(", ", positives.shape)}] must both be [B, d]");
        if (negatives is not null && (negatives.dim() != 2 || negatives.shape[1] != queries.shape[1]))
            throw new ArgumentException($"negatives [{string.Join(", ", negatives.shape)}] must be [M, {queries.shape[1]}]");

        var type = queries.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var q = Normalize(queries, type);                                                     // [B, d]
        var p = Normalize(positives, type);                                                   // [B, d]
        var docs = negatives is null || negatives.shape[0] == 0 ? p : torch.cat([p, Normalize(negatives, type)], 0); // [B + M, d]
        var labels = torch.arange(queries.shape[0], ScalarType.Int64, queries.device);
        var scores = q.matmul(docs.transpose(0, 1)).div(temperature);                         // [B, B + M]
        var queryToDoc = torch.nn.functional.cross_entropy(scores, labels);
        if (!symmetric) return new InfoNceParts(queryToDoc, queryToDoc, null);
        var docToQuery = torch.nn.functional.cross_entropy(p.matmul(q.transpose(0, 1)).div(temperature), labels); // [B, B]
        return new InfoNceParts(queryToDoc.add(docToQuery).mul(0.5), queryToDoc, docToQuery);
    }

    private static Tensor Normalize(Tensor x, ScalarType type) => torch.nn.functional.normalize(x.to(type), 2, 1);
}
