using System.Globalization;

namespace Ablation.Harness.Reporting;

/// <summary>Fixed-decimal number formats used by every rendering of the report (invariant culture).</summary>
public static class Fmt
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A score or difference with 4 decimals; "–" for NaN.</summary>
    public static string Num(double x, int decimals = 4) => double.IsNaN(x) ? "–" : double.IsInfinity(x) ? (x > 0 ? "∞" : "−∞") : x.ToString("F" + decimals, C);

    /// <summary>A signed difference: +0.0123 / -0.0045.</summary>
    public static string Signed(double x, int decimals = 4) => double.IsNaN(x) ? "–" : (x >= 0 ? "+" : "") + Num(x, decimals);

    /// <summary>A p-value with 4 decimals, "&lt;0.0001" below.</summary>
    public static string P(double p) => double.IsNaN(p) ? "–" : p < 0.0001 ? "<0.0001" : p.ToString("F4", C);

    /// <summary>"p = 0.0123" or "p &lt; 0.0001".</summary>
    public static string PEquals(double p) => !double.IsNaN(p) && p < 0.0001 ? "p < 0.0001" : "p = " + P(p);

    public static string Ci(double low, double high, int decimals = 4) => $"[{Signed(low, decimals)}, {Signed(high, decimals)}]";

    public static string Plain(double low, double high, int decimals = 4) => $"[{Num(low, decimals)}, {Num(high, decimals)}]";

    public static string Int(int x) => x.ToString(C);

    public static string Level(double level) => (level * 100).ToString("0.#", C) + " %";
}
