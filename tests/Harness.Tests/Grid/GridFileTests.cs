using System.Text.Json;
using Ablation.Harness.Grid;
using Ablation.Harness.Training.Spec;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Grid;

public sealed class GridFileTests
{
    private static GridPlan Parse(string json) => GridFile.Parse(json, "g.json", "/data/grids");

    private const string Product = """
        {
          "name": "p",
          "base": { "model": "builtin:tiny-base" },
          "defaults": { "contrastive": { "steps": 20, "warmup_steps": 2 } },
          "axes": {
            "pooling": ["eos_last", "last_layer_trainable", "multi_layer_trainable"],
            "attention": ["causal", "bidirectional"],
            "stages": [["contrastive"], ["reconstruction", "contrastive"]],
            "seed": [1, 2, 3]
          },
          "exclude": [ { "pooling": "eos_last", "attention": "bidirectional" } ],
          "baseline": { "pooling": "eos_last", "attention": "causal", "stages": ["contrastive"] }
        }
        """;

    [Fact]
    public void AxesExpandToTheirProductMinusExcludedDesignsTimesSeeds()
    {
        var plan = Parse(Product);
        Assert.Equal(3 * 2 * 2 - 2, plan.Designs.Count);
        Assert.Equal(10 * 3, plan.Cells.Count);
        Assert.Equal([1, 2, 3], plan.Seeds);
        Assert.Equal("pooling=eos_last,attention=causal,stages=contrastive", plan.Designs[0].Name);
        Assert.Equal("pooling=eos_last,attention=causal,stages=reconstruction+contrastive", plan.Designs[1].Name);
        Assert.DoesNotContain(plan.Designs, d => d.Spec.Pooling == "eos_last" && d.Spec.Attention == AttentionKind.Bidirectional);
        Assert.Equal("pooling=eos_last,attention=causal,stages=contrastive", plan.Baseline!.Name);
        // Seed-major: every design with seed 1 first.
        Assert.Equal(Enumerable.Repeat(1, 10), plan.Cells.Take(10).Select(c => c.Seed));
        Assert.Equal(plan.Designs.Select(d => d.Name), plan.Cells.Take(10).Select(c => c.Design));
        Assert.Equal(30, plan.Cells.Select(c => c.Id).Distinct().Count());
        Assert.All(plan.Cells, c => Assert.Matches("^[0-9a-f]{12}$", c.Id));
        Assert.All(plan.Cells, c => Assert.Equal(c.Seed, c.Spec.Seed));
    }

    [Fact]
    public void IncludeAddsSubGridsWhoseOtherSettingsTakeTheDefaults()
    {
        var plan = Parse("""
            {
              "name": "i", "base": { "model": "builtin:tiny-base" },
              "defaults": { "attention": "bidirectional" },
              "axes": { "pooling": ["eos_last", "mean"], "attention": ["causal"] },
              "include": [ { "pooling": "latent_attention", "contrastive.lr": [1e-4, 2e-4] } ],
              "exclude": [ { "pooling": ["mean", "latent_attention"] } ]
            }
            """);
        // Exclude applies to the product only; include comes after it.
        Assert.Equal(["pooling=eos_last,attention=causal", "pooling=latent_attention,contrastive.lr=0.0001", "pooling=latent_attention,contrastive.lr=0.0002"],
            plan.Designs.Select(d => d.Name));
        Assert.Equal(AttentionKind.Bidirectional, plan.Design("pooling=latent_attention,contrastive.lr=0.0002").Spec.Attention);
        Assert.Equal(2e-4, plan.Design("pooling=latent_attention,contrastive.lr=0.0002").Spec.Contrastive.Lr);
        Assert.Equal(3, plan.Cells.Count);
        Assert.Null(plan.Baseline);
    }

    [Fact]
    public void NamedDesignsKeepTheirNamesAndCrossWithOtherAxes()
    {
        var plan = Parse("""
            {
              "name": "n", "base": { "model": "builtin:tiny-base" },
              "designs": { "M1": { "pooling": "eos_last" }, "M4": { "pooling": "last_layer_trainable", "attention": "bidirectional" } },
              "axes": { "contrastive.lr": [1e-4, 5e-4], "seed": [7] },
              "baseline": "M1,contrastive.lr=0.0005"
            }
            """);
        Assert.Equal(["M1,contrastive.lr=0.0001", "M1,contrastive.lr=0.0005", "M4,contrastive.lr=0.0001", "M4,contrastive.lr=0.0005"], plan.Designs.Select(d => d.Name));
        Assert.Equal([new("pooling", "last_layer_trainable"), new("attention", AttentionKind.Bidirectional), new KeyValuePair<string, object?>("contrastive.lr", 1e-4)],
            plan.Design("M4,contrastive.lr=0.0001").Settings);
        Assert.Equal(5e-4, plan.Baseline!.Spec.Contrastive.Lr);
        Assert.All(plan.Cells, c => Assert.Equal(7, c.Seed));
    }

