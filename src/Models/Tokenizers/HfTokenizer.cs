using System.Text.Json;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> with a BPE model: byte-level BPE (GPT-2, Qwen2, Llama-3: Split regex +
/// ByteLevel) and SentencePiece-style BPE (Llama-2, Mistral: Prepend/Replace "▁" normaliser or Metaspace, byte
/// fallback). Pipeline per text: cut out added tokens → per remaining section normalise → pre-tokenise → BPE.
/// </summary>
public sealed class HfTokenizer : TokenizerBase
{
    private readonly BpeModel _model;
    private readonly string[] _idToToken;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly AddedTokenSplitter _splitter;
    private readonly Func<string, string> _normalize;
    private readonly TokenizerJsonComponents.PreTokenize _preTokenize;
    private readonly Func<List<string>, List<string>> _decode;

    private HfTokenizer(BpeModel model, IReadOnlyList<AddedToken> added, Func<string, string> normalize,
        TokenizerJsonComponents.PreTokenize preTokenize, bool byteLevel, Func<List<string>, List<string>> decode)
    {
        _model = model;
        AddedTokens = added;
        _normalize = normalize;
        _preTokenize = preTokenize;
        IsByteLevel = byteLevel;
        _decode = decode;
        int size = Math.Max(model.Vocab.Count == 0 ? 0 : model.Vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Max(a => a.Id) + 1);
        _idToToken = new string[size];
        foreach (var (tok, id) in model.Vocab) _idToToken[id] = tok;
        _addedByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in added)
        {
            _idToToken[a.Id] = a.Content;
            _addedByContent[a.Content] = a.Id;
            if (a.Special) SpecialIds.Add(a.Id);
        }
        _splitter = new AddedTokenSplitter(added);
    }

    public override int VocabSize => _idToToken.Length;

    /// <summary>Whether words are byte-level (GPT-2 alphabet) rather than SentencePiece-style "▁" pieces.</summary>
    public bool IsByteLevel { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public BpeModel Model => _model;

    /// <summary>Loads <paramref name="tokenizerJsonPath"/>; <paramref name="config"/> (tokenizer_config.json) names
    /// BOS/EOS/pad and may override whether BOS/EOS are added, as transformers' Llama tokenizer does.</summary>
    public static HfTokenizer Load(string tokenizerJsonPath, TokenizerConfig? config = null)
    {
        config ??= TokenizerConfig.Empty;
        string file = tokenizerJsonPath;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var model = ReadModel(root, file);
            var added = new List<AddedToken>();
            if (root.TryGetProperty("added_tokens", out var at) && at.ValueKind == JsonValueKind.Array)
                foreach (var t in at.EnumerateArray())
                    added.Add(new AddedToken(t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString()!,
                        Flag(t, "special"), Flag(t, "lstrip"), Flag(t, "rstrip")));

            var normalize = TokenizerJsonComponents.Normalizer(Get(root, "normalizer"), $"{file}: normalizer");
            var pre = TokenizerJsonComponents.PreTokenizer(Get(root, "pre_tokenizer"), $"{file}: pre_tokenizer", out bool byteLevel);
            var decode = TokenizerJsonComponents.Decoder(Get(root, "decoder"), $"{file}: decoder");
            var tokenizer = new HfTokenizer(model, added, normalize, pre, byteLevel, decode);
            var (prefix, suffix) = TokenizerJsonComponents.Framing(Get(root, "post_processor"), $"{file}: post_processor", tokenizer.TokenToId);
            tokenizer.ApplyConfig(config, prefix, suffix, file);
            return tokenizer;
        }
    }

    /// <summary>GPT-2's original files: <c>encoder.json</c>/<c>vocab.json</c> (token → id) and <c>vocab.bpe</c>/<c>merges.txt</c>
    /// (one merge per line after a <c>#version</c> header), with GPT-2's ByteLevel pre-tokenizer and
    /// <c>&lt;|endoftext|&gt;</c> as BOS/EOS when present.</summary>
    public static HfTokenizer LoadGpt2(string vocabJsonPath, string mergesPath)
    {
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabJsonPath))
                    ?? throw new FormatException($"{vocabJsonPath}: expected a JSON object of token → id");
        var merges = new List<(string, string)>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(mergesPath))
        {
            lineNo++;
            if (line.StartsWith("#version", StringComparison.Ordinal) || line.Length == 0) continue;
            int space = line.IndexOf(' ');
            if (space <= 0) throw new FormatException($"{mergesPath}:{lineNo}: expected two tokens separated by a space, got \"{line}\"");
            merges.Add((line[..space], line[(space + 1)..]));
        }
        var model = new BpeModel(vocab, merges);
        var byteLevel = JsonDocument.Parse("{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"use_regex\":true}").RootElement;
        var pre = TokenizerJsonComponents.PreTokenizer(byteLevel, "GPT-2 pre-tokenizer", out _);
        var decode = TokenizerJsonComponents.Decoder(byteLevel, "GPT-2 decoder");
        var added = vocab.TryGetValue("<|endoftext|>", out int eot) ? new List<AddedToken> { new(eot, "<|endoftext|>", true) } : [];
        var tokenizer = new HfTokenizer(model, added, s => s, pre, true, decode);
        int? special = added.Count > 0 ? eot : null;
        tokenizer.ConfigureSpecialTokens(special, special, null, [], []);
        return tokenizer;
    }

    private void ApplyConfig(TokenizerConfig config, List<int> prefix, List<int> suffix, string file)
    {
        int? Resolve(string? token, string key) =>
            token == null ? null : TokenToId(token) ?? throw new FormatException($"tokenizer_config.json next to {file}: {key} \"{token}\" is not in the vocabulary");
        int? bos = Resolve(config.BosToken, "bos_token");
        int? eos = Resolve(config.EosToken, "eos_token");
        int? pad = Resolve(config.PadToken, "pad_token");
        // Without a config, fall back to what the post-processor frames the text with.
        bos ??= prefix.Count > 0 ? prefix[0] : null;
        eos ??= suffix.Count > 0 ? suffix[^1] : null;
        // transformers' Llama/GPT-2 tokenizers rebuild the template from add_bos_token/add_eos_token when stated.
        if (config.AddBosToken is bool addBos) prefix = addBos && bos != null ? [bos.Value] : [];
        if (config.AddEosToken is bool addEos) suffix = addEos && eos != null ? [eos.Value] : [];
        ConfigureSpecialTokens(bos, eos, pad, prefix, suffix);
    }

    protected override void EncodeBody(string text, List<int> output)
    {
        var pieces = new List<string>();
        var segments = _splitter.Split(text);
        for (int section = 0; section < segments.Count; section++)
        {
            var (segment, token) = segments[section];
            if (token != null) { output.Add(token.Id); continue; }
            pieces.Clear();
            pieces.Add(_normalize(segment!));
            // The section index counts added tokens too: Metaspace's prepend_scheme "first" means "at the start of the input".
            _preTokenize(pieces, section);
            foreach (var p in pieces) _model.EncodeWord(p, output);
        }
    }

    public override string Decode(IReadOnlyList<int> ids, bool skipSpecial = true)
    {
        var tokens = new List<string>(ids.Count);
        var parts = new List<string>();
        foreach (int id in ids)
        {
            if (id < 0 || id >= _idToToken.Length || _idToToken[id] == null)
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is outside the vocabulary (size {VocabSize})");
            if (skipSpecial && SpecialIds.Contains(id)) continue;
            string t = _idToToken[id];
            if (_addedByContent.ContainsKey(t) && !_model.Vocab.ContainsKey(t))
            {
                // Added tokens are text as written, not byte-level or "▁" pieces: decode the run before them separately.
                if (tokens.Count > 0) { parts.AddRange(_decode(tokens)); tokens = new List<string>(); }
                parts.Add(t);
                continue;
            }
            tokens.Add(t);
        }
        if (tokens.Count > 0) parts.AddRange(_decode(tokens));
        return string.Concat(parts);
    }

    public override int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out int a) ? a : _model.Vocab.TryGetValue(token, out int id) ? id : null;

    public override string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    private static BpeModel ReadModel(JsonElement root, string file)
    {
        if (!root.TryGetProperty("model", out var m)) throw new FormatException($"{file}: no \"model\" section");
        string type = m.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "BPE";
        if (type != "BPE")
            throw new NotSupportedException($"{file}: model.type \"{type}\" is not supported; Ablation reads BPE tokenizers (GPT-2/Qwen2/Llama/Mistral)");
        foreach (string key in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                throw new NotSupportedException($"{file}: model.{key} \"{v.GetString()}\" is not supported");
        if (m.TryGetProperty("dropout", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() > 0)
            throw new NotSupportedException($"{file}: model.dropout {d.GetDouble()} is not supported (BPE dropout is for training only)");

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in m.GetProperty("vocab").EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
        var merges = new List<(string, string)>();
        int i = 0;
        foreach (var merge in m.GetProperty("merges").EnumerateArray())
        {
            // "a b" (tokenizers < 0.20) or ["a", "b"] (tokenizers >= 0.20, allows spaces inside tokens)
            if (merge.ValueKind == JsonValueKind.Array)
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            else
            {
                string s = merge.GetString()!;
                int space = s.IndexOf(' ', 1);
                if (space < 0) throw new FormatException($"{file}: model.merges[{i}] \"{s}\" is not two tokens separated by a space");
                merges.Add((s[..space], s[(space + 1)..]));
            }
            i++;
        }
        string? unk = m.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        try
        {
            return new BpeModel(vocab, merges, unk, Flag(m, "fuse_unk"), Flag(m, "byte_fallback"), Flag(m, "ignore_merges"));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{file}: model: {e.Message}", e);
        }
    }

    private static JsonElement Get(JsonElement root, string key) => root.TryGetProperty(key, out var v) ? v : NullElement;

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement;

    private static bool Flag(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;
}
