using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Models.Decoders;
using Ablation.Torch;
using Ablation.Torch.IO;

namespace Ablation.Models.Lora;

/// <summary>
/// Saves and loads a decoder's LoRA adapters on their own, in PEFT's layout: <c>adapter_model.safetensors</c> with
/// keys <c>base_model.model.&lt;HF module name&gt;.lora_A.weight</c> / <c>.lora_B.weight</c>, and
/// <c>adapter_config.json</c> (peft_type LORA, r, lora_alpha, lora_dropout, target_modules, bias "none").
/// </summary>
public static class LoraAdapterFile
{
    public const string WeightsFile = "adapter_model.safetensors";
    public const string ConfigFile = "adapter_config.json";
    public const string KeyPrefix = "base_model.model.";

    /// <summary>The PEFT key of one adapter matrix.</summary>
    public static string Key(string moduleName, char matrix) => $"{KeyPrefix}{moduleName}.lora_{matrix}.weight";

    /// <summary>Writes the adapters of every wrapped projection into <paramref name="folder"/>.</summary>
    public static void Save(LlamaDecoder decoder, LoraConfig config, string folder, string? baseModel = null)
    {
        Directory.CreateDirectory(folder);
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, layer) in decoder.Projections())
        {
            if (layer.LoraA is null || layer.LoraB is null) continue;
            if (layer.Merged) throw new InvalidOperationException($"{name}: the adapter is merged into the base weight and cannot be saved alone");
            entries.Add(Entry(Key(name, 'A'), layer.LoraA));
            entries.Add(Entry(Key(name, 'B'), layer.LoraB));
        }
        if (entries.Count == 0) throw new InvalidOperationException("the decoder has no LoRA adapters to save");
        SafetensorsWriter.Write(Path.Combine(folder, WeightsFile), entries, new Dictionary<string, string> { ["format"] = "pt" });
        var json = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "FEATURE_EXTRACTION",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = config.Rank,
            ["lora_alpha"] = config.Alpha,
            ["lora_dropout"] = config.Dropout,
            ["target_modules"] = new JsonArray([.. config.TargetModules.Select(t => (JsonNode)t)]),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["inference_mode"] = true,
        };
        AtomicWrite.WriteAllText(Path.Combine(folder, ConfigFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads adapter_config.json.</summary>
    public static LoraConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: LoRA adapter config not found", path);
        var o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path}: not a JSON object");
        T Get<T>(string key) => o[key] is JsonValue v ? v.GetValue<T>() : throw new FormatException($"{path}: key '{key}' is missing or not a value");
        var targets = o["target_modules"] as JsonArray ?? throw new FormatException($"{path}: key 'target_modules' must be a list");
        return new LoraConfig
        {
            Rank = Get<int>("r"),
            Alpha = Get<double>("lora_alpha"),
            Dropout = o["lora_dropout"] is JsonValue d ? d.GetValue<double>() : 0,
            TargetModules = [.. targets.Select(t => t!.GetValue<string>())],
        };
    }

    /// <summary>Adds adapters to <paramref name="decoder"/> as described in <paramref name="folder"/> and loads their values.</summary>
    public static LoraConfig Load(LlamaDecoder decoder, string folder, Generator? dropout = null)
    {
        var config = ReadConfig(folder);
        using (var init = new Generator(0)) decoder.ApplyLora(config, init, dropout);
        var path = Path.Combine(folder, WeightsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: LoRA adapter weights not found", path);
        using var file = SafetensorsFile.Open(path);
        using (torch.no_grad())
            foreach (var (name, layer) in decoder.Projections())
            {
                if (layer.LoraA is null || layer.LoraB is null) continue;
                Fill(file, Key(name, 'A'), layer.LoraA);
                Fill(file, Key(name, 'B'), layer.LoraB);
            }
        return config;
    }

    private static void Fill(SafetensorsFile file, string key, Tensor target)
    {
        if (!file.Contains(key)) throw new InvalidDataException($"{file.Path}: tensor '{key}' is missing");
        var info = file.Info(key);
        if (!info.Shape.SequenceEqual(target.shape))
            throw new InvalidDataException($"{file.Path}: tensor '{key}' has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", target.shape)}]");
        using var scope = torch.NewDisposeScope();
        target.copy_(torch.frombuffer(file.ReadBytes(key), info.Dtype, info.ShapeArray()).to(target.dtype));
    }

    private static SafetensorsEntry Entry(string name, Tensor t) =>
        SafetensorsEntry.FromBytes(name, t.dtype, t.shape, t.detach().contiguous().bytes());
}
