using static Ablation.Harness.Reporting.Paper.PaperRoles;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>The headline claims of papers A (A6 1–4) and B (B6), as comparisons between paper models.</summary>
public static class PaperClaims
{
    private static ClaimTest T(string a, string b, string category, Expectation e = Expectation.Better) => new(a, b, category, e);

    public static readonly IReadOnlyList<Claim> All =
    [
        new("A1", "paper A, A6.1",
            "No one-size-fits-all: bidirectional attention with a trainable pooling layer beats EOS-last + causal on STS and retrieval, " +
            "but not significantly on clustering and classification",
            [
                T(M4, M1, "sts"), T(M4, M1, "retrieval"), T(M4, M1, "clustering", Expectation.NotBetter), T(M4, M1, "classification", Expectation.NotBetter),
                T(M5, M1, "sts"), T(M5, M1, "retrieval"), T(M5, M1, "clustering", Expectation.NotBetter), T(M5, M1, "classification", Expectation.NotBetter),
            ]),
        new("A2", "paper A, A6.2",
            "Multi-layers trainable pooling is significantly better on STS and retrieval than existing (EOS-last) pooling, and better than " +
            "last-layer trainable pooling under bidirectional attention",
            [
                T(M3, M1, "sts"), T(M3, M1, "retrieval"),
                T(M5, M4, "sts"), T(M5, M4, "retrieval"), T(M5, M4, "classification"), T(M5, M4, "clustering"),
            ]),
        new("A3", "paper A, A6.3",
            "Model 5 is the best on STS and retrieval; trainable pooling helps STS even under causal attention",
            [
                T(M5, M1, "sts"), T(M5, M2, "sts"), T(M5, M3, "sts"), T(M5, M4, "sts"),
                T(M5, M1, "retrieval"), T(M5, M2, "retrieval"), T(M5, M3, "retrieval"), T(M5, M4, "retrieval"),
                T(M2, M1, "sts"), T(M3, M1, "sts"),
            ]),
        new("A4", "paper A, A6.4", "The findings largely replicate on a second, smaller base model (Qwen2-0.5B)", [])
            { NeedsOtherBase = true },
        new("B1", "paper B, B6",
            "Stage I (EBQ2D + EBD2Q) before contrastive learning significantly improves the embedding, most on retrieval and reranking",
            [T(Both, StageTwoOnly, PaperContext.AllTasks)]),
        new("B2", "paper B, B6 (ablations)", "Both reconstruction objectives matter: EBQ2D + EBD2Q beats either alone",
            [T(Both, D2QOnly, PaperContext.AllTasks), T(Both, Q2DOnly, PaperContext.AllTasks)]),
        new("B3", "paper B, B6 (ablations)", "Both stages matter: stage I + II beats stage II alone and stage I alone",
            [T(Both, StageTwoOnly, PaperContext.AllTasks), T(Both, StageOneOnly, PaperContext.AllTasks)]),
        new("B4", "paper B, B6", "With stage I, stage II (contrastive) converges faster early on", []) { Convergence = true },
    ];
}
