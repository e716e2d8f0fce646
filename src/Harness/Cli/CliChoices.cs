using Ablation.Harness.Reporting.Paper;
using Ablation.Harness.Training.Spec;
using Ablation.Models.Pooling;
using Ablation.Stats;
using Ablation.Stats.MultipleComparisons;
using Ablation.Stats.PairedTests;

namespace Ablation.Harness.Cli;

/// <summary>
/// Every closed set a command-line option takes, each built from its one source. Options shared by several commands
/// (<c>--correction</c> / <c>--method</c>, <c>--attention</c>, <c>--pooling</c>) use the same set.
/// </summary>
public static class CliChoices
{
    /// <summary>Multiple-comparison corrections with the report's names; statsmodels' names are accepted too.</summary>
    public static readonly ChoiceSet<AdjustmentMethod> Correction = ChoiceSet.Of(m => m.ToName(), AdjustmentMethodNames.Parse);

    /// <summary>scipy's <c>alternative</c> names (two-sided, greater, less).</summary>
    public static readonly ChoiceSet<Alternative> Alternative = ChoiceSet.Of(a => a.ToScipyName(), AlternativeNames.Parse);

    /// <summary>scipy's Wilcoxon <c>zero_method</c> names: the lower-cased members (wilcox, pratt, zsplit).</summary>
    public static readonly ChoiceSet<ZeroMethod> ZeroMethod = ChoiceSet.Of<ZeroMethod>(z => z.ToString().ToLowerInvariant());

    /// <summary>The paired tests (t, wilcoxon, sign, permutation, bootstrap) and <c>all</c>.</summary>
    public static readonly ChoiceSet<PairedTestKind> PairedTests = ChoiceSet.Of<PairedTestKind>(except: [PairedTestKind.None]);

    /// <summary>Attention masks, named as <c>attention</c> in grid and training files.</summary>
    public static readonly ChoiceSet<AttentionKind> Attention = ChoiceSet.Of<AttentionKind>();

    /// <summary>Pooling heads, named as <c>pooling</c> in grid and training files.</summary>
    public static readonly ChoiceSet<string> Pooling = ChoiceSet.Of(PoolingHeads.Names);

    /// <summary>Where <c>ablation run</c> runs the cells.</summary>
    public static readonly ChoiceSet<ExecutorKind> Executor = ChoiceSet.Of<ExecutorKind>();

    /// <summary>The papers' tables and figures, and <c>all</c>.</summary>
    public static readonly ChoiceSet<string> PaperArtefact = ChoiceSet.Of([.. PaperArtefacts.Names, PaperArtefacts.All]);
}
