namespace Ablation.Models.Tokenizers;

/// <summary>A token matched as a whole in the raw text before any other processing (tokenizer.json
/// <c>added_tokens</c>): special tokens such as <c>&lt;s&gt;</c> or <c>&lt;|im_start|&gt;</c>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">Its text.</param>
/// <param name="Special">Left out by decoding with skipSpecial.</param>
/// <param name="LStrip">Also swallow whitespace on its left.</param>
/// <param name="RStrip">Also swallow whitespace on its right.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip = false, bool RStrip = false);