    [Fact]
    public void ExcludeTakesAlternativesAndListSettingsAsArraysOfArrays()
    {
        var plan = Parse(Product.Replace("""[ { "pooling": "eos_last", "attention": "bidirectional" } ]""",
            """[ { "pooling": ["last_layer_trainable", "multi_layer_trainable"], "stages": [["reconstruction", "contrastive"]] } ]"""));
        Assert.Equal(12 - 4, plan.Designs.Count);
        Assert.DoesNotContain(plan.Designs, d => d.Spec.Pooling != "eos_last" && d.Spec.Stages.Count == 2);
        // A flat array for a list setting is one value, not alternatives.
        var one = Parse(Product.Replace("""[ { "pooling": "eos_last", "attention": "bidirectional" } ]""",
            """[ { "stages": ["reconstruction", "contrastive"] } ]"""));
        Assert.Equal(6, one.Designs.Count);
        Assert.All(one.Designs, d => Assert.Equal([StageKind.Contrastive], d.Spec.Stages));
    }

    [Fact]
    public void AnIncludePointEqualToAProductPointIsAnError()
    {
        var error = Assert.Throws<UserInputException>(() => Parse("""
            {
              "name": "d", "base": { "model": "builtin:tiny-base" },
              "axes": { "pooling": ["eos_last", "mean"] },
              "include": [ { "pooling": "mean" } ]
            }
            """));
        Assert.Equal("g.json:4:16: $.include[0]: design \"pooling=mean\" is defined twice (also at line 3); remove one or make their settings differ", error.Message);
    }

    [Fact]
    public void AnExplodingProductIsRefusedBeforeExpansion()
    {
        string values = string.Join(", ", Enumerable.Range(1, 101));
        var error = Assert.Throws<UserInputException>(() => Parse($$"""
            { "name": "x", "base": { "model": "builtin:tiny-base" },
              "axes": { "max_length": [{{values}}], "lora.r": [{{values}}] } }
            """));
        Assert.Contains("$.axes: the axes expand to 10201 designs (more than 10000)", error.Message);
    }

    [Fact]
    public void SeedsComeFromDefaultsWithoutASeedAxisAndThereIsNoBaselineUnlessNamed()
    {
        var plan = Parse("""{"name": "s", "base": {"model": "builtin:tiny-base"}, "defaults": {"seed": 5}, "baseline": null}""");
        Assert.Equal([5], plan.Seeds);
        Assert.Null(plan.Baseline);
        Assert.Equal(5, plan.Cells.Single().Spec.Seed);
    }

    [Fact]
    public void ADesignCanDropTheDefaultPoolingHeadWithNull()
    {
        var plan = Parse("""
            {
              "name": "h", "base": { "model": "builtin:tiny-base" },
              "defaults": { "pooling": "latent_attention", "pooling_head": { "num_latents": 8, "num_heads": 2 } },
              "designs": { "sized": {}, "derived": { "pooling_head": null }, "wide": { "pooling_head.num_heads": 8 } }
            }
            """);
        Assert.Equal(new PoolingHeadSpec { NumLatents = 8, NumHeads = 2 }, plan.Design("sized").Spec.PoolingHead);
        Assert.Null(plan.Design("derived").Spec.PoolingHead);
        Assert.Equal(new PoolingHeadSpec { NumLatents = 8, NumHeads = 8 }, plan.Design("wide").Spec.PoolingHead);
        Assert.Contains("\"pooling_head\": null", plan.Cells.Single(c => c.Design == "derived").ConfigJson);
    }

    [Fact]
    public void SameConfigurationGivesTheSameIdWhateverTheKeyOrderOrExplicitDefaults()
    {
        var ids = Parse(Product).Cells.Select(c => c.Id).ToList();
        // Keys reordered, dotted instead of nested, defaults written out, comments.
        var same = Parse("""
            {
              // the same grid, written differently
              "baseline": "pooling=eos_last,attention=causal,stages=contrastive",
              "exclude": [ { "attention": "bidirectional", "pooling": "eos_last" } ],
              "axes": {
                "pooling": ["eos_last", "last_layer_trainable", "multi_layer_trainable"],
                "attention": ["causal", "bidirectional"],
                "stages": [["contrastive"], ["reconstruction", "contrastive"]],
                "seed": [1, 2, 3]
              },
              "defaults": { "contrastive.warmup_steps": 2, "max_length": 64, "contrastive": { "steps": 20, "lr": 5e-4, "batch": 32 },
                            "lora": { "r": 16, "alpha": 32.0, "dropout": 0.1 } },
              "data": { "train": "builtin:wordnet-pairs" },
              "base": { "dtype": "float32", "model": "builtin:tiny-base" },
              "name": "another-name"
            }
            """);
        Assert.Equal(ids, same.Cells.Select(c => c.Id).ToList());
    }

