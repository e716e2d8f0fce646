namespace Ablation.Harness.Reporting;

/// <summary>A figure written under report/figures/: &lt;Stem&gt;.png, .svg and (when rsvg-convert is present) .pdf.</summary>
public sealed record FigureInfo(string Stem, string Caption);
