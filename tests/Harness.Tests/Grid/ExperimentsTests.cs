using Ablation.Harness.Grid;
using Ablation.Harness.Training.Spec;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Grid;

/// <summary>Every grid in experiments/ loads, and expands to the designs its documentation promises.</summary>
public sealed class ExperimentsTests
{
    private static GridPlan Load(string name) => GridFile.Load(Path.Combine(RepoPaths.Root, "experiments", name));

    public static TheoryData<string> Grids()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "experiments"), "*.json").Select(Path.GetFileName).Order())
            if (file != "grid.schema.json") data.Add(file!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void Loads(string file)
    {
        var plan = Load(file);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), plan.Name);
        Assert.NotNull(plan.Baseline);
        Assert.Equal(plan.Designs.Count * plan.Seeds.Count, plan.Cells.Count);
    }

    [Fact]
    public void QuickstartHasPaperAsFiveModelsAndPaperBsTwoStagesWithTwoSeeds()
    {
        var plan = Load("quickstart.json");
        Assert.Equal(["M1", "M2", "M3", "M4", "M5", "M1+rec"], plan.Designs.Select(d => d.Name));
        Assert.Equal([1, 2], plan.Seeds);
        Assert.Equal("M1", plan.Baseline!.Name);
        var m1 = plan.Design("M1").Spec;
        Assert.Equal(("eos_last", AttentionKind.Causal), (m1.Pooling, m1.Attention));
        Assert.Equal([StageKind.Contrastive], m1.Stages);
        Assert.Equal((("multi_layer_trainable", AttentionKind.Bidirectional)), (plan.Design("M5").Spec.Pooling, plan.Design("M5").Spec.Attention));
        Assert.Equal([StageKind.Reconstruction, StageKind.Contrastive], plan.Design("M1+rec").Spec.Stages);
        Assert.All(plan.Cells, c => Assert.Equal("builtin:tiny-base", c.Spec.Base.Model));
    }

    [Fact]
    public void BuiltinFullAddsMeanAndLatentAttentionWithThreeSeeds()
    {
        var plan = Load("builtin-full.json");
        Assert.Equal([1, 2, 3], plan.Seeds);
        Assert.Contains(plan.Designs, d => d.Spec.Pooling == "mean");
        Assert.Contains(plan.Designs, d => d.Spec.Pooling == "latent_attention");
        Assert.Equal(Load("quickstart.json").Designs.Select(d => d.Name), plan.Designs.Take(6).Select(d => d.Name));
    }

    [Theory]
    [InlineData("paper-a-mistral-7b.json", "/path/to/Mistral-7B-v0.1")]
    [InlineData("paper-a-qwen2-0.5b.json", "/path/to/Qwen2-0.5B")]
    public void PaperAGridsUseThePapersSettings(string file, string model)
    {
        var plan = Load(file);
        Assert.Equal(["M1", "M2", "M3", "M4", "M5"], plan.Designs.Select(d => d.Name));
        var head = Ablation.Models.Pooling.PoolingHeadConfig.PaperA;
        foreach (var cell in plan.Cells)
        {
            var s = cell.Spec;
            Assert.Equal(model, s.Base.Model);
            Assert.Equal(DTypeKind.Bfloat16, s.Base.DType);
            Assert.Equal((16, 32.0, 0.1), (s.Lora.R, s.Lora.Alpha, s.Lora.Dropout));
            Assert.Equal(7, s.Lora.Targets.Count);
            Assert.Equal((1000, 8 * 256, 1e-5, 100, 0.05, 1), (s.Contrastive.Steps, s.Contrastive.Batch * s.Contrastive.GradAccum,
                s.Contrastive.Lr, s.Contrastive.WarmupSteps, s.Contrastive.Temperature, s.Contrastive.HardNegatives));
            if (s.Pooling == "eos_last") Assert.Null(s.PoolingHead);
            else Assert.Equal(new PoolingHeadSpec { NumLatents = head.NumLatents, NumHeads = head.NumHeads, HeadDim = head.HeadDim, FfnMult = head.FfnMult }, s.PoolingHead);
        }
        Assert.Equal(39, plan.Evaluation.Tasks!.Count);
    }

    [Fact]
    public void PaperBGridComparesContrastiveAloneWithReconstructionFirst()
    {
        var plan = Load("paper-b-llama-3.2-1b.json");
        Assert.Equal("contrastive", plan.Baseline!.Name);
        var both = plan.Design("reconstruction+contrastive").Spec;
        Assert.Equal((2000, 512, 4e-5, 300, TrainableKind.Full, 0.8, 0.2), (both.Reconstruction.Steps, both.Reconstruction.Batch * both.Reconstruction.GradAccum,
            both.Reconstruction.Lr, both.Reconstruction.WarmupSteps, both.Reconstruction.Trainable, both.Reconstruction.WD2Q, both.Reconstruction.WQ2D));
        Assert.Equal((1024, 2e-4, 0.02, true, 0.05), (both.Contrastive.Batch, both.Contrastive.Lr, both.Contrastive.Temperature,
            both.Contrastive.HomogeneousBatches, both.Lora.Dropout));
        Assert.Equal(512, plan.Design("contrastive").Spec.Contrastive.Batch);
        Assert.All(plan.Cells, c => Assert.Equal(("eos_last", AttentionKind.Causal), (c.Spec.Pooling, c.Spec.Attention)));
    }
}
