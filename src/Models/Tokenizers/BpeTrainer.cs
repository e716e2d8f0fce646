using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// Trains a byte-level BPE tokenizer from text and saves it as a Hugging Face <c>tokenizer.json</c> +
/// <c>tokenizer_config.json</c> that <see cref="TokenizerLoader"/> (and Hugging Face / transformers.js) load.
/// Vocabulary: the special tokens (BOS, EOS, pad, extras), the 256 byte characters in byte order, then one token per
/// merge. Each step merges the most frequent adjacent pair over all words (pairs counted with overlaps, words
/// weighted by frequency); ties go to the pair whose (left, right) strings sort first by ordinal comparison, so
/// training is deterministic.
/// </summary>
public sealed class BpeTrainer
{
    private readonly BpeTrainerOptions _options;

    public BpeTrainer(BpeTrainerOptions options)
    {
        _options = options;
        int specials = SpecialTokens.Count;
        if (options.VocabSize < specials + 256)
            throw new ArgumentException($"VocabSize {options.VocabSize} is smaller than {specials} special tokens + 256 byte tokens");
        if (options.MinFrequency < 1) throw new ArgumentException($"MinFrequency must be at least 1, got {options.MinFrequency}");
        if (SpecialTokens.Distinct().Count() != specials) throw new ArgumentException("special tokens must be distinct");
    }

    /// <summary>BOS, EOS, pad, then the extras: ids 0, 1, 2, ...</summary>
    public IReadOnlyList<string> SpecialTokens => [_options.BosToken, _options.EosToken, _options.PadToken, .. _options.ExtraSpecialTokens];

    /// <summary>Vocabulary in id order after <see cref="Train"/>.</summary>
    public List<string> Vocabulary { get; } = new();

    /// <summary>Merges in rank order after <see cref="Train"/>.</summary>
    public List<(string Left, string Right)> Merges { get; } = new();

    /// <summary>Learns merges from <paramref name="texts"/> (special-token text inside them is skipped).</summary>
    public BpeTrainer Train(IEnumerable<string> texts)
    {
        Vocabulary.Clear();
        Merges.Clear();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddToken(string t) { if (ids.TryAdd(t, Vocabulary.Count)) Vocabulary.Add(t); }
        foreach (var s in SpecialTokens) AddToken(s);
        foreach (char c in ByteLevelAlphabet.Characters) AddToken(c.ToString());

        // 1. Word frequencies after the same pre-tokenisation the saved tokenizer will apply.
        var splitter = new AddedTokenSplitter(SpecialTokens.Select((t, i) => new AddedToken(i, t, true)));
        var regex = new PreTokenizerRegex(_options.Pattern);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var pieces = new List<string>();
        foreach (string text in texts)
            foreach (var (segment, _) in splitter.Split(text))
            {
                if (segment == null) continue;
                pieces.Clear();
                regex.Split(_options.NormalizeNfc ? UnicodeNormalizer.Apply(segment, NormalizationForm.FormC) : segment, pieces);
                foreach (var p in pieces)
                {
                    string w = ByteLevelAlphabet.EncodeText(p);
                    counts[w] = counts.GetValueOrDefault(w) + 1;
                }
            }
        var wordList = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        var words = wordList.Select(w => w.Select(c => ids[c.ToString()]).ToArray()).ToArray();
        var freq = wordList.Select(w => counts[w]).ToArray();

        // 2. Pair counts, the words each pair occurs in, and a lazy max-heap over (count, left string, right string).
        var pairCount = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, HashSet<int>>();
        var heap = new PriorityQueue<long, (long Count, string Left, string Right)>(new PairOrder());
        var touched = new HashSet<long>();
        void Count(int w, int sign)
        {
            var sym = words[w];
            for (int i = 0; i + 1 < sym.Length; i++)
            {
                long key = Key(sym[i], sym[i + 1]);
                pairCount[key] = pairCount.GetValueOrDefault(key) + sign * freq[w];
                if (sign > 0) { if (!pairWords.TryGetValue(key, out var set)) pairWords[key] = set = new(); set.Add(w); }
                touched.Add(key);
            }
        }
        void PushTouched()
        {
            foreach (long key in touched)
                if (pairCount.TryGetValue(key, out long c) && c > 0)
                    heap.Enqueue(key, (c, Vocabulary[(int)(key >> 32)], Vocabulary[(int)(uint)key]));
            touched.Clear();
        }
        for (int w = 0; w < words.Length; w++) Count(w, +1);
        PushTouched();

        // 3. Merge until the vocabulary is full or no pair is frequent enough.
        while (Vocabulary.Count < _options.VocabSize && heap.TryDequeue(out long best, out var prio))
        {
            if (!pairCount.TryGetValue(best, out long current) || current != prio.Count) continue;  // stale entry
            if (current < _options.MinFrequency) break;
            int a = (int)(best >> 32), b = (int)(uint)best;
            string merged = Vocabulary[a] + Vocabulary[b];
            AddToken(merged);
            int m = ids[merged];
            Merges.Add((Vocabulary[a], Vocabulary[b]));
            foreach (int w in pairWords[best].Order().ToList())
            {
                var sym = words[w];
                bool has = false;
                for (int i = 0; i + 1 < sym.Length; i++) if (sym[i] == a && sym[i + 1] == b) { has = true; break; }
                if (!has) continue;
                Count(w, -1);
                var next = new List<int>(sym.Length);
                for (int i = 0; i < sym.Length; i++)
                {
                    if (i + 1 < sym.Length && sym[i] == a && sym[i + 1] == b) { next.Add(m); i++; }
                    else next.Add(sym[i]);
                }
                words[w] = next.ToArray();
                Count(w, +1);
            }
            pairCount.Remove(best);
            pairWords.Remove(best);
            touched.Remove(best);
            PushTouched();
        }
        return this;
    }

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="folder"/>
    /// (created if missing; each file replaced atomically).</summary>
    public void Save(string folder)
    {
        if (Vocabulary.Count == 0) throw new InvalidOperationException("Train the tokenizer before saving it");
        Directory.CreateDirectory(folder);
        WriteAtomic(Path.Combine(folder, "tokenizer.json"), TokenizerJson());
        WriteAtomic(Path.Combine(folder, "tokenizer_config.json"), ConfigJson());
    }

