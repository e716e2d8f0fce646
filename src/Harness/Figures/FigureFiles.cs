using Ablation.Harness.IO;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Saves a ScottPlot figure as PNG and SVG, and as PDF through <c>rsvg-convert -f pdf</c> when it is installed
/// (scripts/install-deps installs it). Every file is written atomically.
/// </summary>
public static class FigureFiles
{
    /// <summary>
    /// Writes <paramref name="stem"/>.png and .svg at <paramref name="width"/> × <paramref name="height"/> pixels (the
    /// plot's own ScaleFactor applies) and, when rsvg-convert succeeds, .pdf; returns the paths written.
    /// <paramref name="pdfFailed"/> hears why a PDF was not written.
    /// </summary>
    public static IReadOnlyList<string> Save(Plot plot, string stem, int width, int height, Action<string>? pdfFailed = null)
    {
        var written = new List<string>();
        string png = stem + ".png", svg = stem + ".svg", pdf = stem + ".pdf";
        AtomicFile.WriteAllBytes(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        written.Add(png);
        AtomicFile.WriteAllText(svg, plot.GetSvgXml(width, height));
        written.Add(svg);
        if (Figures.FigureWriter.ConvertToPdf(svg, pdf) is { } error) pdfFailed?.Invoke(error);
        else written.Add(pdf);
        return written;
    }
}
