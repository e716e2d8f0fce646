using Ablation.Harness.Data.Training;
using Ablation.Harness.Training.Spec;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Losses;
using Ablation.Torch;

namespace Ablation.Harness.Training;

/// <summary>
/// Paper B's stage I (Su et al., B1.3): bidirectional embedding-based reconstruction. Each query (with its
/// instruction) and its positive document are encoded with gradients through the model's own path (attention mode
/// and pooling head; the embedding is not normalised). EBQ2D feeds e_Q as one soft input embedding in front of the
/// document's token embeddings and the same decoder and LM head reconstruct the document (teacher forcing, shifted
/// next-token cross-entropy) → L_Q2D; EBD2Q does the same from e_D to the query tokens → L_D2Q. The loss is
/// w_d2q·L_D2Q + w_q2d·L_Q2D (mode joint), or one weighted task per step, EBD2Q on even steps (mode alternate).
/// Gradients reach the encoding pass through e: nothing is detached, the whole model is one set of weights.
/// </summary>
/// <remarks>
/// The decoding pass is always causal, whatever attention the embedding model encodes with: it is next-token
/// prediction, and bidirectional attention would let every position see its target. Which parameters train (full,
/// LoRA) is decided by the stage loop through <c>requires_grad</c>; this class only runs forward and backward.
/// </remarks>
public sealed class ReconstructionObjective : ITrainingObjective
{
    public const string PartD2Q = "l_d2q";
    public const string PartQ2D = "l_q2d";

    private readonly EmbeddingModel _model;
    private readonly ReconstructionSettings _settings;

    public ReconstructionObjective(EmbeddingModel model, ReconstructionSettings settings, int queryMaxLength, int docMaxLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.WD2Q >= 0 && settings.WQ2D >= 0 && double.IsFinite(settings.WD2Q) && double.IsFinite(settings.WQ2D)) || settings.WD2Q + settings.WQ2D == 0)
            throw new ArgumentException($"reconstruction weights w_d2q {settings.WD2Q} and w_q2d {settings.WQ2D} must be finite, ≥ 0 and not both 0");
        if (queryMaxLength < 2 || docMaxLength < 2)
            throw new ArgumentException($"query/doc max lengths {queryMaxLength}/{docMaxLength} must be at least 2 (a text token and EOS)");
        _model = model;
        _settings = settings;
        QueryMaxLength = queryMaxLength;
        DocMaxLength = docMaxLength;
    }

    public int QueryMaxLength { get; }
    public int DocMaxLength { get; }

    /// <summary>Which tasks run at optimiser step <paramref name="step"/>: both (joint), else EBD2Q on even steps.</summary>
    public (bool D2Q, bool Q2D) TasksAt(int step) => _settings.Mode switch
    {
        ReconstructionMode.Joint => (_settings.WD2Q > 0, _settings.WQ2D > 0),
        ReconstructionMode.Alternate when _settings.WD2Q == 0 || _settings.WQ2D == 0 => (_settings.WD2Q > 0, _settings.WQ2D > 0),
        ReconstructionMode.Alternate => (step % 2 == 0, step % 2 != 0),
        _ => throw new ArgumentOutOfRangeException(nameof(step), $"unknown reconstruction mode {_settings.Mode}"),
    };

    public ObjectiveResult ForwardBackward(IReadOnlyList<TrainingExample> batch, int step, double lossScale)
    {
        using var scope = torch.NewDisposeScope();
        var pass = Forward(batch, step);
        pass.Loss.mul(lossScale).backward();
        var parts = new Dictionary<string, double>();
        if (pass.D2Q is { } d2q) parts[PartD2Q] = d2q.item<float>();
        if (pass.Q2D is { } q2d) parts[PartQ2D] = q2d.item<float>();
        return new ObjectiveResult(pass.Loss.item<float>(), parts, pass.Tokens);
    }

    /// <summary>The forward pass of one batch with its graph (no backward): the weighted loss and each task's loss.</summary>
    public ReconstructionPass Forward(IReadOnlyList<TrainingExample> batch, int step)
    {
        if (batch.Count == 0) throw new ArgumentException("a reconstruction batch needs at least one example", nameof(batch));
        var (runD2Q, runQ2D) = TasksAt(step);
        var queries = _model.Tokenize([.. batch.Select(x => x.Query)], TextKind.Query, [.. batch.Select(x => (string?)x.Instruction)], QueryMaxLength);
        var docs = _model.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, DocMaxLength);
        long tokens = 0;
        Tensor? lD2Q = null, lQ2D = null;
        if (runQ2D)
        {
            var eQ = Encode(queries.Ids, queries.Mask, queries.InstructionMask);
            tokens += queries.Batch.Lengths.Sum();
            var target = Inputs(docs.Batch);
            lQ2D = Decode(eQ, target);
            tokens += target.Tokens;
        }
        if (runD2Q)
        {
            var eD = Encode(docs.Ids, docs.Mask, docs.InstructionMask);
            tokens += docs.Batch.Lengths.Sum();
            var target = Inputs(queries.Batch);
            lD2Q = Decode(eD, target);
            tokens += target.Tokens;
        }
        var loss = (lD2Q, lQ2D) switch
        {
            ({ } a, { } b) => a.mul(_settings.WD2Q).add(b.mul(_settings.WQ2D)),
            ({ } a, null) => a.mul(_settings.WD2Q),
            (null, { } b) => b.mul(_settings.WQ2D),
            _ => throw new InvalidOperationException("no reconstruction task runs at this step"),
        };
        return new ReconstructionPass(loss, lD2Q, lQ2D, tokens);
    }

    /// <summary>Unnormalised embeddings [B, hidden] with gradients (the soft tokens).</summary>
    public Tensor Encode(Tensor ids, Tensor mask, Tensor? instructionMask)
    {
        var e = _model.EmbedTokens(ids, mask, instructionMask, normalize: false);
        if (e.dim() != 2 || e.shape[1] != _model.Decoder.Config.HiddenSize)
            throw new InvalidOperationException(
                $"pooling '{_model.Pooling.Name}' gives embeddings of shape [{string.Join(", ", e.shape)}]; a soft input token needs [B, {_model.Decoder.Config.HiddenSize}] (the decoder's hidden size)");
        return e;
    }

    /// <summary>The decoder side of one task in this objective's layout.</summary>
    public ReconstructionInputs Inputs(Models.Tokenizers.TokenBatch targets) =>
        ReconstructionInputs.Build(targets, _settings.SoftTokenLayout, _model.Tokenizer.PadId, _model.Tokenizer.EosId);

    /// <summary>Input embeddings [B, T + 1, hidden]: <paramref name="e"/> [B, hidden] at column 0, then the token embeddings.</summary>
    public Tensor SoftInput(Tensor e, ReconstructionInputs inputs)
    {
        var tokens = _model.Decoder.Embed(inputs.Ids);
        return torch.cat([e.to(tokens.dtype).unsqueeze(1), tokens], 1);
    }

    /// <summary>Reconstruction loss of <paramref name="inputs"/>' tokens from the soft tokens <paramref name="e"/>.</summary>
    public Tensor Decode(Tensor e, ReconstructionInputs inputs)
    {
        var output = _model.Decoder.ForwardEmbeddings(SoftInput(e, inputs), inputs.Mask, AttentionMode.Causal, logits: true);
        return ReconstructionLoss.Compute(output.Logits!, inputs.Labels);
    }
}
