using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Shared look of the report figures: sizes for a paper column (drawn at 2× so the PNG is sharp at ~3.3 in),
/// readable fonts, a colour-blind-safe palette, and the two colours that mark significance.
/// </summary>
public static class FigureStyle
{
    /// <summary>Logical width of a one-column figure; PNGs are written at <see cref="PngScale"/>×.</summary>
    public const int ColumnWidth = 520;

    public const float PngScale = 2f;
    public const float FontSize = 13f;

    /// <summary>CI bar colours (also what the tests look for in the SVG): significant after correction, and not.</summary>
    public const string SignificantHex = "#C0392B";
    public const string NotSignificantHex = "#34495E";
    public const float CiBarWidth = 2.5f;

    public static Color Significant => Color.FromHex(SignificantHex);
    public static Color NotSignificant => Color.FromHex(NotSignificantHex);

    /// <summary>Okabe–Ito colours (distinguishable with colour-vision deficiencies).</summary>
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public static Color DesignColor(int index) => Color.FromHex(Palette[index % Palette.Length]);

    /// <summary>
    /// The marker of design <paramref name="index"/>: circles for the first eight designs, then squares, then
    /// diamonds, so that designs beyond the palette's eight colours (builtin-full has ten) stay distinguishable.
    /// </summary>
    public static MarkerShape DesignMarker(int index, bool filled = true) => (index / Palette.Length % 3, filled) switch
    {
        (0, true) => MarkerShape.FilledCircle,
        (0, false) => MarkerShape.OpenCircle,
        (1, true) => MarkerShape.FilledSquare,
        (1, false) => MarkerShape.OpenSquare,
        (_, true) => MarkerShape.FilledDiamond,
        (_, false) => MarkerShape.OpenDiamond,
    };

    /// <summary>The line pattern of design <paramref name="index"/>: solid, then dashed, then dotted, per cycle of the palette.</summary>
    public static LinePattern DesignPattern(int index) => (index / Palette.Length % 3) switch
    {
        0 => LinePattern.Solid,
        1 => LinePattern.Dashed,
        _ => LinePattern.Dotted,
    };

    public static void Apply(Plot plot)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = FontSize;
            axis.Label.FontSize = FontSize + 1;
        }
        plot.Axes.Title.Label.FontSize = FontSize + 2;
        plot.Legend.FontSize = FontSize - 1;
        plot.Legend.FontName = "DejaVu Sans";
    }
}
