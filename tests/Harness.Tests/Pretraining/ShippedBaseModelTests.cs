using System.Security.Cryptography;
using Ablation.Harness.Pretraining;

namespace Ablation.Harness.Tests.Pretraining;

/// <summary>
/// A shipped base model is used only when it is intact and exactly the model its recipe would build here; the
/// committed builtin:tiny-base-long is checked against its recipe and the built-in corpus of this machine.
/// </summary>
public class ShippedBaseModelTests(PretrainedTinyModel run) : IClassFixture<PretrainedTinyModel>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ablation-shipped-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A copy of the fixture's pretrained model with a SHA256SUMS of its files, as the repository ships one.</summary>
    private string ShippedCopy()
    {
        string folder = Path.Combine(_root, "shipped");
        Directory.CreateDirectory(folder);
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(run.First.Folder).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            File.Copy(file, Path.Combine(folder, name));
            lines.Add($"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))}  {name}");
        }
        File.WriteAllLines(Path.Combine(folder, ShippedBaseModel.ChecksumFile), lines);
        return folder;
    }

    private string Staging()
    {
        string staging = Path.Combine(_root, "staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        return staging;
    }

    [Fact]
    public void An_intact_model_of_the_same_recipe_is_unpacked_byte_for_byte()
    {
        string shipped = ShippedCopy(), staging = Staging();
        var log = new List<string>();
        Assert.True(ShippedBaseModel.InFolder(shipped).TryUnpack(run.First.RecipeHash, staging, log.Add));
        foreach (var file in Directory.GetFiles(run.First.Folder))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(staging, Path.GetFileName(file))));
        Assert.Contains("SHA-256 checked", Assert.Single(log));
    }

    [Fact]
    public void A_model_of_another_recipe_or_corpus_is_not_used()
    {
        string shipped = ShippedCopy(), staging = Staging();
        var log = new List<string>();
        Assert.False(ShippedBaseModel.InFolder(shipped).TryUnpack("0123456789abcdef", staging, log.Add));
        Assert.Empty(Directory.GetFiles(staging));
        Assert.Contains($"pretrained from recipe hash {run.First.RecipeHash}, this recipe and corpus give 0123456789abcdef", Assert.Single(log));
    }

    [Fact]
    public void A_damaged_file_is_detected_and_nothing_is_left_in_staging()
    {
        string shipped = ShippedCopy(), staging = Staging();
        byte[] weights = File.ReadAllBytes(Path.Combine(shipped, "model.safetensors"));
        weights[^1] ^= 0x40;  // one flipped bit in the last weight
        File.WriteAllBytes(Path.Combine(shipped, "model.safetensors"), weights);
        var log = new List<string>();
        Assert.False(ShippedBaseModel.InFolder(shipped).TryUnpack(run.First.RecipeHash, staging, log.Add));
        Assert.Empty(Directory.GetFiles(staging));
        Assert.Contains("model.safetensors has SHA-256", Assert.Single(log));
        Assert.Contains("(damaged)", log[0]);
    }

    [Fact]
    public void Missing_checksums_or_a_listed_file_that_is_absent_mean_not_shipped()
    {
        string shipped = ShippedCopy();
        File.Delete(Path.Combine(shipped, "tokenizer.json"));
        var log = new List<string>();
        Assert.False(ShippedBaseModel.InFolder(shipped).TryUnpack(run.First.RecipeHash, Staging(), log.Add));
        Assert.Contains("tokenizer.json listed in SHA256SUMS is missing", log[0]);
        File.Delete(Path.Combine(shipped, ShippedBaseModel.ChecksumFile));
        Assert.False(ShippedBaseModel.InFolder(shipped).TryUnpack(run.First.RecipeHash, Staging(), log.Add));
        Assert.Contains("is not in this build", log[1]);
    }

    [Fact]
    public void A_malformed_checksum_line_is_an_error_naming_the_line()
    {
        string shipped = ShippedCopy();
        File.AppendAllText(Path.Combine(shipped, ShippedBaseModel.ChecksumFile), "not-a-checksum ../model.safetensors\n");
        var e = Assert.Throws<InvalidDataException>(() => ShippedBaseModel.InFolder(shipped).TryUnpack(run.First.RecipeHash, Staging()));
        Assert.Contains($"SHA256SUMS line {Directory.GetFiles(run.First.Folder).Length + 1}", e.Message);
    }

    [Fact]
    public void The_committed_tiny_base_long_is_the_model_its_recipe_builds_from_this_machines_corpus()
    {
        var recipe = BaseModels.Recipe(BaseModels.TinyBaseLong);
        var corpus = PretrainingCorpus.Resolve(recipe.CorpusSource);
        string staging = Staging();
        var log = new List<string>();
        bool used = ShippedBaseModel.Embedded("experiments/base/tiny-long/").TryUnpack(recipe.Hash(corpus.Key), staging, log.Add);
        Assert.True(used, string.Join("\n", log));
        var shipped = PretrainingResult.Load(staging);
        Assert.Equal(recipe.Steps, shipped.Steps);
        Assert.Equal((long)recipe.Steps * recipe.BatchSize * recipe.SeqLength, shipped.TrainTokens);
        // What the longer pretraining bought: held-out perplexity well below the quick base's (63 at 0.8 M tokens).
        Assert.True(shipped.HeldOutPerplexity < shipped.UnigramPerplexity / 10, $"held-out perplexity {shipped.HeldOutPerplexity}");
    }
}
