using System.Text.Json;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Evaluation;

/// <summary>Access to tests/fixtures/evaluation (made by make_evaluation_fixtures.py with sklearn/scipy).</summary>
internal static class EvaluationFixtures
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("evaluation", "metrics.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static string TinySuite => RepoPaths.Fixture("evaluation", "tiny-suite");

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static EmbeddingMatrix Matrix(JsonElement values, int dimension)
    {
        var data = values.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return new EmbeddingMatrix(data, data.Length / dimension, dimension);
    }

    public static TaskManifest Manifest(TaskType type, string? mainScore = null) => new()
    {
        Name = "T", Type = type, Folder = Path.GetTempPath(), MainScore = mainScore ?? TaskManifest.DefaultMainScore(type),
    };

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "ablation-eval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