    [Fact]
    public void AnyChangedValueGivesNewIdsAndOnlyWhereItMatters()
    {
        var before = Parse(Product).Cells.ToDictionary(c => (c.Design, c.Seed), c => c.Id);

        var lr = Parse(Product.Replace("\"steps\": 20,", "\"steps\": 20, \"lr\": 1e-4,")).Cells;
        Assert.All(lr, c => Assert.NotEqual(before[(c.Design, c.Seed)], c.Id));

        // A reconstruction setting changes only the cells that run a reconstruction stage.
        var rec = Parse(Product.Replace("\"defaults\": {", "\"defaults\": { \"reconstruction.lr\": 1e-3,")).Cells;
        foreach (var cell in rec)
            if (cell.Spec.Stages.Contains(StageKind.Reconstruction)) Assert.NotEqual(before[(cell.Design, cell.Seed)], cell.Id);
            else Assert.Equal(before[(cell.Design, cell.Seed)], cell.Id);

        // Pooling-head sizes change only the designs whose pooling has a head.
        var head = Parse(Product.Replace("\"defaults\": {", "\"defaults\": { \"pooling_head\": { \"num_latents\": 8 },")).Cells;
        foreach (var cell in head)
            Assert.Equal(cell.Spec.Pooling == "eos_last", before[(cell.Design, cell.Seed)] == cell.Id);
    }

    [Fact]
    public void CellConfigIsCanonicalAndReadsBackAsTheSameSpec()
    {
        foreach (var cell in Parse(Product).Cells)
        {
            Assert.Equal(cell.ConfigJson, ModelSpecWriter.Write(cell.Spec));
            Assert.Equal(cell.ConfigJson, ModelSpecWriter.Write(ModelSpecReader.Parse(cell.ConfigJson, "config.json", "/elsewhere")));
            Assert.Equal(ModelSpecWriter.Hash(cell.ConfigJson), cell.Id);
        }
    }

    [Fact]
    public void RelativePathsResolveAgainstTheGridFolder()
    {
        var plan = Parse("""{"name": "r", "base": {"model": "../ckpt/qwen2/"}, "data": {"train": "pairs.jsonl", "eval_suite": "/abs/suite"}}""");
        var spec = plan.Cells.Single().Spec;
        Assert.Equal("/data/ckpt/qwen2", spec.Base.Model);
        Assert.Equal("/data/grids/pairs.jsonl", spec.Data.Train);
        Assert.Equal("/abs/suite", spec.Data.EvalSuite);
        Assert.Equal("default", plan.Designs.Single().Name);
    }

    [Fact]
    public void GridJsonFollowsTheResultsLayout()
    {
        var plan = Parse(Product);
        string folder = Directory.CreateTempSubdirectory("grid-json-").FullName;
        try
        {
            plan.WriteGridJson(folder);
            Assert.Equal([Path.Combine(folder, "grid.json")], Directory.GetFileSystemEntries(folder));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "grid.json")));
            var root = doc.RootElement;
            Assert.Equal(1, root.GetProperty("format").GetInt32());
            Assert.Equal("p", root.GetProperty("name").GetString());
            Assert.Equal("g.json", root.GetProperty("source").GetString());
            Assert.Equal(plan.Baseline!.Name, root.GetProperty("baseline").GetString());
            Assert.Equal(plan.Designs.Select(d => d.Name), root.GetProperty("designs").EnumerateObject().Select(p => p.Name));
            var design = root.GetProperty("designs").GetProperty("pooling=eos_last,attention=causal,stages=reconstruction+contrastive");
            Assert.Equal("""["reconstruction","contrastive"]""", JsonSerializer.Serialize(design.GetProperty("stages")));
            Assert.Equal("causal", design.GetProperty("attention").GetString());
            var cells = root.GetProperty("cells").EnumerateArray().ToList();
            Assert.Equal(plan.Cells.Select(c => (c.Id, c.Design, c.Seed)),
                cells.Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("design").GetString()!, c.GetProperty("seed").GetInt32())));
            Assert.Equal(32, root.GetProperty("evaluation").GetProperty("batch").GetInt32());
            var cell = plan.Cells[4];
            Assert.Equal($"{{\"format\":1,\"id\":\"{cell.Id}\",\"design\":\"{cell.Design}\",\"seed\":1,\"grid\":\"p\"}}",
                JsonSerializer.Serialize(JsonDocument.Parse(cell.ToCellJson("p")).RootElement));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void CanonicalFormatAndHashMatchTheIndependentFixture()
    {
        // The canonical text of the default spec is pinned (a format change would silently change every id), and
        // its id equals Python's hashlib SHA-256 prefix (tests/fixtures/grids/make_hashes.py).
        string fixture = RepoPaths.Fixture("grids", "default-spec.canonical.json");
        if (Environment.GetEnvironmentVariable("ABLATION_UPDATE_FIXTURES") == "1") File.WriteAllText(fixture, ModelSpecWriter.Write(new ModelSpec()));
        string canonical = File.ReadAllText(fixture);
        Assert.Equal(canonical, ModelSpecWriter.Write(new ModelSpec()));
        var hashes = File.ReadAllLines(RepoPaths.Fixture("grids", "hashes.txt")).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToDictionary(l => l.Split(' ')[1], l => l.Split(' ')[0]);
        foreach (var (file, hash) in hashes)
            Assert.Equal(hash, ModelSpecWriter.Hash(File.ReadAllText(RepoPaths.Fixture("grids", file))));
    }
}
