using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// The plan <c>ablation run</c> prints before working: every design × seed with its state, counts, cells on disk that
/// no longer belong to the grid, and the estimated time of what is left.
/// </summary>
public sealed class RunPlan
{
    public required GridToRun Grid { get; init; }
    public required ResultsFolder Results { get; init; }
    /// <summary>The grid's cells in grid order, as they are on disk now.</summary>
    public required IReadOnlyList<CellStatus> Cells { get; init; }
    public required IReadOnlyDictionary<string, ModelSpec> Specs { get; init; }
    /// <summary>Cell folders on disk that this grid does not have.</summary>
    public required IReadOnlyList<CellStatus> Orphans { get; init; }
    public required RunRequest Request { get; init; }

    /// <summary>The cells this run works on: pending, running elsewhere (to wait for), and failed ones with --retry-failed.</summary>
    public IReadOnlyList<CellStatus> ToRun => Cells.Where(c => c.State is CellState.Pending or CellState.Running
                                                               || (c.State == CellState.Failed && Request.RetryFailed)).ToList();

    public void Write(TextWriter output)
    {
        var designs = Grid.Cells.Select(c => c.Design).Distinct().ToList();
        var seeds = Grid.Cells.Select(c => c.Seed).Distinct().Order().ToList();
        output.WriteLine($"grid {Grid.Name} ({Grid.Source}): {Grid.Cells.Count} cells, {designs.Count} designs × {seeds.Count} seeds → {Results.Root}");
        int width = Math.Max(8, designs.Max(d => d.Length));
        output.WriteLine("  " + "design".PadRight(width) + string.Concat(seeds.Select(s => $"  {"seed " + s,-10}")));
        foreach (var design in designs)
        {
            output.WriteLine("  " + design.PadRight(width) + string.Concat(seeds.Select(seed =>
            {
                var cell = Grid.Cells.FirstOrDefault(c => c.Design == design && c.Seed == seed);
                return $"  {(cell is null ? "—" : Label(Cells.First(s => s.Id == cell.Id))),-10}";
            })));
        }
        int Count(CellState state) => Cells.Count(c => c.State == state);
        int resumable = Cells.Count(c => c.State == CellState.Pending && (c.HasCheckpoint || c.Progress != null));
        output.WriteLine($"  {Count(CellState.Done)} done, {Count(CellState.Failed)} failed, {Count(CellState.Running)} running, " +
                         $"{Count(CellState.Pending)} pending{(resumable > 0 ? $" ({resumable} resume from a checkpoint)" : "")}");
        foreach (var failed in Cells.Where(c => c.State == CellState.Failed))
            output.WriteLine($"  failed: {failed.Design} seed {failed.Seed} ({failed.Id}): {failed.Error}");
        if (Count(CellState.Failed) > 0 && !Request.RetryFailed)
            output.WriteLine("  failed cells are skipped; rerun them with --retry-failed");
        if (Orphans.Count > 0)
        {
            output.WriteLine($"  {Orphans.Count} cell(s) in {Results.CellsFolder} no longer belong to this grid (kept, not run):");
            foreach (var orphan in Orphans)
                output.WriteLine($"    {orphan.Id}: {orphan.Design ?? "?"} seed {orphan.Seed?.ToString() ?? "?"} ({orphan.State.ToString().ToLowerInvariant()})");
        }
        WriteEstimate(output);
    }

    private void WriteEstimate(TextWriter output)
    {
        WriteMemory(output);
        var work = ToRun.Where(c => c.State != CellState.Running).ToList();
        if (work.Count == 0)
        {
            output.WriteLine("  nothing to run");
            return;
        }
        var done = Cells.Where(c => c.State == CellState.Done).ToList();
        double total = 0;
        var hows = new SortedSet<string>(StringComparer.Ordinal);
        int unknown = 0;
        foreach (var cell in work)
        {
            var estimate = RunEstimate.Cell(Specs[cell.Id], cell.Design!, done);
            if (estimate is null) { unknown++; continue; }
            total += estimate.Value.Seconds;
            hows.Add(estimate.Value.How);
        }
        int workers = Math.Min(Request.Workers, work.Count);
        if (unknown == work.Count)
        {
            output.WriteLine($"  {work.Count} cell(s) to run with {workers} worker(s); no time estimate until one finishes (base model other than builtin:tiny-base)");
            return;
        }
        output.WriteLine($"  {work.Count} cell(s) to run with {workers} worker(s): {RunEstimate.Format(total / workers)} wall time ({string.Join(", ", hows)}" +
                         $"{(unknown > 0 ? $"; {unknown} cell(s) without an estimate" : "")}; workers share the machine's {Environment.ProcessorCount} cores)");
    }

    private string Label(CellStatus cell) => cell.State switch
    {
        CellState.Pending when cell.HasCheckpoint || cell.Progress != null => "partial",
        CellState.Failed when Request.RetryFailed => "failed→retry",
        _ => cell.State.ToString().ToLowerInvariant(),
    };

    /// <summary>Peak memory per design (the largest cell of each), from <see cref="MemoryEstimate"/>.</summary>
    private void WriteMemory(TextWriter output)
    {
        foreach (var group in Grid.Cells.GroupBy(c => c.Design))
        {
            var estimate = MemoryEstimate.Cell(Specs[group.First().Id]);
            output.WriteLine(estimate is { } e
                ? $"  memory per cell, {group.Key}: ≈ {MemoryEstimate.Gib(e.Bytes)} peak (rough: {e.How})"
                : $"  memory per cell, {group.Key}: unknown (no config.json at the base model path and not a known architecture)");
        }
    }
}
