namespace Ablation.Models.Tokenizers;

/// <summary>Finds and loads the tokenizer of a Hugging Face checkpoint folder.</summary>
public static class TokenizerLoader
{
    /// <summary>
    /// Loads from <paramref name="folder"/>, in this order: <c>tokenizer.json</c> (byte-level or SentencePiece-style
    /// BPE), <c>tokenizer.model</c> (SentencePiece BPE), GPT-2's <c>vocab.json</c>/<c>encoder.json</c> +
    /// <c>merges.txt</c>/<c>vocab.bpe</c>. <c>tokenizer_config.json</c>, when present, names BOS/EOS/pad and says
    /// whether BOS/EOS are added.
    /// </summary>
    public static ITokenizer Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"tokenizer folder {folder} does not exist");
        var config = TokenizerConfig.Load(Path.Combine(folder, "tokenizer_config.json"));
        string json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json)) return HfTokenizer.Load(json, config);
        string sp = Path.Combine(folder, "tokenizer.model");
        if (File.Exists(sp)) return SentencePieceBpeTokenizer.Load(sp, config);
        foreach (var (vocab, merges) in new[] { ("vocab.json", "merges.txt"), ("encoder.json", "vocab.bpe") })
            if (File.Exists(Path.Combine(folder, vocab)) && File.Exists(Path.Combine(folder, merges)))
                return HfTokenizer.LoadGpt2(Path.Combine(folder, vocab), Path.Combine(folder, merges));
        throw new FileNotFoundException(
            $"no tokenizer in {folder}: expected tokenizer.json, tokenizer.model, or vocab.json + merges.txt (a Hugging Face checkpoint folder)");
    }
}