    /// <summary>The trained tokenizer, loaded back through the same code path as a saved one.</summary>
    public ITokenizer ToTokenizer()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-bpe-" + Guid.NewGuid().ToString("N"));
        try
        {
            Save(dir);
            return TokenizerLoader.Load(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private byte[] TokenizerJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (int i = 0; i < SpecialTokens.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("content", SpecialTokens[i]);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (_options.NormalizeNfc) { w.WriteStartObject("normalizer"); w.WriteString("type", "NFC"); w.WriteEndObject(); }
            else w.WriteNull("normalizer");

            w.WriteStartObject("pre_tokenizer");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("pretokenizers");
            w.WriteStartObject();
            w.WriteString("type", "Split");
            w.WriteStartObject("pattern");
            w.WriteString("Regex", _options.Pattern);
            w.WriteEndObject();
            w.WriteString("behavior", "Isolated");
            w.WriteBoolean("invert", false);
            w.WriteEndObject();
            WriteByteLevel(w, null);
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("post_processor");
            w.WriteString("type", "TemplateProcessing");
            string bos = _options.BosToken;
            w.WriteStartArray("single");
            if (_options.AddBosToken) WriteSpecial(w, bos, 0);
            WriteSequence(w, "A", 0);
            w.WriteEndArray();
            w.WriteStartArray("pair");
            if (_options.AddBosToken) WriteSpecial(w, bos, 0);
            WriteSequence(w, "A", 0);
            if (_options.AddBosToken) WriteSpecial(w, bos, 1);
            WriteSequence(w, "B", 1);
            w.WriteEndArray();
            w.WriteStartObject("special_tokens");
            w.WriteStartObject(bos);
            w.WriteString("id", bos);
            w.WriteStartArray("ids"); w.WriteNumberValue(0); w.WriteEndArray();
            w.WriteStartArray("tokens"); w.WriteStringValue(bos); w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            WriteByteLevel(w, "decoder");

            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", false);
            w.WriteBoolean("byte_fallback", false);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (int i = 0; i < Vocabulary.Count; i++) w.WriteNumber(Vocabulary[i], i);
            w.WriteEndObject();
            w.WriteStartArray("merges");
            foreach (var (l, r) in Merges)
            {
                w.WriteStartArray();
                w.WriteStringValue(l);
                w.WriteStringValue(r);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private byte[] ConfigJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteBoolean("add_bos_token", _options.AddBosToken);
            w.WriteBoolean("add_eos_token", false);
            w.WriteString("bos_token", _options.BosToken);
            w.WriteString("eos_token", _options.EosToken);
            w.WriteString("pad_token", _options.PadToken);
            w.WriteNull("unk_token");
            w.WriteBoolean("clean_up_tokenization_spaces", false);
            w.WriteNumber("model_max_length", _options.ModelMaxLength);
            w.WriteString("padding_side", "right");
            w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteByteLevel(Utf8JsonWriter w, string? name)
    {
        if (name == null) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", false);
        w.WriteBoolean("use_regex", false);
        w.WriteEndObject();
    }

    private static void WriteSpecial(Utf8JsonWriter w, string id, int typeId)
    {
        w.WriteStartObject();
        w.WriteStartObject("SpecialToken");
        w.WriteString("id", id);
        w.WriteNumber("type_id", typeId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSequence(Utf8JsonWriter w, string id, int typeId)
    {
        w.WriteStartObject();
        w.WriteStartObject("Sequence");
        w.WriteString("id", id);
        w.WriteNumber("type_id", typeId);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteAtomic(string path, byte[] content) =>
        Ablation.Torch.IO.AtomicWrite.Write(path, stream => stream.Write(content));

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>Heap order: higher count first, then the smaller (left, right) pair by ordinal string order.</summary>
    private sealed class PairOrder : IComparer<(long Count, string Left, string Right)>
    {
        public int Compare((long Count, string Left, string Right) x, (long Count, string Left, string Right) y)
        {
            int c = y.Count.CompareTo(x.Count);
            if (c != 0) return c;
            c = string.CompareOrdinal(x.Left, y.Left);
            return c != 0 ? c : string.CompareOrdinal(x.Right, y.Right);
        }
    }
}
