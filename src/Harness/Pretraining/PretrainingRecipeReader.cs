using System.Globalization;
using System.Text;
using System.Text.Json;
using Ablation.Torch.Optim;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Reads and validates a pretraining recipe. Every problem is a <see cref="UserInputException"/> whose message
/// names the file, the JSON key (as a dotted path), its line, what was found and what is allowed. Unknown keys
/// are errors too, so a misspelt setting cannot silently fall back to a default.
/// </summary>
public static class PretrainingRecipeReader
{
    /// <summary>The dtypes a recipe may train in.</summary>
    public static IReadOnlyList<string> Dtypes { get; } = ["float32", "bfloat16"];

    private static readonly Dictionary<string, string[]> AllowedKeys = new(StringComparer.Ordinal)
    {
        [""] = ["name", "corpus", "tokenizer", "model", "training", "evaluation"],
        ["corpus"] = ["source", "max_train_documents"],
        ["tokenizer"] = ["vocab_size", "min_frequency", "training_documents"],
        ["model"] = ["hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "intermediate_size",
            "rope_theta", "rms_norm_eps", "tie_word_embeddings", "initializer_range"],
        ["training"] = ["seq_length", "batch_size", "steps", "learning_rate", "lr_scheduler_type", "warmup_steps", "min_lr_ratio",
            "weight_decay", "adam_beta1", "adam_beta2", "adam_epsilon", "max_grad_norm", "seed", "dtype"],
        ["evaluation"] = ["heldout_tokens"],
    };

