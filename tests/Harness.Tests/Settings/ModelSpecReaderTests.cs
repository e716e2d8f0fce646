using System.Reflection;
using Ablation.Harness.IO.Settings;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Tests.Settings;

public sealed class ModelSpecReaderTests
{
    private static ModelSpec Parse(string json) => ModelSpecReader.Parse(json, "spec.json", "/data/grids");

    // JSON names that are not the plain snake_case of the property (documented in the Spec records).
    private static readonly Dictionary<string, string> Renamed = new() { ["DType"] = "dtype", ["WD2Q"] = "w_d2q", ["WQ2D"] = "w_q2d" };

    private static IEnumerable<string> LeafKeys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
        {
            string name = prefix + (Renamed.GetValueOrDefault(property.Name) ?? EnumNames.SnakeCase(property.Name));
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t.Namespace == typeof(ModelSpec).Namespace && t.IsClass)
                foreach (var leaf in LeafKeys(t, name + ".")) yield return leaf;
            else yield return name;
        }
    }

    [Fact]
    public void SettingsListCoversEveryPropertyOfTheSpecRecords()
    {
        var expected = LeafKeys(typeof(ModelSpec), "").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, ModelSpecSettings.Keys.Order(StringComparer.Ordinal).ToList());
        // Every setting's default is what the records say (the getter reads the same property the setter writes).
        foreach (var setting in ModelSpecSettings.All.Where(s => s.Section != ModelSpecSettings.PoolingHead))
            Assert.True(setting.Type.ValueEquals(setting.Default, setting.Get(setting.Set(new ModelSpec(), setting.Default))), setting.Key);
    }

    [Fact]
    public void AnEmptyObjectIsTheDefaultSpecAndTheCanonicalTextReadsBackUnchanged()
    {
        string defaults = ModelSpecWriter.Write(new ModelSpec());
        Assert.Equal(defaults, ModelSpecWriter.Write(Parse("{}")));
        Assert.Equal(defaults, ModelSpecWriter.Write(Parse(defaults)));
    }

    [Fact]
    public void ReadsNestedAndDottedKeysWithTheirTypes()
    {
        var spec = Parse("""
            {
              "base": { "model": "ckpt/mistral", "dtype": "bfloat16" },
              "data": { "train": "/abs/pairs.parquet", "reconstruction_train": "builtin:wordnet-pairs" },
              "pooling": "multi_layer_trainable",
              "pooling_head": { "num_latents": 768, "num_heads": 32, "head_dim": 2048, "ffn_mult": 4 },
              "attention": "bidirectional",
              "stages": ["reconstruction", "contrastive"],
              "seed": 7,
              "lora": { "targets": ["q_proj", "v_proj"], "alpha": 16 },
              "contrastive": { "schedule": "constant_with_warmup", "clip": null, "trainable": "head+lora", "mini_batch": 8 },
              "contrastive.temperature": 0.02,
              "reconstruction": { "mode": "alternate", "soft_token_layout": "paper_left_padded", "dtype": "bfloat16" },
              "evaluation": { "tasks": ["STS12", "SciFact"], "max_length": 128 }
            }
            """);
        Assert.Equal("/data/grids/ckpt/mistral", spec.Base.Model);
        Assert.Equal(DTypeKind.Bfloat16, spec.Base.DType);
        Assert.Equal("/abs/pairs.parquet", spec.Data.Train);
        Assert.Equal("builtin:wordnet-pairs", spec.Data.ReconstructionTrain);
        Assert.Equal(new PoolingHeadSpec { NumLatents = 768, NumHeads = 32, HeadDim = 2048, FfnMult = 4 }, spec.PoolingHead);
        Assert.Equal(AttentionKind.Bidirectional, spec.Attention);
        Assert.Equal([StageKind.Reconstruction, StageKind.Contrastive], spec.Stages);
        Assert.Equal(7, spec.Seed);
        Assert.Equal(["q_proj", "v_proj"], spec.Lora.Targets);
        Assert.Equal(16.0, spec.Lora.Alpha);
        Assert.Equal(ScheduleKind.ConstantWithWarmup, spec.Contrastive.Schedule);
        Assert.Null(spec.Contrastive.Clip);
        Assert.Equal(8, spec.Contrastive.MiniBatch);
        Assert.Equal(0.02, spec.Contrastive.Temperature);
        Assert.Equal(ReconstructionMode.Alternate, spec.Reconstruction.Mode);
        Assert.Equal(SoftTokenLayout.PaperLeftPadded, spec.Reconstruction.SoftTokenLayout);
        Assert.Equal(DTypeKind.Bfloat16, spec.Reconstruction.DType);
        Assert.Equal(TrainableKind.Full, spec.Reconstruction.Trainable);
        Assert.Equal(["STS12", "SciFact"], spec.Evaluation.Tasks);
        Assert.Equal(128, spec.Evaluation.MaxLength);
        // An empty pooling_head object is the default head sizes; null is "derived from the base".
        Assert.Equal(new PoolingHeadSpec(), Parse("{\"pooling_head\": {}}").PoolingHead);
        Assert.Null(Parse("{\"pooling_head\": null}").PoolingHead);
    }

    [Fact]
    public void ReportsEveryProblemOfAFileAtOnce()
    {
        var error = Assert.Throws<UserInputException>(() => Parse("""
            {
              "polling": "mean",
              "attention": "Causal",
              "stages": ["contrastive", "contrastive"],
              "lora": { "dropout": -0.1, "rank": 8 },
              "contrastive": { "steps": 1.5, "lr": 0 },
              "data": { "eval_suite": "builtin:mteb" }
            }
            """));
        Assert.StartsWith("spec.json: 8 problems:", error.Message);
        Assert.Contains("spec.json:6:40: $.contrastive.lr: 0 is not allowed; expected a number > 0", error.Message);
        Assert.Contains("spec.json:2:3: $.polling: unknown key \"polling\" (did you mean \"pooling\"?)", error.Message);
        Assert.Contains("spec.json:3:16: $.attention: \"Causal\" is not allowed; expected one of: causal, bidirectional (did you mean \"causal\"?)", error.Message);
        Assert.Contains("spec.json:4:29: $.stages[1]: \"contrastive\" is repeated; list each value once", error.Message);
        Assert.Contains("spec.json:5:24: $.lora.dropout: -0.1 is not allowed; expected a number >= 0 and < 1", error.Message);
        Assert.Contains("spec.json:5:30: $.lora.rank: unknown key \"rank\"; allowed in \"lora\": r, alpha, dropout, targets", error.Message);
        Assert.Contains("spec.json:6:29: $.contrastive.steps: 1.5 is not allowed; expected an integer >= 1", error.Message);
        Assert.Contains("spec.json:7:27: $.data.eval_suite: \"builtin:mteb\" is not a built-in name for data.eval_suite; expected builtin:default or a path", error.Message);
    }

    [Theory]
    [InlineData("{\"contrastive\": {\"batch\": 8, \"mini_batch\": 16}}", "spec.json:1:44: $.contrastive.mini_batch: contrastive.mini_batch (16) exceeds contrastive.batch (8)")]
    [InlineData("{\"contrastive\": {\"steps\": 5}}", "spec.json:1:1: $.contrastive.warmup_steps: contrastive.warmup_steps (10) exceeds contrastive.steps (5)")]
    [InlineData("{\"pooling\": \"latent_attention\", \"contrastive.trainable\": \"lora\"}", "spec.json:1:58: $['contrastive.trainable']: pooling latent_attention has a trainable head but no stage trains it")]
    [InlineData("{\"stages\": [\"reconstruction\"], \"reconstruction\": {\"w_d2q\": 0, \"w_q2d\": 0}}", "spec.json:1:60: $.reconstruction.w_d2q: reconstruction.w_d2q and reconstruction.w_q2d are both 0")]
    [InlineData("{\"pooling\": \"eos_last\", \"pooling_exclude_instruction\": true}", "spec.json:1:56: $.pooling_exclude_instruction: pooling_exclude_instruction is true but pooling is eos_last")]
    public void ChecksRulesBetweenSettings(string json, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<UserInputException>(() => Parse(json)).Message);

    [Fact]
    public void PoolingExcludeInstructionReadsAndWritesBack()
    {
        var spec = Parse("{\"pooling\": \"mean\", \"pooling_exclude_instruction\": true}");
        Assert.True(spec.PoolingExcludeInstruction);
        string text = ModelSpecWriter.Write(spec);
        Assert.Contains("\"pooling_exclude_instruction\": true", text);
        Assert.True(Parse(text).PoolingExcludeInstruction);
        Assert.False(Parse("{\"pooling\": \"mean\"}").PoolingExcludeInstruction);
    }

    [Fact]
    public void RulesOnlyApplyToStagesThatRun()
    {
        // A reconstruction batch setting that breaks its rule is harmless when the stage does not run.
        var spec = Parse("{\"reconstruction\": {\"batch\": 4, \"mini_batch\": 8}}");
        Assert.Equal(8, spec.Reconstruction.MiniBatch);
    }

    [Fact]
    public void ReadResolvesRelativePathsAgainstTheFilesFolder()
    {
        string folder = Directory.CreateTempSubdirectory("spec-").FullName;
        try
        {
            string path = Path.Combine(folder, "config.json");
            File.WriteAllText(path, "{\"data\": {\"train\": \"pairs/\", \"eval_suite\": \"../suite\"}}");
            var spec = ModelSpecReader.Read(path);
            Assert.Equal(Path.Combine(folder, "pairs"), spec.Data.Train);
            Assert.Equal(Path.Combine(Path.GetDirectoryName(folder)!, "suite"), spec.Data.EvalSuite);
            Assert.Equal("builtin:tiny-base", spec.Base.Model);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void WriterUsesInvariantShortestNumbersAndFixedKeyOrder()
    {
        var spec = new ModelSpec { Contrastive = new ContrastiveSettings { Lr = 1e-4, Temperature = 0.1 + 0.2 }, Lora = new LoraSpec { Alpha = 32 } };
        string json = ModelSpecWriter.Write(spec);
        Assert.Contains("\"lr\": 0.0001,", json);
        Assert.Contains("\"temperature\": 0.30000000000000004,", json);
        Assert.Contains("\"alpha\": 32,", json);
        var topLevel = json.Split('\n').Where(l => l.StartsWith("  \"")).Select(l => l.Trim()[1..l.Trim().IndexOf('"', 1)]).ToList();
        Assert.Equal(ModelSpecSettings.TopLevelKeys, topLevel);
        Assert.DoesNotContain("\r", json);
        Assert.Equal(0.1 + 0.2, Parse(json).Contrastive.Temperature);
    }
}
