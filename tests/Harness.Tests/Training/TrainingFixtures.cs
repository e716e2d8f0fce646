using Ablation.Harness.Data.Training;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Training;

/// <summary>The small decoder of tests/fixtures/models/embed-tiny (with tokenizer) and made-up training examples.</summary>
internal static class TrainingFixtures
{
    public static string BaseFolder => RepoPaths.Fixture("models", "embed-tiny");

    /// <summary>Examples with distinct texts: "query i", a positive and one hard negative per example.</summary>
    public static List<TrainingExample> Examples(int count, string dataset = "") =>
        [.. Enumerable.Range(0, count).Select(i => new TrainingExample(
            $"term {i} {Words[i % Words.Length]}", $"the meaning of {Words[i % Words.Length]} number {i}",
            [$"something unrelated {i} {Words[(i * 7 + 3) % Words.Length]}"],
            i % 2 == 0 ? "Given a word, retrieve its definition: " : "", dataset, $"memory:{i}"))];

    private static readonly string[] Words =
        ["lamp", "river", "stone", "cloud", "engine", "garden", "violin", "harbor", "pencil", "meadow", "anchor", "candle", "falcon"];

    /// <summary>The fixture decoder in <paramref name="dtype"/> with a pooling head, LoRA adapters whose B matrices are
    /// random (so every adapter gets a gradient) and LoRA dropout from <paramref name="dropout"/>.</summary>
    public static EmbeddingModel Model(ScalarType dtype, string pooling, double loraDropout, Generator dropout, int seed = 3)
    {
        var checkpoint = HuggingFaceCheckpoint.Open(BaseFolder);
        var decoder = checkpoint.LoadDecoder(dtype);
        using var init = new Generator((ulong)seed);
        var spec = new PoolingSpec { Name = pooling };
        var head = PoolingHeads.Create(spec, decoder.Config.HiddenSize, decoder.NumLayers, AttentionMode.Causal, init, dtype);
        var model = new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), AttentionMode.Causal, head, spec, BaseFolder,
            InstructionTemplates.PaperA(null), 32);
        model.AttachLora(new LoraConfig { Rank = 4, Alpha = 8, Dropout = loraDropout }, init, dropout);
        using (torch.no_grad())
            foreach (var (_, layer) in decoder.Projections())
                layer.LoraB?.normal_(0, 0.2, init);
        model.Decoder.train();
        model.Pooling.Module?.train();
        return model;
    }
}
