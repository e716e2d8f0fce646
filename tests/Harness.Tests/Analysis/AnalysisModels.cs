using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Analysis;

/// <summary>Models for the layer-analysis tests: the embed-tiny fixture checkpoint, and deep random decoders with its tokenizer.</summary>
internal static class AnalysisModels
{
    public static string Checkpoint => RepoPaths.Fixture("models", "embed-tiny");

    /// <summary>A Llama decoder with <paramref name="layers"/> layers and seeded N(0, 0.05) weights, with embed-tiny's tokenizer.</summary>
    public static EmbeddingModel Random(int layers, int hidden = 32, int batchSize = 8, int maxLength = 32)
    {
        var checkpoint = HuggingFaceCheckpoint.Open(Checkpoint);
        var config = checkpoint.Config with { NumHiddenLayers = layers, HiddenSize = hidden, HeadDim = hidden / 4, IntermediateSize = 2 * hidden };
        var decoder = new LlamaDecoder(config);
        using (var generator = new Generator(1234))
        using (torch.no_grad())
            foreach (var (name, parameter) in decoder.named_parameters())
            {
                if (parameter.dim() >= 2) parameter.normal_(0, 0.05, generator);
                else if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(1);
                else parameter.fill_(0);
            }
        return new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), AttentionMode.Causal, new EosLastPooling(),
            new PoolingSpec { Name = "eos_last" }, "random", InstructionTemplates.PaperA(null), maxLength) { BatchSize = batchSize };
    }

    /// <summary>Distinct texts of varied length (2–41 words) built from a fixed vocabulary.</summary>
    public static List<string> Texts(int count, int seed = 5)
    {
        string[] words = ["the", "cat", "compiler", "sat", "on", "a", "byte", "river", "quickly", "green", "runs", "memory", "of", "small", "dog"];
        var random = new Random(seed);
        var texts = new HashSet<string>();
        while (texts.Count < count)
            texts.Add(string.Join(' ', Enumerable.Range(0, 2 + random.Next(40)).Select(_ => words[random.Next(words.Length)])));
        return [.. texts];
    }
}
