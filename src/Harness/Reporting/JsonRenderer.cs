using System.Text;
using System.Text.Json;
using Ablation.Stats.MultipleComparisons;

namespace Ablation.Harness.Reporting;

/// <summary>
/// report.json: every comparison as a record (task, metric, a, b, unit, n, seeds, mean_diff = a − b, ci, test,
/// p_value, p_adjusted, correction, effect_size {name, value, ci}), plus scores, categories, ranks, power, missing
/// cells and warnings. Numbers are unrounded; NaN and infinities are null.
/// </summary>
public static class JsonRenderer
{
    public const int Format = 1;

    public static string Render(ReportModel m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var o = m.Options;
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("name", m.Name);
            w.WriteString("results", m.ResultsPath);
            w.WriteString("baseline", m.Baseline);
            w.WriteStartArray("designs"); foreach (var d in m.Designs) w.WriteStringValue(d); w.WriteEndArray();
            w.WriteStartObject("settings");
            w.WriteString("correction", o.Correction.ToName());
            Num(w, "alpha", o.Alpha);
            Num(w, "level", o.Level);
            w.WriteNumber("resamples", o.Resamples);
            w.WriteNumber("score_resamples", Math.Min(o.Resamples, o.ScoreResamples));
            w.WriteNumber("seed", o.Seed);
            w.WriteBoolean("all_pairs", o.AllPairs);
            w.WriteString("family", m.Family);
            w.WriteEndObject();

            w.WriteStartArray("comparisons");
            foreach (var c in m.Comparisons)
            {
                w.WriteStartObject();
                w.WriteString("task", c.Task);
                w.WriteString("category", c.Category);
                w.WriteString("metric", c.Metric);
                w.WriteString("a", c.A);
                w.WriteString("b", c.B);
                w.WriteString("unit", c.Unit);
                w.WriteNumber("n", c.N);
                w.WriteStartObject("seeds"); w.WriteNumber("a", c.SeedsA); w.WriteNumber("b", c.SeedsB); w.WriteEndObject();
                Num(w, "mean_diff", c.MeanDiff);
                Pair(w, "ci", c.CiLow, c.CiHigh);
                Num(w, "standard_error", c.StandardError);
                w.WriteString("test", c.Test);
                Num(w, "p_value", c.PValue);
                Num(w, "p_adjusted", c.PAdjusted);
                w.WriteString("correction", o.Correction.ToName());
                w.WriteBoolean("significant", c.Significant);
                w.WriteStartObject("effect_size");
                w.WriteString("name", c.EffectName);
                Num(w, "value", c.EffectValue);
                Pair(w, "ci", c.EffectLow, c.EffectHigh);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("scores");
            foreach (var s in m.Scores)
            {
                w.WriteStartObject();
                w.WriteString("task", s.Task);
                w.WriteString("design", s.Design);
                w.WriteNumber("n", s.N);
                w.WriteStartArray("seed_values"); foreach (var v in s.SeedValues) NumValue(w, v); w.WriteEndArray();
                Num(w, "mean", s.Mean);
                Pair(w, "ci", s.CiLow, s.CiHigh);
                Num(w, "seed_sd", s.SeedSd);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("categories");
            foreach (var c in m.Categories)
            {
                w.WriteStartObject();
                w.WriteString("category", c.Category);
                w.WriteStartArray("tasks"); foreach (var t in c.Tasks) w.WriteStringValue(t); w.WriteEndArray();
                Num(w, "min_attainable_p", c.MinAttainableP);
                if (c.Warning is null) w.WriteNull("warning"); else w.WriteString("warning", c.Warning);
                w.WriteStartArray("rows");
                foreach (var r in c.Rows)
                {
                    w.WriteStartObject();
                    w.WriteString("design", r.Design);
                    w.WriteBoolean("baseline", r.IsBaseline);
                    w.WriteNumber("tasks", r.Tasks);
                    Num(w, r.IsBaseline ? "mean" : "mean_diff", r.Value);
                    if (!r.IsBaseline)
                    {
                        Num(w, "wilcoxon_p", r.WilcoxonP ?? double.NaN);
                        w.WriteBoolean("star", r.Star);
                        w.WriteNumber("better", r.Better);
                        w.WriteNumber("worse", r.Worse);
                        Pair(w, "ci", r.CiLow, r.CiHigh);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (m.Ranks is { } rk)
            {
                w.WriteStartObject("ranks");
                w.WriteNumber("tasks", rk.Tasks);
                Num(w, "friedman_chi2", rk.ChiSquare);
                Num(w, "friedman_p", rk.PValue);
                Num(w, "iman_davenport_f", rk.ImanDavenportF);
                Num(w, "iman_davenport_p", rk.ImanDavenportP);
                Num(w, "nemenyi_cd", rk.CriticalDifference);
                w.WriteStartArray("average_ranks");
                for (int i = 0; i < rk.Designs.Count; i++)
                {
                    w.WriteStartObject(); w.WriteString("design", rk.Designs[i]); Num(w, "rank", rk.AverageRanks[i]); w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("cliques");
                foreach (var c in rk.Cliques) { w.WriteStartArray(); foreach (var i in c) w.WriteStringValue(rk.Designs[i]); w.WriteEndArray(); }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else w.WriteNull("ranks");

            w.WriteStartArray("power");
            foreach (var p in m.Power)
            {
                w.WriteStartObject();
                w.WriteString("task", p.Task);
                w.WriteString("unit", p.Unit);
                w.WriteNumber("n", p.N);
                Num(w, "mde_80", p.Mde);
                w.WriteString("basis", p.Basis);
                Num(w, "pooled_seed_sd", p.SeedSd);
                Num(w, "largest_seed_sd", p.MaxSeedSd);
                Num(w, "design_range", p.DesignRange);
                Num(w, "smallest_abs_diff", p.SmallestDiff);
                if (p.SeedsNeeded is int s) w.WriteNumber("seeds_needed", s); else w.WriteNull("seeds_needed");
                w.WriteString("seeds_note", p.SeedsNote);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("missing_cells");
            foreach (var c in m.MissingCells)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id); w.WriteString("design", c.Design); w.WriteNumber("seed", c.Seed);
                w.WriteString("state", c.State.ToString().ToLowerInvariant());
                if (c.Error is null) w.WriteNull("error"); else w.WriteString("error", c.Error);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("warnings"); foreach (var n in m.Notes) w.WriteStringValue(n); w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Num(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        NumValue(w, v);
    }

    private static void NumValue(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
    }

    private static void Pair(Utf8JsonWriter w, string name, double low, double high)
    {
        w.WriteStartArray(name); NumValue(w, low); NumValue(w, high); w.WriteEndArray();
    }
}
