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

    /// <summary>Converts an SVG to PDF with rsvg-convert; false when the tool is missing.</summary>
    private static bool TryPdf(string svg, string pdf)
    {
        var start = new ProcessStartInfo("rsvg-convert", ["-f", "pdf", svg])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        Process? process;
        try { process = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception) { return false; }
        if (process is null) return false;
        using (process)
        {
            string error = "";
            AtomicFile.Write(pdf, stream =>
            {
                var stderr = process.StandardError.ReadToEndAsync();
                process.StandardOutput.BaseStream.CopyTo(stream);
                process.WaitForExit();
                error = stderr.Result;
                if (process.ExitCode != 0) throw new IOException($"rsvg-convert failed on {svg}: {error.Trim()}");
            });
        }
        return true;
    }
}
