using System.Text.Json;
using Ablation.Tests.Shared;

namespace Ablation.Stats.Tests;

/// <summary>Reads the scipy/statsmodels fixtures made by tests/fixtures/stats/make_paired_fixtures.py.</summary>
public static class Fixtures
{
    private static readonly Dictionary<string, JsonElement> Loaded = new();

    public static JsonElement Load(string file)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(file, out var root))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("stats", file)));
                root = doc.RootElement.Clone();
                Loaded[file] = root;
            }
            return root;
        }
    }

    public static double[] Doubles(this JsonElement e, string key) => e.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static double Double(this JsonElement e, string key) => e.GetProperty(key).GetDouble();

    /// <summary>|expected − actual| ≤ relative·|expected| + absolute; NaN matches NaN.</summary>
    public static void Close(double expected, double actual, double relative, double absolute = 0, string? what = null)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        double tolerance = relative * Math.Abs(expected) + absolute;
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3}, tolerance {tolerance:E3})");
    }
}
