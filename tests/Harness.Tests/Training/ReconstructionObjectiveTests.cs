using Ablation.Harness.Data.Training;
using Ablation.Harness.Training;
using Ablation.Harness.Training.Spec;
using Ablation.Models;
using Ablation.Models.Lora;
using Ablation.Models.Tokenizers;
using Ablation.Torch;
using static Ablation.Harness.Tests.Training.ReconstructionTestModels;

namespace Ablation.Harness.Tests.Training;

public class ReconstructionObjectiveTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long Ignore = -100;

    private static ReconstructionObjective Objective(EmbeddingModel model, SoftTokenLayout layout = SoftTokenLayout.RightPadded,
        ReconstructionMode mode = ReconstructionMode.Joint) =>
        new(model, new ReconstructionSettings { SoftTokenLayout = layout, Mode = mode }, 64, 64);

    private static long[] Row(Tensor t, int r) => t[r].contiguous().data<long>();

    [Theory]
    [InlineData(PaddingSide.Right)]
    [InlineData(PaddingSide.Left)]
    public void RightPaddedLayoutPutsTheSoftTokenAtPositionZeroRightBeforeBos(PaddingSide encoderPadding)
    {
        // llama-tiny: BOS 1, EOS 2, pad 0. Whatever side the encoder pads on, the decoder rows are [e, BOS, text, EOS, pad…].
        using var model = Load("llama-tiny", padding: encoderPadding);
        var objective = Objective(model);
        var batch = Batch();
        var docs = model.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, 64);
        var inputs = objective.Inputs(docs.Batch);
        var bodies = batch.Select(x => x.Positive.Split(' ').Select(long.Parse).ToArray()).ToArray();
        var t = bodies.Max(b => b.Length) + 2;
        Assert.Equal(new long[] { 3, t }, inputs.Ids.shape);
        Assert.Equal(new long[] { 3, t + 1 }, inputs.Mask.shape);
        for (var r = 0; r < 3; r++)
        {
            long[] real = [1, .. bodies[r], 2];
            var pad = t - real.Length;
            Assert.Equal([.. real, .. Enumerable.Repeat(0L, pad)], Row(inputs.Ids, r));
            Assert.Equal([1L, .. real.Select(_ => 1L), .. Enumerable.Repeat(0L, pad)], Row(inputs.Mask, r));
            // soft slot, padding and EOS are ignored; BOS and the text are targets
            Assert.Equal([Ignore, 1L, .. bodies[r], Ignore, .. Enumerable.Repeat(Ignore, pad)], Row(inputs.Labels, r));
            // The decoder's positions (cumsum(mask) − 1): e is 0 and BOS is 1 in every row.
            var positions = inputs.Mask[r].cumsum(0).sub(1L).data<long>();
            Assert.Equal(0, positions[0]);
            Assert.Equal(1, positions[1]);
        }
        Assert.Equal(bodies.Sum(b => b.Length + 1), inputs.Targets);

        // The soft input: row r, column 0 is e_r itself; the rest are the token embeddings of the ids.
        var e = torch.randn([3, 32], new Generator(5));
        var x = objective.SoftInput(e, inputs);
        Assert.Equal(new long[] { 3, t + 1, 32 }, x.shape);
        Assert.Equal(0f, x.select(1, 0).sub(e).abs().max().item<float>());
        Assert.Equal(0f, x.narrow(1, 1, t).sub(model.Decoder.Embed(inputs.Ids)).abs().max().item<float>());
    }

    [Fact]
    public void PaperLeftPaddedLayoutPutsPaddingBetweenTheSoftTokenAndBos()
    {
        using var model = Load("llama-tiny");
        var objective = Objective(model, SoftTokenLayout.PaperLeftPadded);
        var batch = Batch();
        var queries = model.Tokenize([.. batch.Select(x => x.Query)], TextKind.Query, [.. batch.Select(x => (string?)x.Instruction)], 64);
        var inputs = objective.Inputs(queries.Batch);
        var bodies = batch.Select(x => (x.Instruction + " " + x.Query).Split(' ').Select(long.Parse).ToArray()).ToArray();
        var t = bodies.Max(b => b.Length) + 2;
        for (var r = 0; r < 3; r++)
        {
            long[] real = [1, .. bodies[r], 2];
            var pad = t - real.Length;
            Assert.Equal([.. Enumerable.Repeat(0L, pad), .. real], Row(inputs.Ids, r));
            Assert.Equal([1L, .. Enumerable.Repeat(0L, pad), .. real.Select(_ => 1L)], Row(inputs.Mask, r));
            Assert.Equal([Ignore, .. Enumerable.Repeat(Ignore, pad), 1L, .. bodies[r], Ignore], Row(inputs.Labels, r));
        }
        Assert.Contains(bodies, b => b.Length + 2 < t);  // at least one padded row, so the layouts differ
    }

    [Fact]
    public void QwenStyleTokenizerWithoutBosStartsTheTextRightAfterTheSoftToken()
    {
        // qwen2-tiny: no BOS, EOS 91, pad 92, tied embeddings.
        using var model = Load("qwen2-tiny");
        var batch = Batch();
        var docs = model.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, 64);
        var inputs = Objective(model).Inputs(docs.Batch);
        var first = batch[0].Positive.Split(' ').Select(long.Parse).ToArray();
        var t = inputs.Ids.shape[1];
        Assert.Equal([Ignore, .. first, Ignore, .. Enumerable.Repeat(Ignore, (int)t - first.Length - 1)], Row(inputs.Labels, 0));
        Assert.Equal([.. first, 91L, .. Enumerable.Repeat(92L, (int)t - first.Length - 1)], Row(inputs.Ids, 0));
    }

    [Theory]
    [InlineData("llama-tiny", SoftTokenLayout.RightPadded, "right_padded")]
    [InlineData("llama-tiny", SoftTokenLayout.PaperLeftPadded, "paper_left_padded")]
    [InlineData("qwen2-tiny", SoftTokenLayout.RightPadded, "right_padded")]
    [InlineData("qwen2-tiny", SoftTokenLayout.PaperLeftPadded, "paper_left_padded")]
    public void LossPartsAndGradientsMatchThePyTorchReference(string checkpoint, SoftTokenLayout layout, string layoutName)
    {
        var expected = Expected.GetProperty("cases").GetProperty($"{checkpoint}/{layoutName}");
        using var model = Load(checkpoint);
        var objective = Objective(model, layout);
        var result = objective.ForwardBackward(Batch(), step: 0, lossScale: 1.0);

        // The soft tokens: unnormalised EOS states of the query (with its instruction) and of the document.
        using (torch.no_grad())
        {
            var batch = Batch();
            var qt = model.Tokenize([.. batch.Select(x => x.Query)], TextKind.Query, [.. batch.Select(x => (string?)x.Instruction)], 64);
            var dt = model.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, 64);
            Assert.True(MaxAbs(objective.Encode(qt.Ids, qt.Mask, qt.InstructionMask).sub(Floats(expected.GetProperty("e_q")))) < 1e-5);
            Assert.True(MaxAbs(objective.Encode(dt.Ids, dt.Mask, dt.InstructionMask).sub(Floats(expected.GetProperty("e_d")))) < 1e-5);
        }

        Assert.Equal(expected.GetProperty("loss").GetDouble(), result.Loss, 4);
        Assert.Equal(expected.GetProperty("l_d2q").GetDouble(), result.Parts[ReconstructionObjective.PartD2Q], 4);
        Assert.Equal(expected.GetProperty("l_q2d").GetDouble(), result.Parts[ReconstructionObjective.PartQ2D], 4);
        // Tokens: both encoder passes plus both decoder passes (each row one soft token longer).
        long q = Batch().Sum(x => (x.Instruction + " " + x.Query).Split(' ').Length + 2L);
        long d = Batch().Sum(x => x.Positive.Split(' ').Length + 2L);
        if (checkpoint == "qwen2-tiny") { q -= 3; d -= 3; }  // no BOS
        Assert.Equal(2 * (q + d) + 6, result.Tokens);

        foreach (var g in expected.GetProperty("gradients").EnumerateObject())
        {
            var reference = Floats(g.Value);
            var grad = Parameter(model.Decoder, g.Name).grad ?? throw new Xunit.Sdk.XunitException($"{g.Name} has no gradient");
            var scale = MaxAbs(reference);
            Assert.True(scale > 0, $"{g.Name}: the reference gradient is zero, the check would be empty");
            var diff = MaxAbs(grad.sub(reference));
            output.WriteLine($"{g.Name}: max |Δgrad| {diff:G3}, max |grad| {scale:G3}");
            Assert.True(diff <= 2e-5 * scale + 1e-7, $"{g.Name}: max |Δgrad| {diff:G3} vs max |grad| {scale:G3}");
        }
    }

    [Theory]
    [InlineData("llama-tiny")]
    [InlineData("qwen2-tiny")]
    public void TheGradientFlowsThroughTheEmbeddingIntoTheEncodingPass(string checkpoint)
    {
        // Reference gradients with and without e detached differ clearly; ours match the attached ones.
        var full = Expected.GetProperty("cases").GetProperty($"{checkpoint}/right_padded").GetProperty("gradients");
        var detached = Expected.GetProperty("cases").GetProperty($"{checkpoint}/right_padded/detached").GetProperty("gradients");
        using var model = Load(checkpoint);
        Objective(model).ForwardBackward(Batch(), 0, 1.0);
        var name = "model.layers.0.self_attn.q_proj.weight";
        var grad = Parameter(model.Decoder, name).grad!;
        var a = Floats(full.GetProperty(name));
        var b = Floats(detached.GetProperty(name));
        var gap = MaxAbs(a.sub(b));
        Assert.True(gap > 0.05 * MaxAbs(a), $"the encoding pass changes the gradient by only {gap:G3}");
        Assert.True(MaxAbs(grad.sub(a)) < 0.01 * gap);
        Assert.True(MaxAbs(grad.sub(b)) > 0.5 * gap);
    }

    [Fact]
    public void APoolingHeadOnlyTheEncodingPassUsesGetsAGradient()
    {
        using var model = Load("llama-tiny", pooling: "multi_layer_trainable");  // attends over 2 layers, so every head parameter matters
        Objective(model).ForwardBackward(Batch(), 0, 1.0);
        var head = model.Pooling.Module!.named_parameters().ToList();
        Assert.NotEmpty(head);
        Assert.All(head, p => Assert.True(p.parameter.grad is { } g && MaxAbs(g) > 0, $"{p.name} got no gradient"));
    }

    [Fact]
    public void WithLoraOnlyTheAdaptersTrainAndTheyGetGradients()
    {
        using var model = Load("qwen2-tiny");
        using var init = new Generator(11);
        model.AttachLora(new LoraConfig { Rank = 4, Alpha = 8, Dropout = 0 }, init);
        Objective(model).ForwardBackward(Batch(), 0, 1.0);
        var all = model.Decoder.named_parameters().ToList();
        Assert.All(all.Where(p => !p.parameter.requires_grad), p => Assert.Null(p.parameter.grad));
        var loraB = all.Where(p => p.name.Contains("lora_B")).ToList();
        Assert.NotEmpty(loraB);
        // lora_B starts at zero, so lora_A's gradient is zero at step 0; lora_B's is not.
        Assert.All(loraB, p => Assert.True(MaxAbs(p.parameter.grad!) > 0, $"{p.name} got no gradient"));
    }

    [Fact]
    public void AlternateModeRunsOneWeightedTaskPerStepAndLossScaleScalesTheGradient()
    {
        var expected = Expected.GetProperty("cases").GetProperty("llama-tiny/right_padded");
        using var model = Load("llama-tiny");
        var objective = Objective(model, mode: ReconstructionMode.Alternate);
        var even = objective.ForwardBackward(Batch(), step: 4, lossScale: 1.0);
        Assert.Equal([ReconstructionObjective.PartD2Q], even.Parts.Keys);
        Assert.Equal(0.8 * expected.GetProperty("l_d2q").GetDouble(), even.Loss, 4);
        var odd = objective.ForwardBackward(Batch(), step: 5, lossScale: 1.0);
        Assert.Equal([ReconstructionObjective.PartQ2D], odd.Parts.Keys);
        Assert.Equal(0.2 * expected.GetProperty("l_q2d").GetDouble(), odd.Loss, 4);

        // Gradients accumulate into .grad; lossScale multiplies what is added.
        var p = Parameter(model.Decoder, "model.norm.weight");
        model.Decoder.zero_grad();
        objective.ForwardBackward(Batch(), 1, 1.0);
        var once = p.grad!.clone();
        model.Decoder.zero_grad();
        objective.ForwardBackward(Batch(), 1, 0.25);
        Assert.True(MaxAbs(p.grad!.sub(once.mul(0.25))) < 1e-6 * MaxAbs(once) + 1e-9);
    }

    [Fact]
    public void QueriesCarryTheirOwnInstructionAndEachSideIsCutAtItsMaxLength()
    {
        // llama-tiny ids: BOS 1, EOS 2. A query row is [BOS, instruction, query, EOS]; an empty instruction falls back
        // to the templates' query instruction (here "9"). Rows are cut to the max length, EOS kept.
        using var model = Load("llama-tiny");
        model.Instructions = model.Instructions with { QueryInstruction = "9" };
        var objective = new ReconstructionObjective(model, new ReconstructionSettings(), queryMaxLength: 5, docMaxLength: 4);
        TrainingExample[] batch =
        [
            new("17 42", "60 61 62 63 64", [], "50 51", "", "row 0"),
            new("23", "33", [], "", "", "row 1"),
        ];
        var q = model.Tokenize([.. batch.Select(x => x.Query)], TextKind.Query, [.. batch.Select(x => (string?)x.Instruction)], objective.QueryMaxLength);
        var d = model.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, objective.DocMaxLength);
        Assert.Equal([1L, 50, 51, 17, 2], q.Batch.Row(0));
        Assert.Equal([1L, 9, 23, 2], q.Batch.Row(1));
        Assert.Equal([1L, 60, 61, 2], d.Batch.Row(0));
        Assert.Equal([0L, 1, 1, 0, 0], Row(q.InstructionMask, 0));
        var result = objective.ForwardBackward(batch, 0, 1.0);
        Assert.Equal(2 * (9 + 7) + 4, result.Tokens);
    }

    [Fact]
    public void DecodingIsCausalWhateverAttentionTheModelEncodesWith()
    {
        // Same weights, same soft tokens: the reconstruction loss must not depend on the encoder's attention mode
        // (bidirectional decoding would let each position see its target and give a much lower loss).
        using var causal = Load("llama-tiny");
        using var bidirectional = Load("llama-tiny", attention: Ablation.Models.Decoders.AttentionMode.Bidirectional);
        var batch = Batch();
        var e = torch.randn([3, 32], new Generator(8));
        double Loss(EmbeddingModel m)
        {
            var o = Objective(m);
            var docs = m.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, 64);
            return o.Decode(e, o.Inputs(docs.Batch)).item<float>();
        }
        Assert.Equal(Loss(causal), Loss(bidirectional), 6);
        // …while the encodings themselves differ.
        var d = causal.Tokenize([.. batch.Select(x => x.Positive)], TextKind.Document, null, 64);
        var gap = MaxAbs(Objective(causal).Encode(d.Ids, d.Mask, null).sub(Objective(bidirectional).Encode(d.Ids, d.Mask, null)));
        Assert.True(gap > 1e-3);
    }

    [Fact]
    public void BothLayoutsAgreeWhenNoRowIsPadded()
    {
        using var model = Load("llama-tiny");
        TrainingExample[] batch = [new("17 42 5", "60 61 62 63", [], "50", "", "row 0"), new("23 8 9", "33 34 35 36", [], "51", "", "row 1")];
        var right = Objective(model).ForwardBackward(batch, 0, 1.0);
        var left = Objective(model, SoftTokenLayout.PaperLeftPadded).ForwardBackward(batch, 0, 1.0);
        Assert.Equal(right.Loss, left.Loss, 6);
    }

    [Fact]
    public void Bfloat16ModelsTrainWithTheSameLossUpToRounding()
    {
        // llama-tiny-bf16 holds the same values as llama-tiny; the loss is computed in float32 from bf16 logits.
        var expected = Expected.GetProperty("cases").GetProperty("llama-tiny/right_padded").GetProperty("loss").GetDouble();
        using var model = Load("llama-tiny-bf16", dtype: ScalarType.BFloat16);
        var result = Objective(model).ForwardBackward(Batch(), 0, 1.0);
        Assert.True(Math.Abs(result.Loss - expected) < 0.05, $"bf16 loss {result.Loss} vs f32 reference {expected}");
        Assert.Equal(ScalarType.BFloat16, Parameter(model.Decoder, "model.norm.weight").grad!.dtype);
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        using var model = Load("llama-tiny");
        Assert.Throws<ArgumentException>(() => new ReconstructionObjective(model, new ReconstructionSettings { WD2Q = 0, WQ2D = 0 }, 64, 64));
        Assert.Throws<ArgumentException>(() => new ReconstructionObjective(model, new ReconstructionSettings { WD2Q = -1 }, 64, 64));
        Assert.Throws<ArgumentException>(() => new ReconstructionObjective(model, new ReconstructionSettings(), 1, 64));
        Assert.Throws<ArgumentException>(() => Objective(model).ForwardBackward([], 0, 1.0));
    }
}
