using Ablation.Harness.Runner;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Tests.Runner;

public class MemoryEstimateTests
{
    // Published parameter counts (Hugging Face model cards / safetensors metadata) of the papers' base models.
    [Theory]
    [InlineData("/path/to/Mistral-7B-v0.1", 7_241_732_096)]
    [InlineData("/path/to/Qwen2-0.5B", 494_032_768)]
    [InlineData("/data/Llama-3.2-1B-Instruct", 1_235_814_400)]
    public void ParameterCountsOfThePapersBasesArePublishedOnes(string path, double expected) =>
        Assert.Equal(expected, MemoryEstimate.Find(path)!.Parameters);

    [Fact]
    public void FullFineTuningNeedsMoreThanLoraAndLongerTextsMoreThanShortOnes()
    {
        var lora = new ModelSpec { Base = new BaseSpec { Model = "/x/Qwen2-0.5B", DType = DTypeKind.Bfloat16 } };
        var full = lora with { Contrastive = lora.Contrastive with { Trainable = TrainableKind.Full } };
        var longer = lora with { MaxLength = 512 };
        var cached = longer with { Contrastive = longer.Contrastive with { MiniBatch = 4 } };
        double Bytes(ModelSpec s) => MemoryEstimate.Cell(s)!.Value.Bytes;
        Assert.True(Bytes(full) > Bytes(lora) + 494e6 * 2 * 3 * 0.95);    // + gradients and two moments of every weight (less the LoRA ones)
        Assert.True(Bytes(longer) > Bytes(lora));
        Assert.True(Bytes(cached) < Bytes(longer));                       // GradCache: activations of a mini-batch only
        Assert.Null(MemoryEstimate.Cell(lora with { Base = new BaseSpec { Model = "/nowhere/unknown-model" } }));
    }
}
