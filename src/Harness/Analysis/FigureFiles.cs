using System.Diagnostics;
using Ablation.Harness.IO;
using ScottPlot;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Saves a ScottPlot figure as PNG and SVG, and as PDF through <c>rsvg-convert -f pdf</c> when it is installed
/// (scripts/install-deps installs it). Every file is written atomically.
/// </summary>
public static class FigureFiles
{
    /// <summary>Writes <paramref name="stem"/>.png, .svg and (when possible) .pdf; returns the paths written.</summary>
    public static IReadOnlyList<string> Save(Plot plot, string stem, int width, int height)
    {
        var written = new List<string>();
        string png = stem + ".png", svg = stem + ".svg", pdf = stem + ".pdf";
        AtomicFile.WriteAllBytes(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        written.Add(png);
        AtomicFile.WriteAllText(svg, plot.GetSvgXml(width, height));
        written.Add(svg);
        if (TryPdf(svg, pdf)) written.Add(pdf);
        return written;
    }

    /// <summary>Converts an SVG to PDF with rsvg-convert (written atomically); false when that fails.</summary>
    private static bool TryPdf(string svg, string pdf) => Figures.FigureWriter.ConvertToPdf(svg, pdf) is null;
}
