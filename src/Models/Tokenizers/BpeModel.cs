using System.Collections.Concurrent;
using System.Text;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// Hugging Face's BPE model (tokenizer.json <c>"model": {"type": "BPE"}</c>): a vocabulary and ranked merges.
/// A word is split into characters, each looked up in the vocabulary (missing ones become <c>&lt;0xNN&gt;</c>
/// byte tokens with <c>byte_fallback</c>, else the unknown token, runs of which fuse with <c>fuse_unk</c>), then
/// the lowest-ranked adjacent merge is applied until none applies. With <c>ignore_merges</c> (Llama-3) a word
/// that is itself a vocabulary entry is taken whole.
/// </summary>
public sealed class BpeModel
{
    private const int CacheLimit = 100_000;
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;
    private readonly int[]? _byteIds;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, string? unkToken = null,
        bool fuseUnk = false, bool byteFallback = false, bool ignoreMerges = false)
    {
        _vocab = vocab;
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (l, r) = merges[rank];
            if (!vocab.TryGetValue(l, out int a) || !vocab.TryGetValue(r, out int b))
                throw new FormatException($"merge {rank} (\"{l} {r}\") uses a token that is not in the vocabulary");
            if (!vocab.TryGetValue(l + r, out int m))
                throw new FormatException($"merge {rank} (\"{l} {r}\") produces \"{l + r}\", which is not in the vocabulary");
            _merges.TryAdd(Key(a, b), (rank, m));  // a repeated merge keeps its first (best) rank, as HF does
        }
        if (unkToken != null)
        {
            if (!vocab.TryGetValue(unkToken, out int u)) throw new FormatException($"unk_token \"{unkToken}\" is not in the vocabulary");
            UnkId = u;
        }
        FuseUnk = fuseUnk;
        IgnoreMerges = ignoreMerges;
        if (byteFallback)
        {
            _byteIds = new int[256];
            for (int b = 0; b < 256; b++)
                _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        }
    }

    /// <summary>Token → id (the model's own vocabulary, without added tokens).</summary>
    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public int MergeCount => _merges.Count;

    public int? UnkId { get; }

    public bool FuseUnk { get; }

    public bool ByteFallback => _byteIds != null;

    public bool IgnoreMerges { get; }

    /// <summary>Appends the ids of one pre-tokenised word.</summary>
    public void EncodeWord(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (IgnoreMerges && _vocab.TryGetValue(word, out int whole)) { output.Add(whole); return; }
        if (_cache.TryGetValue(word, out var cached)) { output.AddRange(cached); return; }

        var symbols = new List<int>(word.Length);
        bool lastWasUnk = false;
        for (int i = 0; i < word.Length;)
        {
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            string ch = word.Substring(i, len);
            i += len;
            if (_vocab.TryGetValue(ch, out int id)) { symbols.Add(id); lastWasUnk = false; continue; }
            if (_byteIds != null)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(ch);
                if (bytes.All(b => _byteIds[b] >= 0))
                {
                    foreach (byte b in bytes) symbols.Add(_byteIds[b]);
                    lastWasUnk = false;
                    continue;
                }
            }
            if (UnkId is not int unk)
                throw new InvalidOperationException($"character U+{char.ConvertToUtf32(ch, 0):X4} is not in the vocabulary and the tokenizer has no unk_token or byte fallback");
            if (!(FuseUnk && lastWasUnk)) symbols.Add(unk);
            lastWasUnk = true;
        }

        BpeMerger.Merge(symbols, TryMerge);
        var result = symbols.ToArray();
        if (_cache.Count >= CacheLimit) _cache.Clear();
        _cache.TryAdd(word, result);
        output.AddRange(result);
    }

    private bool TryMerge(int left, int right, out double priority, out int merged)
    {
        if (_merges.TryGetValue(Key(left, right), out var m)) { priority = m.Rank; merged = m.Merged; return true; }
        priority = 0;
        merged = -1;
        return false;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;
}
