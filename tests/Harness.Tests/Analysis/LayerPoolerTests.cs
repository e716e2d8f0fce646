using Ablation.Harness.Analysis;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Analysis;

/// <summary>Per-layer embeddings: the last layer is the model's normal embedding; lower layers are really other layers.</summary>
public class LayerPoolerTests
{
    private static readonly string[] Texts = ["a small dog barked", "the compiler emits byte code", "to run quickly", "x"];
    private const string Instruction = "Find the definition: ";

    [Theory]
    [InlineData("eos_last", "causal")]
    [InlineData("mean", "causal")]
    [InlineData("mean", "bidirectional")]
    public void LastLayerEqualsTheEvaluationEncoderOfTheModel(string pooling, string attention)
    {
        string spec = $"{AnalysisModels.Checkpoint}#pooling={pooling},attention={attention},max_length=64,batch_size=3";
        using var reference = (EmbeddingModelEncoder)EmbeddingModelEncoder.TryCreate(spec)!;
        using var model = EmbeddingModel.Load(AnalysisModels.Checkpoint, new EmbeddingLoadOptions
        {
            Attention = Ablation.Models.Decoders.AttentionModes.Parse(attention), MaxLength = 64, BatchSize = 3,
        });
        var pooler = new LayerPooler(model);
        using var store = new LayerEmbeddingStore(pooler);
        int last = pooler.States - 1;
        Assert.Equal(3, pooler.States);
        foreach (var (kind, instruction) in new[] { (TextKind.Query, Instruction), (TextKind.Document, (string?)null) })
        {
            var expected = reference.Encode(Texts, kind, instruction);
            var actual = new LayerEncoder(store, pooling, last, "m", 3).Encode(Texts, kind, instruction);
            var lower = new LayerEncoder(store, pooling, 1, "m", 3).Encode(Texts, kind, instruction);
            for (int i = 0; i < Texts.Length; i++)
            {
                var e = expected.Row(i).ToArray();
                var a = actual.Row(i).ToArray();
                for (int j = 0; j < e.Length; j++) Assert.Equal(e[j], a[j], 5);
                Assert.True(MaxAbsDifference(e, lower.Row(i).ToArray()) > 1e-3, "layer 1 must differ from the last layer");
            }
        }
        // Each text was encoded once per side (query with its instruction, document without), not once per layer read.
        Assert.Equal(2 * Texts.Length, store.Count);
    }

    [Fact]
    public void LayerZeroEosLastIsTheNormalisedEosTokenEmbedding()
    {
        using var model = EmbeddingModel.Load(AnalysisModels.Checkpoint, new EmbeddingLoadOptions { MaxLength = 64 });
        var pooler = new LayerPooler(model);
        var pooled = pooler.Pool(Texts, TextKind.Document, null, normalize: true);
        int eos = model.Tokenizer.EosId ?? throw new InvalidOperationException("fixture tokenizer has no EOS");
        float[] row;
        using (torch.no_grad())
            row = model.Decoder.Model.EmbedTokens.weight.select(0, eos).to(ScalarType.Float32).contiguous().data<float>();
        double norm = Math.Sqrt(row.Sum(v => (double)v * v));
        int d = pooler.Dimension;
        for (int i = 0; i < Texts.Length; i++)
            for (int j = 0; j < d; j++)
                Assert.Equal(row[j] / norm, pooled[0][0][i * d + j], 5);
    }

    private static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
