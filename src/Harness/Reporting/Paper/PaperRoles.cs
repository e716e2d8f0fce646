namespace Ablation.Harness.Reporting.Paper;

/// <summary>The models of papers A and B as settings (papers.md A1.0 and B1): which design of a grid plays which model.</summary>
public static class PaperRoles
{
    public const string M1 = "M1", M2 = "M2", M3 = "M3", M4 = "M4", M5 = "M5";
    public const string StageTwoOnly = "B:stage-II-only", Both = "B:EBQ2D+EBD2Q", D2QOnly = "B:EBD2Q-only", Q2DOnly = "B:EBQ2D-only", StageOneOnly = "B:stage-I-only";

    private static PaperRole A(string key, string pooling, string attention, string poolingLabel, string attentionLabel) =>
        new(key, $"Model {key[1]}", $"pooling={pooling}, attention={attention}, stages=[contrastive]",
            t => t.Pooling == pooling && t.Attention == attention && t.HasStages("contrastive"))
        { PoolingLabel = poolingLabel, AttentionLabel = attentionLabel };

    private static bool Eos(DesignTraits t) => t.Pooling == "eos_last" && t.Attention == "causal";

    /// <summary>Paper A's five trained combinations (contrastive training only).</summary>
    public static readonly IReadOnlyList<PaperRole> PaperA =
    [
        A(M1, "eos_last", "causal", "EOS-Last Token", "Causal"),
        A(M2, "last_layer_trainable", "causal", "Last-Layer Trainable", "Causal"),
        A(M3, "multi_layer_trainable", "causal", "Multi-Layers Trainable", "Causal"),
        A(M4, "last_layer_trainable", "bidirectional", "Last-Layer Trainable", "Bidirectional"),
        A(M5, "multi_layer_trainable", "bidirectional", "Multi-Layers Trainable", "Bidirectional"),
    ];

    /// <summary>Paper B's designs: EOS-last, causal; stage I (reconstruction) on or off, and which of its two tasks are weighted.</summary>
    public static readonly IReadOnlyList<PaperRole> PaperB =
    [
        new(StageTwoOnly, "Stage II only (baseline)", "pooling=eos_last, attention=causal, stages=[contrastive]",
            t => Eos(t) && t.HasStages("contrastive")),
        new(Both, "Stage I (EBQ2D + EBD2Q) + II", "pooling=eos_last, attention=causal, stages=[reconstruction, contrastive], w_d2q > 0 and w_q2d > 0",
            t => Eos(t) && t.HasStages("reconstruction", "contrastive") && t.WD2Q > 0 && t.WQ2D > 0)
        { Preferred = t => t.WD2Q == 0.8 && t.WQ2D == 0.2 },
        new(D2QOnly, "Stage I (EBD2Q only) + II", "pooling=eos_last, attention=causal, stages=[reconstruction, contrastive], w_d2q > 0, w_q2d = 0",
            t => Eos(t) && t.HasStages("reconstruction", "contrastive") && t.WD2Q > 0 && t.WQ2D == 0),
        new(Q2DOnly, "Stage I (EBQ2D only) + II", "pooling=eos_last, attention=causal, stages=[reconstruction, contrastive], w_d2q = 0, w_q2d > 0",
            t => Eos(t) && t.HasStages("reconstruction", "contrastive") && t.WD2Q == 0 && t.WQ2D > 0),
        new(StageOneOnly, "Stage I only (no stage II)", "pooling=eos_last, attention=causal, stages=[reconstruction]",
            t => Eos(t) && t.HasStages("reconstruction")),
    ];

    public static IEnumerable<PaperRole> All => PaperA.Concat(PaperB);

    public static PaperRole Get(string key) => All.First(r => r.Key == key);
}
