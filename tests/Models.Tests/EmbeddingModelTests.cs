using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;
using Ablation.Torch;

namespace Ablation.Models.Tests;

public class EmbeddingModelTests
{
    private static readonly string[] Texts =
        ["the cat sat on the mat", "a dog", "embeddings of short and much longer sentences are compared here", "x", "the cat"];

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    private static double MaxDiff(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b) =>
        a.Zip(b).Max(p => p.First.Zip(p.Second).Max(q => Math.Abs(q.First - q.Second)));

    [Theory]
    [InlineData("eos_last", "causal")]
    [InlineData("mean", "bidirectional")]
    public void EncodeIsNormalisedAndIndependentOfBatchingAndOrder(string pooling, string attention)
    {
        var options = new EmbeddingLoadOptions { Pooling = pooling, Attention = AttentionModes.Parse(attention), BatchSize = 2 };
        using var model = EmbeddingModel.Load(Fixtures.Checkpoint("embed-tiny"), options);
        var e = model.Encode(Texts, TextKind.Query);
        Assert.Equal(Texts.Length, e.Count);
        Assert.All(e, v => Assert.Equal(32, v.Length));
        Assert.All(e, v => Assert.True(Math.Abs(Norm(v) - 1) < 1e-5));

        var permutation = new[] { 3, 0, 4, 2, 1 };
        model.BatchSize = 5;
        var shuffled = model.Encode([.. permutation.Select(i => Texts[i])], TextKind.Query);
        Assert.True(MaxDiff([.. permutation.Select(i => e[i])], shuffled) < 1e-5);

        // One text alone (no padding at all) gives the same vector as inside a padded batch.
        var alone = model.Encode([Texts[1]], TextKind.Query);
        Assert.True(MaxDiff([e[1]], alone) < 1e-5);
    }

    [Fact]
    public void InstructionsGoOnQueriesOnly()
    {
        using var model = EmbeddingModel.Load(Fixtures.Checkpoint("embed-tiny"),
            new EmbeddingLoadOptions { QueryInstruction = "Retrieve semantically similar text. " });
        using var plain = EmbeddingModel.Load(Fixtures.Checkpoint("embed-tiny"));
        var q = model.Encode(["the cat"], TextKind.Query);
        var d = model.Encode(["the cat"], TextKind.Document);
        var p = plain.Encode(["the cat"], TextKind.Query);
        Assert.True(MaxDiff(d, p) < 1e-6);
        Assert.True(MaxDiff(q, p) > 1e-3);
    }

    [Fact]
    public void InstructionTokensAreMarkedForMeanPooling()
    {
        using var model = EmbeddingModel.Load(Fixtures.Checkpoint("embed-tiny"),
            new EmbeddingLoadOptions { QueryInstruction = "Instruct: find the cat. Query: " });
        var prefixTokens = model.Tokenizer.Encode("Instruct: find the cat. Query: ", addSpecial: false).Length;
        var (_, mask, instruction, batch) = model.Tokenize(["the cat", "a"], TextKind.Query);
        var marks = instruction.data<long>();
        for (var r = 0; r < 2; r++)
        {
            var row = marks.AsSpan(r * batch.SequenceLength, batch.SequenceLength).ToArray();
            Assert.Equal(prefixTokens, row.Sum());
            Assert.Equal(0, row[0]);   // BOS is not instruction
            Assert.Equal(1, row[1]);
        }
        Assert.Equal(0L, instruction.mul(mask.neg().add(1L)).sum().item<long>());
    }

    [Fact]
    public void TrainedModelSavesAndLoadsSeparatelyFromTheBase()
    {
        var folder = Directory.CreateTempSubdirectory("trained").FullName;
        try
        {
            var checkpoint = HuggingFaceCheckpoint.Open(Fixtures.Checkpoint("embed-tiny"));
            var decoder = checkpoint.LoadDecoder();
            using var g = new Generator(9);
            var spec = new PoolingSpec { Name = "multi_layer_trainable", Head = new PoolingHeadConfig(4, 2, 8, 2) };
            var head = PoolingHeads.Create(spec, 32, 2, AttentionMode.Bidirectional, g);
            using var model = new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), AttentionMode.Bidirectional, head, spec,
                Fixtures.Checkpoint("embed-tiny"), InstructionTemplates.PaperA("Query: "), 64);
            model.AttachLora(new LoraConfig { Rank = 2, Dropout = 0 }, g);
            using (torch.no_grad())
                foreach (var (_, layer) in decoder.Projections()) layer.LoraB?.copy_(torch.randn(layer.LoraB.shape, g).mul(0.1));
            var before = model.Encode(Texts, TextKind.Query);
            model.Save(folder);
            Assert.True(File.Exists(Path.Combine(folder, EmbeddingModelConfig.FileName)));
            Assert.True(File.Exists(Path.Combine(folder, "adapter_model.safetensors")));
            Assert.True(File.Exists(Path.Combine(folder, EmbeddingModel.HeadFile)));
            Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));

            using var loaded = EmbeddingModel.Load(folder);
            Assert.Equal(AttentionMode.Bidirectional, loaded.Attention);
            Assert.Equal("multi_layer_trainable", loaded.Pooling.Name);
            Assert.True(MaxDiff(before, loaded.Encode(Texts, TextKind.Query)) < 1e-6);
            Assert.Throws<ArgumentException>(() => EmbeddingModel.Load(folder, new EmbeddingLoadOptions { Pooling = "mean" }));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void ABareCheckpointRefusesTrainableHeads() =>
        Assert.Throws<ArgumentException>(() =>
            EmbeddingModel.Load(Fixtures.Checkpoint("embed-tiny"), new EmbeddingLoadOptions { Pooling = "last_layer_trainable" }));
}
