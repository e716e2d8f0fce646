namespace Ablation.Models.Decoders;

/// <summary>Which keys a token may attend to, chosen per forward call.</summary>
public enum AttentionMode
{
    /// <summary>Keys at or before the query's position that are not padding (the pretrained behaviour).</summary>
    Causal,

    /// <summary>Every non-padding key, before or after (LLM2Vec style: only the padding mask remains).</summary>
    Bidirectional,
}

/// <summary>Names of <see cref="AttentionMode"/> as written in grids and on the command line.</summary>
public static class AttentionModes
{
    public static string Name(this AttentionMode mode) => mode == AttentionMode.Causal ? "causal" : "bidirectional";

    /// <summary>Parses "causal" or "bidirectional" (case-insensitive).</summary>
    public static AttentionMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "causal" => AttentionMode.Causal,
        "bidirectional" => AttentionMode.Bidirectional,
        _ => throw new FormatException($"unknown attention mode '{text}'; use causal or bidirectional"),
    };
}