    /// <summary>Reads <paramref name="path"/>; a relative corpus folder is resolved against the recipe's folder.</summary>
    public static PretrainingRecipe Load(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException($"{path}: recipe file not found; pass an existing file with --recipe (e.g. experiments/base/tiny.json)");
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses recipe text; <paramref name="source"/> names it in errors, <paramref name="baseFolder"/> anchors relative paths.</summary>
    public static PretrainingRecipe Parse(string json, string source, string baseFolder)
    {
        JsonDocument document;
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        try { document = JsonDocument.Parse(json, options); }
        catch (JsonException e)
        {
            throw new UserInputException($"{source}: line {e.LineNumber + 1}: invalid JSON: {e.Message}");
        }
        using (document)
        {
            var r = new Reader(source, KeyLines(json));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new UserInputException($"{source}: the recipe must be a JSON object with keys {string.Join(", ", AllowedKeys[""])}");
            foreach (var (section, keys) in AllowedKeys)
            {
                var element = section == "" ? root : r.Section(root, section);
                foreach (var property in element.EnumerateObject())
                    if (!keys.Contains(property.Name))
                        throw r.Error(Join(section, property.Name),
                            $"is not a recognised key; allowed{(section == "" ? "" : " in '" + section + "'")}: {string.Join(", ", keys)}");
            }

            var corpus = r.Section(root, "corpus");
            var tokenizer = r.Section(root, "tokenizer");
            var model = r.Section(root, "model");
            var training = r.Section(root, "training");
            var evaluation = r.Section(root, "evaluation");

            string name = r.String(root, "", "name");
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                throw r.Error("name", $"is \"{name}\"; use letters, digits, '-', '_' or '.' (it becomes part of a folder name)");
            string corpusSource = r.String(corpus, "corpus", "source");
            if (corpusSource != "builtin")
                corpusSource = Path.GetFullPath(Path.Combine(baseFolder, corpusSource));

            var recipe = new PretrainingRecipe
            {
                Name = name,
                CorpusSource = corpusSource,
                MaxTrainDocuments = r.OptionalInt(corpus, "corpus", "max_train_documents", min: 1),
                VocabSize = r.Int(tokenizer, "tokenizer", "vocab_size", min: 3 + 256 + 1, max: 1 << 20,
                    why: "it must hold 3 special tokens, the 256 byte tokens and at least one merge"),
                MinFrequency = r.Int(tokenizer, "tokenizer", "min_frequency", min: 1),
                TokenizerDocuments = r.Int(tokenizer, "tokenizer", "training_documents", min: 1),
                HiddenSize = r.Int(model, "model", "hidden_size", min: 2),
                NumHiddenLayers = r.Int(model, "model", "num_hidden_layers", min: 1),
                NumAttentionHeads = r.Int(model, "model", "num_attention_heads", min: 1),
                NumKeyValueHeads = r.Int(model, "model", "num_key_value_heads", min: 1),
                IntermediateSize = r.Int(model, "model", "intermediate_size", min: 1),
                RopeTheta = r.Double(model, "model", "rope_theta", min: 1, inclusiveMin: true),
                RmsNormEps = r.Double(model, "model", "rms_norm_eps", min: 0, inclusiveMin: false),
                TieWordEmbeddings = r.Bool(model, "model", "tie_word_embeddings"),
                InitializerRange = r.Double(model, "model", "initializer_range", min: 0, inclusiveMin: false),
                SeqLength = r.Int(training, "training", "seq_length", min: 2),
                BatchSize = r.Int(training, "training", "batch_size", min: 1),
                Steps = r.Int(training, "training", "steps", min: 1),
                LearningRate = r.Double(training, "training", "learning_rate", min: 0, inclusiveMin: false),
                Schedule = r.String(training, "training", "lr_scheduler_type"),
                WarmupSteps = r.Int(training, "training", "warmup_steps", min: 0),
                MinLrRatio = r.Double(training, "training", "min_lr_ratio", min: 0, inclusiveMin: true, max: 1),
                WeightDecay = r.Double(training, "training", "weight_decay", min: 0, inclusiveMin: true),
                AdamBeta1 = r.Double(training, "training", "adam_beta1", min: 0, inclusiveMin: true, max: 1, inclusiveMax: false),
                AdamBeta2 = r.Double(training, "training", "adam_beta2", min: 0, inclusiveMin: true, max: 1, inclusiveMax: false),
                AdamEpsilon = r.Double(training, "training", "adam_epsilon", min: 0, inclusiveMin: false),
                MaxGradNorm = r.OptionalDouble(training, "training", "max_grad_norm", min: 0),
                Seed = r.Int(training, "training", "seed", min: 0),
                Dtype = r.String(training, "training", "dtype"),
                HeldOutTokens = r.Int(evaluation, "evaluation", "heldout_tokens", min: 1),
            };

            // Cross-field rules.
            if (recipe.HiddenSize % recipe.NumAttentionHeads != 0)
                throw r.Error("model.num_attention_heads", $"({recipe.NumAttentionHeads}) must divide model.hidden_size ({recipe.HiddenSize})");
            if (recipe.HeadDim % 2 != 0)
                throw r.Error("model.num_attention_heads", $"gives a head size of {recipe.HeadDim}; rotary embeddings need an even head size (hidden_size / num_attention_heads)");
            if (recipe.NumAttentionHeads % recipe.NumKeyValueHeads != 0)
                throw r.Error("model.num_key_value_heads", $"({recipe.NumKeyValueHeads}) must divide model.num_attention_heads ({recipe.NumAttentionHeads})");
            if (!LearningRateSchedules.Names.Contains(recipe.Schedule))
                throw r.Error("training.lr_scheduler_type", $"is \"{recipe.Schedule}\"; use one of: {string.Join(", ", LearningRateSchedules.Names)}");
            if (recipe.WarmupSteps > recipe.Steps)
                throw r.Error("training.warmup_steps", $"({recipe.WarmupSteps}) exceeds training.steps ({recipe.Steps})");
            if (!Dtypes.Contains(recipe.Dtype))
                throw r.Error("training.dtype", $"is \"{recipe.Dtype}\"; use one of: {string.Join(", ", Dtypes)}");
            return recipe;
        }
    }

    private static string Join(string section, string key) => section == "" ? key : section + "." + key;

    /// <summary>The 1-based line of every property name, keyed by dotted path (for error messages).</summary>
    internal static Dictionary<string, int> KeyLines(string json)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();
        string? pending = null;
        int line = 1;
        long counted = 0;
        try
        {
            while (reader.Read())
            {
                for (; counted < reader.TokenStartIndex; counted++) if (bytes[counted] == (byte)'\n') line++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = reader.GetString();
                        lines.TryAdd(string.Join(".", path.Append(pending!)), line);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Add(pending ?? "");
                        pending = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (path.Count > 0) path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException) { /* the document parser reports syntax errors */ }
        // The root object pushed an empty segment; strip it from the keys.
        return lines.ToDictionary(kv => kv.Key.TrimStart('.'), kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Typed access that produces the error messages.</summary>
    private sealed class Reader(string source, Dictionary<string, int> lines)
    {
        public UserInputException Error(string key, string problem)
        {
            string where = lines.TryGetValue(key, out int line) ? $"line {line}: " : "";
            return new UserInputException($"{source}: {where}key '{key}' {problem}");
        }

        public JsonElement Section(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out var e))
                throw new UserInputException($"{source}: missing section '{name}' (an object with keys {string.Join(", ", AllowedKeys[name])})");
            if (e.ValueKind != JsonValueKind.Object)
                throw Error(name, $"must be an object with keys {string.Join(", ", AllowedKeys[name])}, not {Show(e)}");
            return e;
        }

        private JsonElement Required(JsonElement obj, string section, string key)
        {
            if (obj.TryGetProperty(key, out var e)) return e;
            string path = Join(section, key);
            string where = lines.TryGetValue(section, out int line) ? $" (section starting on line {line})" : "";
            throw new UserInputException($"{source}: missing key '{path}'{where}; every recipe setting must be given explicitly");
        }

        public string String(JsonElement obj, string section, string key)
        {
            var e = Required(obj, section, key);
            return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(Join(section, key), $"must be a string, not {Show(e)}");
        }

        public bool Bool(JsonElement obj, string section, string key)
        {
            var e = Required(obj, section, key);
            return e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(Join(section, key), $"must be true or false, not {Show(e)}"),
            };
        }

        public int Int(JsonElement obj, string section, string key, int min, int max = int.MaxValue, string? why = null)
        {
            var e = Required(obj, section, key);
            string path = Join(section, key);
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double d) || d != Math.Floor(d))
                throw Error(path, $"must be an integer, not {Show(e)}");
            if (d < min || d > max)
                throw Error(path, $"is {Show(e)}; it must be between {min} and {max}{(why is null ? "" : " (" + why + ")")}");
            return (int)d;
        }

        public int? OptionalInt(JsonElement obj, string section, string key, int min)
        {
            if (!obj.TryGetProperty(key, out var e) || e.ValueKind == JsonValueKind.Null) return null;
            return Int(obj, section, key, min);
        }

        public double Double(JsonElement obj, string section, string key, double min, bool inclusiveMin,
            double max = double.PositiveInfinity, bool inclusiveMax = true)
        {
            var e = Required(obj, section, key);
            string path = Join(section, key);
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double d) || !double.IsFinite(d))
                throw Error(path, $"must be a number, not {Show(e)}");
            bool low = inclusiveMin ? d >= min : d > min;
            bool high = inclusiveMax ? d <= max : d < max;
            if (!low || !high)
            {
                string range = (inclusiveMin ? "[" : "(") + min.ToString(CultureInfo.InvariantCulture) + ", " +
                               (double.IsPositiveInfinity(max) ? "∞)" : max.ToString(CultureInfo.InvariantCulture) + (inclusiveMax ? "]" : ")"));
                throw Error(path, $"is {Show(e)}; it must lie in {range}");
            }
            return d;
        }

        public double? OptionalDouble(JsonElement obj, string section, string key, double min)
        {
            var e = Required(obj, section, key);
            if (e.ValueKind == JsonValueKind.Null) return null;
            return Double(obj, section, key, min, inclusiveMin: false);
        }

        private static string Show(JsonElement e) => e.ValueKind == JsonValueKind.String ? $"\"{e.GetString()}\"" : e.GetRawText();
    }
}
