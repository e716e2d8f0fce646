using System.Collections.Concurrent;
using System.Text;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// A SentencePiece BPE model read from <c>tokenizer.model</c> (Llama-2, Mistral). Encoding follows
/// SentencePiece: normalise (identity, or NFKC for the <c>nmt_nfkc</c>/<c>nfkc</c> rules, which also turn
/// tabs/newlines into spaces), optionally squeeze whitespace, prepend "▁" (add_dummy_prefix), write spaces as "▁",
/// then repeatedly merge the adjacent pair whose joined piece has the highest score (leftmost first on ties).
/// Characters left without a piece become <c>&lt;0xNN&gt;</c> byte pieces (byte_fallback) or one unknown id per run.
/// Control pieces written in the text (<c>&lt;s&gt;</c>) map to their ids, as Hugging Face's Llama tokenizer does.
/// <c>nmt_nfkc</c>'s precompiled character map is approximated by NFKC; only unusual control characters differ.
/// </summary>
public sealed class SentencePieceBpeTokenizer : TokenizerBase
{
    private const string Space = "\u2581";
    private readonly SentencePieceModel _model;
    private readonly Dictionary<string, int> _mergeable;  // normal, user-defined and unused pieces
    private readonly Dictionary<string, int> _all;
    private readonly int[] _byteIds = new int[256];
    private readonly AddedTokenSplitter _splitter;
    private readonly ConcurrentDictionary<long, (double Priority, int Merged)> _pairCache = new();
    private readonly Func<string, string> _normalize;

    public SentencePieceBpeTokenizer(SentencePieceModel model, string source = "tokenizer.model")
    {
        if (model.ModelType != 2)
            throw new NotSupportedException($"{source}: SentencePiece model_type {model.ModelType} ({(model.ModelType == 1 ? "unigram" : "not BPE")}) is not supported; Ablation reads BPE models (Llama-2, Mistral)");
        _model = model;
        _normalize = model.NormalizerName switch
        {
            "identity" => s => s,
            "nmt_nfkc" or "nfkc" => s => UnicodeNormalizer.Apply(NmtSpaces(s), NormalizationForm.FormKC),
            "nmt_nfkc_cf" or "nfkc_cf" => s => UnicodeNormalizer.Apply(NmtSpaces(s), NormalizationForm.FormKC).ToLowerInvariant(),
            _ => throw new NotSupportedException($"{source}: SentencePiece normalizer \"{model.NormalizerName}\" is not supported (identity, nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf are)"),
        };
        _mergeable = new Dictionary<string, int>(StringComparer.Ordinal);
        _all = new Dictionary<string, int>(StringComparer.Ordinal);
        Array.Fill(_byteIds, -1);
        var added = new List<AddedToken>();
        for (int id = 0; id < model.Pieces.Count; id++)
        {
            var (piece, _, type) = model.Pieces[id];
            _all.TryAdd(piece, id);
            if (type is SentencePieceType.Normal or SentencePieceType.UserDefined or SentencePieceType.Unused) _mergeable.TryAdd(piece, id);
            if (type == SentencePieceType.Byte && TokenizerJsonComponents.IsByteToken(piece, out byte b)) _byteIds[b] = id;
            if (type is SentencePieceType.Control or SentencePieceType.UserDefined && piece.Length > 0)
                added.Add(new AddedToken(id, piece, type == SentencePieceType.Control));
            if (type is SentencePieceType.Control or SentencePieceType.Unknown) SpecialIds.Add(id);
        }
        _splitter = new AddedTokenSplitter(added);
        int? bos = ValidId(model.BosId), eos = ValidId(model.EosId), pad = ValidId(model.PadId);
        ConfigureSpecialTokens(bos, eos, pad, bos is int x ? [x] : [], []);
    }

    public override int VocabSize => _model.Pieces.Count;

    public SentencePieceModel Model => _model;

    /// <summary>Reads a <c>.model</c> file; <paramref name="config"/> (tokenizer_config.json) may rename BOS/EOS/pad or
    /// change whether BOS/EOS are added.</summary>
    public static SentencePieceBpeTokenizer Load(string path, TokenizerConfig? config = null)
    {
        var tokenizer = new SentencePieceBpeTokenizer(SentencePieceModel.Load(path), path);
        if (config != null && config != TokenizerConfig.Empty) tokenizer.ApplyConfig(config, path);
        return tokenizer;
    }

    private void ApplyConfig(TokenizerConfig config, string path)
    {
        int? Resolve(string? token, int? fallback, string key) =>
            token == null ? fallback : TokenToId(token) ?? throw new FormatException($"tokenizer_config.json next to {path}: {key} \"{token}\" is not a piece of the model");
        int? bos = Resolve(config.BosToken, BosId, "bos_token");
        int? eos = Resolve(config.EosToken, EosId, "eos_token");
        int? pad = Resolve(config.PadToken, _model.PadId >= 0 ? _model.PadId : null, "pad_token");
        bool addBos = config.AddBosToken ?? true, addEos = config.AddEosToken ?? false;
        ConfigureSpecialTokens(bos, eos, pad, addBos && bos != null ? [bos.Value] : [], addEos && eos != null ? [eos.Value] : []);
    }

