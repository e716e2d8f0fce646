namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// What <c>ablation figures &lt;results&gt; --paper NAME [--layers DIR]</c> asks for: an artefact name of
/// <see cref="PaperArtefacts.Names"/>, the layer-analysis folder for a-fig1 / a-fig2 (null = the analysis's default
/// output folder for the grid's base model), and the report settings the comparisons use.
/// </summary>
public sealed record PaperRequest(string Results, string Paper, string? Layers, ReportOptions Options);
