using Ablation.Harness.Figures;
using Ablation.Harness.Tests.Reporting;

namespace Ablation.Harness.Tests.Figures;

/// <summary>Issue 15 item 13: figure files are written through AtomicFile (temporary beside the target, then rename).</summary>
public class AtomicFigureTests
{
    private static ScottPlot.Plot Plot()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 1, 3, 2 });
        return plot;
    }

    [Fact]
    public void Png_svg_and_pdf_are_complete_and_no_temporary_is_left()
    {
        using var dir = new TempFolder();
        // A temporary left by a killed writer (pid that cannot exist) is removed by the next write of that file.
        string stale = Path.Combine(dir.Path, $".f.png.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "half a png");
        var warnings = new List<string>();
        FigureWriter.Write(Plot(), 200, 150, dir.Path, "f", warnings);
        Assert.Empty(warnings);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(dir.Path, "f.png"))[..4]);
        Assert.EndsWith("</svg>", File.ReadAllText(Path.Combine(dir.Path, "f.svg")).TrimEnd());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(dir.Path, "f.pdf"))[..4]));
        Assert.Equal(["f.pdf", "f.png", "f.svg"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    /// <summary>A failed conversion keeps the previous PDF as it was and leaves nothing half-written.</summary>
    [Fact]
    public void A_failed_pdf_conversion_leaves_the_old_file_untouched()
    {
        using var dir = new TempFolder();
        string svg = Path.Combine(dir.Path, "bad.svg"), pdf = Path.Combine(dir.Path, "bad.pdf");
        File.WriteAllText(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect"); // truncated SVG
        File.WriteAllText(pdf, "previous");
        string? error = FigureWriter.ConvertToPdf(svg, pdf);
        Assert.NotNull(error);
        Assert.StartsWith("rsvg-convert failed", error);
        Assert.Equal("previous", File.ReadAllText(pdf));
        Assert.Equal(["bad.pdf", "bad.svg"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }
}
