using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Critical-difference diagram in Demšar's (2006) layout: an axis of average ranks (1 = best, on the left) at the
/// top, the CD drawn as a bar above it, designs hanging from their rank by elbow lines to labels at the left (the
/// better half) or right, and thick bars joining designs whose ranks differ by less than the CD.
/// </summary>
public static class CriticalDifferencePlot
{
    public const string Stem = "cd-diagram";

    public static (Plot Plot, int Width, int Height)? Create(ReportModel m)
    {
        if (m.Ranks is not { } r) return null;
        int k = r.Designs.Count;
        var plot = new Plot();
        plot.HideAxesAndGrid();
        var black = Colors.Black;
        // Axis of ranks from 1 to k at y = 0.
        Line(plot, 1, 0, k, 0, 1.5f);
        for (int i = 1; i <= k; i++)
        {
            Line(plot, i, 0, i, 0.18, 1.2f);
            Label(plot, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i, 0.25, Alignment.LowerCenter);
            if (i < k) Line(plot, i + 0.5, 0, i + 0.5, 0.09, 0.8f);
        }
        // CD bar above the axis, starting at rank 1.
        double cd = r.CriticalDifference;
        Line(plot, 1, 0.85, 1 + cd, 0.85, 2f);
        Line(plot, 1, 0.75, 1, 0.95, 1.2f);
        Line(plot, 1 + cd, 0.75, 1 + cd, 0.95, 1.2f);
        Label(plot, $"CD = {cd:0.00}", 1 + cd / 2, 0.98, Alignment.LowerCenter);

        // Cliques: thick bars just below the axis, stacked.
        double cliqueY = -0.35;
        foreach (var clique in r.Cliques)
        {
            double lo = r.AverageRanks[clique[0]], hi = r.AverageRanks[clique[^1]];
            Line(plot, lo - 0.03, cliqueY, hi + 0.03, cliqueY, 4f);
            cliqueY -= 0.28;
        }
        // Designs: the better half to the left, the rest to the right; one row per design below the cliques.
        double top = cliqueY - 0.2;
        int leftCount = (k + 1) / 2;
        for (int i = 0; i < k; i++)
        {
            double rank = r.AverageRanks[i];
            bool leftSide = i < leftCount;
            int row = leftSide ? i : k - 1 - i;
            double y = top - row * 0.45;
            double end = leftSide ? 1 - 0.35 : k + 0.35;
            Line(plot, rank, 0, rank, y, 1.2f);
            Line(plot, rank, y, end, y, 1.2f);
            Label(plot, $"{r.Designs[i]} ({rank:0.00})", leftSide ? end - 0.05 : end + 0.05, y, leftSide ? Alignment.MiddleRight : Alignment.MiddleLeft);
        }
        double bottom = top - (leftCount - 1) * 0.45 - 0.4;
        var (width, side) = LabelRoom(r.Designs.Max(d => d.Length) + " (0.00)".Length, k);
        plot.Axes.SetLimits(1 - 0.35 - side, k + 0.35 + side, bottom, 1.25);
        FigureStyle.Apply(plot);
        int height = (int)(90 + (1.25 - bottom) * 55);
        return (plot, width, Math.Max(200, height));

        void Line(Plot p, double x1, double y1, double x2, double y2, float width)
        {
            var line = p.Add.Line(x1, y1, x2, y2);
            line.LineWidth = width;
            line.LineColor = black;
            line.MarkerSize = 0;
        }
    }

    /// <summary>
    /// Figure width (logical px) and the room on each side of the rank axis (in rank units) so that a label of
    /// <paramref name="labelChars"/> characters fits between the end of its elbow line and the figure's edge.
    /// A label takes ≈ 7.8 px per character at the figure font; the figure grows past one column when the labels
    /// would leave the axis less than 45 % of the width. Solves side·W/U ≥ label + gap with U = k − 0.3 + 2·side.
    /// </summary>
    public static (int Width, double Side) LabelRoom(int labelChars, int designs)
    {
        double label = labelChars * 7.8 + 8;
        int width = Math.Max(FigureStyle.ColumnWidth, (int)Math.Ceiling(2 * label / 0.55));
        double share = label / width;
        return (width, (0.05 + share * (designs - 0.3)) / (1 - 2 * share));
    }

    private static void Label(Plot plot, string text, double x, double y, Alignment alignment)
    {
        var t = plot.Add.Text(text, x, y);
        t.LabelStyle.Alignment = alignment;
        t.LabelStyle.FontSize = FigureStyle.FontSize;
        t.LabelStyle.ForeColor = Colors.Black;
    }
}
