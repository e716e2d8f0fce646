using System.Xml.Linq;
using Ablation.Harness.Figures;
using Ablation.Harness.Reporting;
using Ablation.Harness.Tests.Cli;
using Ablation.Harness.Tests.Reporting;

namespace Ablation.Harness.Tests.Figures;

/// <summary>The figures as files: SVGs parse and hold one CI bar per comparison and one label per task; PNG sizes; PDFs.</summary>
public class FigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    // ScottPlot writes the 2× drawing as scale(2 2) transforms, so stroke widths stay the logical ones.
    private static readonly string BarWidth = FigureStyle.CiBarWidth.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void FiguresCommand_DrawsEveryFigure_WithTheExpectedElements()
    {
        using var dir = new TempFolder();
        new SyntheticGrid
        {
            Designs = ["base", "d1", "d2", "d3"], Items = 120, Tasks = SyntheticGrid.AllTypes,
            Planted = { [("d2", "Retrieval1")] = 0.2, [("d3", "Sts1")] = 0.4 },
        }.Write(dir.Path, seed: 21);
        var options = new ReportOptions { Resamples = 999 };
        var model = ReportBuilder.Build(dir.Path, options);
        var (code, output, err) = CliRun.Run("figures", dir.Path, "--resamples", "999");
        Assert.True(code == 0, err);
        string figures = Path.Combine(dir.Path, "report", "figures");
        foreach (var stem in new[] { "forest", "heatmap", "cd-diagram", "training-contrastive" })
        {
            Assert.Contains(stem + ".{png,svg,pdf}", output);
            var svg = XDocument.Load(Path.Combine(figures, stem + ".svg"));   // parses as XML
            Assert.Equal(Svg + "svg", svg.Root!.Name);
            var pdf = File.ReadAllBytes(Path.Combine(figures, stem + ".pdf"));
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
            var (w, h) = PngSize(Path.Combine(figures, stem + ".png"));
            Assert.Equal((int)double.Parse(svg.Root.Attribute("width")!.Value), w);
            Assert.Equal((int)double.Parse(svg.Root.Attribute("height")!.Value), h);
            if (stem != "heatmap") Assert.Equal(FigureStyle.ColumnWidth * FigureStyle.PngScale, w);   // one paper column at 2×
        }

        // Forest plot: one horizontal CI bar per comparison (coloured by significance) plus the legend's sample line;
        // the significant ones in the significant colour; one label per task.
        var forest = XDocument.Load(Path.Combine(figures, "forest.svg"));
        var bars = forest.Descendants(Svg + "path").Where(p => (string?)p.Attribute("stroke-width") == BarWidth
            && ((string?)p.Attribute("stroke") == FigureStyle.SignificantHex || (string?)p.Attribute("stroke") == FigureStyle.NotSignificantHex)).ToList();
        Assert.Equal(model.Comparisons.Count + 1, bars.Count);
        Assert.Equal(model.Comparisons.Count(c => c.Significant) + 1, bars.Count(p => (string?)p.Attribute("stroke") == FigureStyle.SignificantHex));
        Assert.Equal(2, model.Comparisons.Count(c => c.Significant));
        var texts = forest.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        foreach (var (task, _) in SyntheticGrid.AllTypes) Assert.Equal(1, texts.Count(t => t == task));

        // Heatmap: one label per task and per non-baseline design, one mark per significant comparison.
        var heat = XDocument.Load(Path.Combine(figures, "heatmap.svg")).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        foreach (var (task, _) in SyntheticGrid.AllTypes) Assert.Equal(1, heat.Count(t => t == task));
        foreach (var d in new[] { "d1", "d2", "d3" }) Assert.Equal(1, heat.Count(t => t == d));
        Assert.Equal(2, heat.Count(t => t == "†"));

        // CD diagram: every design hangs from the axis with its average rank.
        var cd = XDocument.Load(Path.Combine(figures, "cd-diagram.svg")).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        for (int i = 0; i < model.Ranks!.Designs.Count; i++)
            Assert.Contains($"{model.Ranks.Designs[i]} ({model.Ranks.AverageRanks[i]:0.00})", cd);
        Assert.Contains($"CD = {model.Ranks.CriticalDifference:0.00}", cd);
    }

    [Fact]
    public void TallForestPlot_IsAlsoDrawnPerCategory_AndTheReportShowsThose()
    {
        using var dir = new TempFolder();
        var designs = Enumerable.Range(0, 15).Select(i => i == 0 ? "base" : $"d{i:00}").ToArray();
        new SyntheticGrid { Designs = designs, Seeds = 1, Items = 30, Tasks = SyntheticGrid.AllTypes }.Write(dir.Path, seed: 2);
        var (code, _, err) = CliRun.Run("report", dir.Path, "--resamples", "199", "--score-resamples", "199");
        Assert.True(code == 0, err);
        string figures = Path.Combine(dir.Path, "report", "figures");
        string md = File.ReadAllText(Path.Combine(dir.Path, "report", "report.md"));
        Assert.True(14 * SyntheticGrid.AllTypes.Length > ForestPlot.MaxRowsForOneFigure);
        foreach (var category in new[] { "retrieval", "sts", "classification", "clustering", "pair-classification" })
        {
            var svg = XDocument.Load(Path.Combine(figures, $"forest-{category}.svg"));
            var bars = svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("stroke-width") == BarWidth
                && ((string?)p.Attribute("stroke") == FigureStyle.SignificantHex || (string?)p.Attribute("stroke") == FigureStyle.NotSignificantHex));
            Assert.True(14 + 1 == bars, $"{category}: {bars} bars");   // one task per category, 14 designs vs the baseline, plus the legend's line
            Assert.Contains($"(figures/forest-{category}.png)", md);
        }
        Assert.DoesNotContain("(figures/forest.png)", md);
        Assert.True(File.Exists(Path.Combine(figures, "forest.png")));   // the whole plot is still written
    }

    [Fact]
    public void TrainingCurves_MeanIsTakenOverSeedsAtCommonSteps()
    {
        var logs = new[]
        {
            new TrainingLog("a", 1, "s", [1, 2, 3], [3, 2, 1]),
            new TrainingLog("a", 2, "s", [1, 2], [5, 4]),
        };
        var (steps, mean) = TrainingCurves.Mean(logs);
        Assert.Equal([1.0, 2.0], steps);
        Assert.Equal([4.0, 3.0], mean);
    }

    [Fact]
    public void TrainingCurves_MovingAverageIsCentredAndShrinksAtTheEnds()
    {
        double[] y = [1, 2, 6, 4, 5, 9, 7];
        // Window 5: ends keep their value, the second point averages 3 points, the middle ones 5.
        double[] expected = [1, 3, 18 / 5.0, 26 / 5.0, 31 / 5.0, 7, 7];
        var smoothed = TrainingCurves.MovingAverage(y, 5);
        Assert.Equal(expected.Length, smoothed.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], smoothed[i], 12);
        Assert.Equal(y, TrainingCurves.MovingAverage(y, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingCurves.MovingAverage(y, 4));
    }

    [Theory]
    [InlineData(40, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 3)]
    [InlineData(400, 11)]
    [InlineData(1000, 25)]
    public void TrainingCurves_SmoothOnlyLongCurves_WithAnOddWindow(int points, int window) =>
        Assert.Equal(window, TrainingCurves.SmoothingWindow(points));

    /// <summary>The palette has eight colours; designs past it (builtin-full has ten) get another marker and line pattern.</summary>
    [Fact]
    public void DesignStyles_StayDistinctBeyondThePalette()
    {
        var styles = Enumerable.Range(0, 24).Select(i => (FigureStyle.DesignColor(i).ToHex(), FigureStyle.DesignMarker(i), FigureStyle.DesignPattern(i))).ToList();
        Assert.Equal(24, styles.Distinct().Count());
        Assert.Equal(ScottPlot.MarkerShape.FilledCircle, FigureStyle.DesignMarker(0));
        Assert.Equal(ScottPlot.MarkerShape.OpenCircle, FigureStyle.DesignMarker(7, filled: false));
        Assert.Equal(ScottPlot.MarkerShape.FilledSquare, FigureStyle.DesignMarker(8));
        Assert.Equal(ScottPlot.LinePattern.Solid, FigureStyle.DesignPattern(7));
        Assert.Equal(ScottPlot.LinePattern.Dashed, FigureStyle.DesignPattern(9));
        Assert.Equal(FigureStyle.DesignColor(1).ToHex(), FigureStyle.DesignColor(9).ToHex());
    }

    /// <summary>
    /// A long baseline name makes a long axis label, centred under the plot area right of the task names: the forest
    /// plot grows past one column instead of cutting the label off; short names keep one column.
    /// </summary>
    [Fact]
    public void ForestPlot_WidensForALongAxisLabel()
    {
        using var shortNames = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1"], Items = 40, Tasks = SyntheticGrid.AllTypes }.Write(shortNames.Path, seed: 3);
        var narrow = ForestPlot.Create(ReportBuilder.Build(shortNames.Path, new ReportOptions { Resamples = 199 }))!.Value;
        Assert.Equal(FigureStyle.ColumnWidth, narrow.Width);

        using var longNames = new TempFolder();
        string baseline = "stage-II-only-with-a-long-name";
        new SyntheticGrid { Designs = [baseline, "d1"], Items = 40, Tasks = SyntheticGrid.AllTypes }.Write(longNames.Path, seed: 3);
        var wide = ForestPlot.Create(ReportBuilder.Build(longNames.Path, new ReportOptions { Resamples = 199 }))!.Value;
        Assert.True(wide.Width > FigureStyle.ColumnWidth, $"width {wide.Width}");
        Assert.Equal(narrow.Height, wide.Height);
    }

    /// <summary>The CD diagram's labels hang off both ends of the rank axis: the room beside it fits the label, and long labels widen the figure.</summary>
    [Theory]
    [InlineData(10, 5)]
    [InlineData(16, 10)]
    [InlineData(20, 5)]
    [InlineData(40, 12)]
    public void CriticalDifferencePlot_LeavesRoomForTheLabels(int labelChars, int designs)
    {
        var (width, side) = CriticalDifferencePlot.LabelRoom(labelChars, designs);
        double unitsAcross = designs - 1 + 0.7 + 2 * side;
        double pixelsBeside = (side - 0.05) * width / unitsAcross;
        Assert.True(pixelsBeside >= labelChars * 7.8, $"{pixelsBeside:0} px for {labelChars} characters");
        Assert.True((designs - 1) * width / unitsAcross >= 0.2 * width, "the rank axis keeps a fifth of the figure");
        Assert.Equal(labelChars <= 16, width == FigureStyle.ColumnWidth);
    }

    [Fact]
    public void ConvertToPdf_ReportsABrokenSvg()
    {
        using var dir = new TempFolder();
        string svg = Path.Combine(dir.Path, "bad.svg");
        File.WriteAllText(svg, "<svg");
        Assert.NotNull(FigureWriter.ConvertToPdf(svg, Path.Combine(dir.Path, "bad.pdf")));
    }

    /// <summary>Width and height from the PNG's IHDR chunk (big-endian at bytes 16–23).</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, b[..4]);
        return ((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]);
    }
}