    protected override void EncodeBody(string text, List<int> output)
    {
        foreach (var (segment, token) in _splitter.Split(text))
        {
            if (token != null) output.Add(token.Id);
            else EncodeSection(segment!, output);
        }
    }

    private void EncodeSection(string text, List<int> output)
    {
        string s = _normalize(text);
        if (_model.RemoveExtraWhitespaces) s = SqueezeSpaces(s);
        if (s.Length == 0) return;
        if (_model.AddDummyPrefix) s = " " + s;
        if (_model.EscapeWhitespaces) s = s.Replace(" ", Space, StringComparison.Ordinal);

        var symbols = new List<int>(s.Length);
        var unknown = new List<string>();
        for (int i = 0; i < s.Length;)
        {
            int len = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            string ch = s.Substring(i, len);
            i += len;
            if (_mergeable.TryGetValue(ch, out int id)) symbols.Add(id);
            else { unknown.Add(ch); symbols.Add(-unknown.Count); }  // negative: no piece; never merges
        }

        BpeMerger.Merge(symbols, TryMerge);

        bool lastUnk = false;
        foreach (int id in symbols)
        {
            if (id >= 0) { output.Add(id); lastUnk = false; continue; }
            string ch = unknown[-id - 1];
            if (_model.ByteFallback)
            {
                foreach (byte b in Encoding.UTF8.GetBytes(ch))
                    output.Add(_byteIds[b] >= 0 ? _byteIds[b] : throw new FormatException($"byte_fallback is on but the model has no <0x{b:X2}> piece"));
                lastUnk = false;
                continue;
            }
            if (!lastUnk) output.Add(_model.UnkId);  // SentencePiece fuses a run of unknown pieces into one
            lastUnk = true;
        }
    }

    private bool TryMerge(int left, int right, out double priority, out int merged)
    {
        priority = 0;
        merged = -1;
        if (left < 0 || right < 0) return false;
        long key = ((long)left << 32) | (uint)right;
        if (!_pairCache.TryGetValue(key, out var hit))
        {
            hit = _mergeable.TryGetValue(_model.Pieces[left].Piece + _model.Pieces[right].Piece, out int m)
                ? (-_model.Pieces[m].Score, m)  // higher score merges first
                : (0, -1);
            _pairCache.TryAdd(key, hit);
        }
        if (hit.Merged < 0) return false;
        priority = hit.Priority;
        merged = hit.Merged;
        return true;
    }

    public override string Decode(IReadOnlyList<int> ids, bool skipSpecial = true)
    {
        var sb = new StringBuilder();
        var bytes = new List<byte>();
        void Flush() { if (bytes.Count > 0) { sb.Append(Encoding.UTF8.GetString(bytes.ToArray())); bytes.Clear(); } }
        foreach (int id in ids)
        {
            if (id < 0 || id >= _model.Pieces.Count) throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is outside the vocabulary (size {VocabSize})");
            var (piece, _, type) = _model.Pieces[id];
            if (type == SentencePieceType.Byte && TokenizerJsonComponents.IsByteToken(piece, out byte b)) { bytes.Add(b); continue; }
            Flush();
            if (type == SentencePieceType.Control) { if (!skipSpecial) sb.Append(piece); continue; }
            if (type == SentencePieceType.Unknown) { sb.Append(skipSpecial ? " \u2047 " : piece); continue; }
            sb.Append(piece.Replace(Space, " ", StringComparison.Ordinal));
        }
        Flush();
        string text = sb.ToString();
        return _model.AddDummyPrefix && text.StartsWith(' ') ? text[1..] : text;
    }

    public override int? TokenToId(string token) => _all.TryGetValue(token, out int id) ? id : null;

    public override string? IdToToken(int id) => id >= 0 && id < _model.Pieces.Count ? _model.Pieces[id].Piece : null;

    private int? ValidId(int id) => id >= 0 && id < _model.Pieces.Count ? id : null;

    private static string NmtSpaces(string s)
    {
        if (s.IndexOfAny(['\t', '\n', '\r', '\v', '\f']) < 0) return s;
        return s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('\v', ' ').Replace('\f', ' ');
    }

    // SentencePiece's remove_extra_whitespaces: no leading or trailing spaces, runs of spaces become one.
    private static string SqueezeSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool prevSpace = true;
        foreach (char c in s)
        {
            if (c == ' ') { if (!prevSpace) sb.Append(c); prevSpace = true; }
            else { sb.Append(c); prevSpace = false; }
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString();
    }
}
