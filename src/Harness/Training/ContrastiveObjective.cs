using Ablation.Harness.Data.Training;
using Ablation.Harness.Training.Spec;
using Ablation.Models;
using Ablation.Models.Losses;
using Ablation.Torch;

namespace Ablation.Harness.Training;

/// <summary>
/// The contrastive stage's objective: <see cref="InfoNceLoss"/> over a batch's queries (each with its own
/// instruction), positives and first <c>hard_negatives</c> negatives. Queries are cut at the query length,
/// documents (positives and negatives, encoded together) at the document length.
/// </summary>
/// <remarks>
/// With <c>mini_batch</c> set, GradCache (Gao et al. 2021) keeps the number of negatives of the full batch at the
/// memory cost of a mini-batch:
/// (1) embed every mini-batch without a graph and keep the embeddings;
/// (2) compute the loss on them and its gradient with respect to each embedding;
/// (3) embed each mini-batch again, with a graph, and back-propagate the cached gradient through it.
/// Dropout (LoRA's) draws from <c>dropout</c>; step (1) records that generator's state before each mini-batch and
/// step (3) restores it, so both passes see the same masks and the gradients equal the full-batch ones. Without
/// the replay the re-encoding uses new masks and the gradients are silently wrong (<see cref="ReplayDropout"/>).
/// </remarks>
public sealed class ContrastiveObjective : ITrainingObjective
{
    private readonly EmbeddingModel _model;
    private readonly ContrastiveSettings _settings;
    private readonly int _queryMaxLength;
    private readonly int _docMaxLength;
    private readonly Generator? _dropout;

    public ContrastiveObjective(EmbeddingModel model, ContrastiveSettings settings, int queryMaxLength, int docMaxLength, Generator? dropout)
    {
        if (settings.MiniBatch is <= 0) throw new ArgumentException($"contrastive.mini_batch must be positive, not {settings.MiniBatch}");
        _model = model;
        _settings = settings;
        _queryMaxLength = queryMaxLength;
        _docMaxLength = docMaxLength;
        _dropout = dropout;
    }

    /// <summary>Restore the dropout generator before re-encoding (GradCache step 3). Only a test turns this off.</summary>
    public bool ReplayDropout { get; init; } = true;

    public ObjectiveResult ForwardBackward(IReadOnlyList<TrainingExample> batch, int step, double lossScale)
    {
        using var scope = torch.NewDisposeScope();
        var queries = Side.Queries(batch, _queryMaxLength);
        var docs = Side.Documents(batch, _settings.HardNegatives, _docMaxLength);
        return _settings.MiniBatch is { } mini && mini < Math.Max(queries.Count, docs.Count)
            ? GradCache(queries, docs, batch.Count, mini, lossScale)
            : FullBatch(queries, docs, batch.Count, lossScale);
    }

    private ObjectiveResult FullBatch(Side queries, Side docs, int b, double lossScale)
    {
        long tokens = 0;
        var q = queries.Embed(_model, 0, queries.Count, ref tokens);
        var d = docs.Embed(_model, 0, docs.Count, ref tokens);
        var parts = Loss(q, d, b);
        parts.Loss.mul(lossScale).backward();
        return Result(parts, tokens);
    }

    private ObjectiveResult GradCache(Side queries, Side docs, int b, int mini, double lossScale)
    {
        long tokens = 0;
        // (1) Embeddings without a graph, recording the dropout stream before each mini-batch.
        var states = new List<Tensor?>();
        Tensor Cache(Side side)
        {
            var rows = new List<Tensor>();
            using var noGrad = torch.no_grad();
            for (var start = 0; start < side.Count; start += mini)
            {
                states.Add(_dropout?.get_state());
                rows.Add(side.Embed(_model, start, Math.Min(mini, side.Count - start), ref tokens));
            }
            return torch.cat(rows, 0).detach().requires_grad_();
        }
        var q = Cache(queries);
        var d = Cache(docs);
        var after = _dropout?.get_state();

        // (2) Loss and its gradient with respect to the cached embeddings.
        var parts = Loss(q, d, b);
        parts.Loss.mul(lossScale).backward();
        var gq = q.grad!;
        var gd = d.grad!;

        // (3) Re-encode with a graph and push the cached gradients through, mini-batch by mini-batch.
        var chunk = 0;
        void Replay(Side side, Tensor gradient)
        {
            for (var start = 0; start < side.Count; start += mini, chunk++)
            {
                using var inner = torch.NewDisposeScope();
                var n = Math.Min(mini, side.Count - start);
                if (ReplayDropout && states[chunk] is { } state) _dropout!.set_state(state);
                long again = 0;
                var e = side.Embed(_model, start, n, ref again);
                e.backward(gradient.narrow(0, start, n).to(e.dtype));
            }
        }
        Replay(queries, gq);
        Replay(docs, gd);
        if (after is not null) _dropout!.set_state(after); // the stream continues as after one pass
        return Result(parts, tokens);
    }

    private InfoNceParts Loss(Tensor q, Tensor d, int b) =>
        InfoNceLoss.Compute(q, d.narrow(0, 0, b), d.shape[0] > b ? d.narrow(0, b, d.shape[0] - b) : null,
            _settings.Temperature, _settings.Symmetric);

    private static ObjectiveResult Result(InfoNceParts parts, long tokens)
    {
        var loss = parts.Loss.to(ScalarType.Float64).item<double>();
        var named = new Dictionary<string, double>();
        if (parts.DocToQuery is { } d2q)
        {
            named["loss_q2d"] = parts.QueryToDoc.to(ScalarType.Float64).item<double>();
            named["loss_d2q"] = d2q.to(ScalarType.Float64).item<double>();
        }
        return new ObjectiveResult(loss, named, tokens);
    }

    /// <summary>The part names <see cref="ForwardBackward"/> reports for these settings (columns of train-metrics.csv).</summary>
    public static IReadOnlyList<string> PartNames(ContrastiveSettings settings) => settings.Symmetric ? ["loss_q2d", "loss_d2q"] : [];

    /// <summary>One side of the batch: texts with their instructions, tokenised in slices.</summary>
    private sealed record Side(IReadOnlyList<string> Texts, IReadOnlyList<string?> Instructions, TextKind Kind, int MaxLength)
    {
        public int Count => Texts.Count;

        public static Side Queries(IReadOnlyList<TrainingExample> batch, int maxLength) =>
            new([.. batch.Select(e => e.Query)], [.. batch.Select(e => (string?)e.Instruction)], TextKind.Query, maxLength);

        /// <summary>Positives in batch order, then every example's first <paramref name="k"/> negatives.</summary>
        public static Side Documents(IReadOnlyList<TrainingExample> batch, int k, int maxLength)
        {
            var texts = batch.Select(e => e.Positive).Concat(batch.SelectMany(e => e.Negatives.Take(k))).ToList();
            return new Side(texts, [.. texts.Select(_ => (string?)null)], TextKind.Document, maxLength);
        }

        /// <summary>Embeddings of rows [start, start + count); adds their real tokens to <paramref name="tokens"/>.</summary>
        public Tensor Embed(EmbeddingModel model, int start, int count, ref long tokens)
        {
            var (ids, mask, instruction, batch) = model.Tokenize(Slice(Texts, start, count), Kind, Slice(Instructions, start, count), MaxLength);
            tokens += batch.Lengths.Sum();
            return model.EmbedTokens(ids, mask, instruction);
        }

        private static List<T> Slice<T>(IReadOnlyList<T> list, int start, int count) => [.. list.Skip(start).Take(count)];
    }
}
