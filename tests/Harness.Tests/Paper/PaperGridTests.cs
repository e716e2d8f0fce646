using Ablation.Harness.Grid;
using Ablation.Harness.Reporting;
using Ablation.Harness.Reporting.Paper;
using Ablation.Harness.Tests.Reporting;
using Ablation.Harness.Training.Spec;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Paper;

/// <summary>The paper B ablation and convergence grids load and contain the designs their artefacts recognise.</summary>
public sealed class PaperGridTests
{
    private static GridPlan Load(string name) => GridFile.Load(Path.Combine(RepoPaths.Root, "experiments", name));

    [Theory]
    [InlineData("paper-b-ablation.json", "builtin:tiny-base-long")]
    [InlineData("paper-b-ablation-llama-3.2-1b.json", "/path/to/Llama-3.2-1B-Instruct")]
    public void AblationGrids_HaveStageOneOnOff_AndEachObjectiveAlone(string file, string model)
    {
        var plan = Load(file);
        Assert.Equal("stage-II-only", plan.Baseline!.Name);
        Assert.All(plan.Cells, c => Assert.Equal(model, c.Spec.Base.Model));
        Assert.All(plan.Designs, d => Assert.Equal(("eos_last", AttentionKind.Causal), (d.Spec.Pooling, d.Spec.Attention)));
        (string, double, double) Of(string name)
        {
            var s = plan.Design(name).Spec;
            return (string.Join("+", s.Stages), s.Reconstruction.WD2Q, s.Reconstruction.WQ2D);
        }
        const string recCon = "Reconstruction+Contrastive";
        Assert.Equal("Contrastive", Of("stage-II-only").Item1);
        Assert.Equal((recCon, 0.8, 0.2), Of("stage-I+II"));
        Assert.Equal((recCon, 1.0, 0.0), Of("EBD2Q-only+II"));
        Assert.Equal((recCon, 0.0, 1.0), Of("EBQ2D-only+II"));
        Assert.Equal("Reconstruction", Of("stage-I-only").Item1);
        // Stage II is the same in every design that runs it, so only stage I differs.
        Assert.Single(plan.Designs.Where(d => d.Spec.Stages.Contains(StageKind.Contrastive)).Select(d => d.Spec.Contrastive).Distinct());
    }

    [Fact]
    public void ConvergenceGrid_TrainsStageTwoForSeveralStepCounts_WithAConstantRate()
    {
        var plan = Load("paper-b-convergence.json");
        Assert.Equal(10, plan.Designs.Count);
        Assert.All(plan.Designs, d => Assert.Equal(ScheduleKind.ConstantWithWarmup, d.Spec.Contrastive.Schedule));
        Assert.Equal([25, 50, 100, 200, 400], plan.Designs.Select(d => d.Spec.Contrastive.Steps).Distinct().Order());
        Assert.Equal(400, plan.Baseline!.Spec.Contrastive.Steps);
    }

    /// <summary>
    /// paper-b-ablation.json's stage-II-only and stage-I+II are builtin-full.json's M1 and M1+rec, setting for
    /// setting (the same cell ids), so the committed example's numbers for those cells can be checked across grids.
    /// </summary>
    [Fact]
    public void AblationGrid_SharesItsStageOneOnOffCellsWithBuiltinFull()
    {
        var ablation = Load("paper-b-ablation.json");
        var full = Load("builtin-full.json");
        string[] Ids(GridPlan plan, string design) => plan.Cells.Where(c => c.Design == design).Select(c => c.Id).Order().ToArray();
        Assert.Equal(Ids(full, "M1"), Ids(ablation, "stage-II-only"));
        Assert.Equal(Ids(full, "M1+rec"), Ids(ablation, "stage-I+II"));
        Assert.Equal(3, Ids(ablation, "stage-I+II").Length);
    }

    /// <summary>The designs of the real grids, as resolved by GridFile (the specs the runner writes to config.json), play the paper models.</summary>
    [Theory]
    [InlineData("builtin-full.json", "M1,M2,M3,M4,M5|M1|M1+rec|||")]
    [InlineData("quickstart.json", "M1,M2,M3,M4,M5|M1|M1+rec|||")]
    [InlineData("paper-a-mistral-7b.json", "M1,M2,M3,M4,M5|M1||||")]
    [InlineData("paper-b-ablation.json", "stage-II-only,,,,|stage-II-only|stage-I+II|EBD2Q-only+II|EBQ2D-only+II|stage-I-only")]
    [InlineData("paper-b-convergence.json", "stage-II-only,contrastive.steps=400,,,,|stage-II-only,contrastive.steps=400|stage-I+II,contrastive.steps=400|||")]
    public void RealGrids_DesignsPlayThePaperModels(string file, string expected)
    {
        var plan = Load(file);
        using var dir = new TempFolder();
        new PaperFolder
        {
            Designs = plan.Designs.Select(d => (d.Name, d.Spec)).ToArray(), Tasks = [("Retr1", "retrieval")], Seeds = [1],
            Scores = (_, _, _) => [0.5, 0.6],
        }.Write(dir.Path);
        var context = PaperContext.Open(dir.Path, new ReportOptions { Resamples = 199, Threads = 1 });
        string Role(string key) => context.Roles.GetValueOrDefault(key) ?? "";
        var parts = expected.Split('|');
        Assert.Equal(parts[0], string.Join(",", PaperRoles.PaperA.Select(r => Role(r.Key))));
        Assert.Equal(parts[1..], new[] { PaperRoles.StageTwoOnly, PaperRoles.Both, PaperRoles.D2QOnly, PaperRoles.Q2DOnly, PaperRoles.StageOneOnly }.Select(Role));
        if (file == "paper-b-convergence.json")
            Assert.Equal([25, 50, 100, 200, 400], context.StepDesigns(PaperRoles.Both).Select(s => s.Steps));
    }
}
