using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// A results folder seen through the papers: which design plays which paper model (recognised from each design's
/// resolved config.json), and the report model (<see cref="ReportBuilder"/>, every pair of those designs compared on
/// every task) that all paper tables and the claims read. The report is built over the recognised designs only:
/// other designs of the grid would only enlarge the family of the correction and the bootstrap time.
/// </summary>
public sealed class PaperContext
{
    private readonly ReportOptions _options;
    private ReportModel? _model;

    public ResultsFolder Folder { get; }
    public IReadOnlyList<DesignTraits> Traits { get; }

    /// <summary>Role key (<see cref="PaperRoles"/>) → design name, for every role some design plays.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    private PaperContext(ResultsFolder folder, IReadOnlyList<DesignTraits> traits, IReadOnlyDictionary<string, string> roles, ReportOptions options)
    {
        Folder = folder;
        Traits = traits;
        Roles = roles;
        _options = options;
    }

    public static PaperContext Open(string resultsPath, ReportOptions options)
    {
        var folder = ResultsFolder.Open(resultsPath);
        var traits = DesignTraits.ReadAll(folder);
        return new PaperContext(folder, traits, Recognise(folder, traits), options);
    }

    /// <summary>Assigns each role the design whose settings match it; two equally good matches are an error.</summary>
    public static Dictionary<string, string> Recognise(ResultsFolder folder, IReadOnlyList<DesignTraits> traits)
    {
        var roles = new Dictionary<string, string>();
        foreach (var role in PaperRoles.All)
        {
            var candidates = traits.Where(role.Matches).ToList();
            if (candidates.Count > 1 && role.Preferred is { } preferred && candidates.Any(preferred)) candidates = candidates.Where(preferred).ToList();
            if (candidates.Count > 1)
            {
                var done = candidates.Where(t => folder.Done.Any(c => c.Design == t.Design)).ToList();
                if (done.Count > 0) candidates = done;
            }
            // Designs that differ only in how long stage II trains are points of a convergence curve: the longest plays the role.
            if (candidates.Count > 1 && candidates.Select(SameButSteps).Distinct().Count() == 1
                && candidates.Select(t => t.ContrastiveSteps).Distinct().Count() == candidates.Count)
                candidates = [candidates.MaxBy(t => t.ContrastiveSteps)!];
            if (candidates.Count > 1)
                throw new UserInputException($"{folder.Path}: designs {string.Join(" and ", candidates.Select(c => $"'{c.Design}'"))} both have {role.Requirement} " +
                    $"(paper model '{role.Label}'); the paper artefacts need one design per model: drop one from the grid, or give it a setting that tells them apart");
            if (candidates.Count == 1) roles[role.Key] = candidates[0].Design;
        }
        return roles;
    }

    private static string SameButSteps(DesignTraits t) => t.Describe() + "|" + t.ContrastiveSchedule;

    /// <summary>
    /// The finished designs that are the design of <paramref name="role"/> with another number of stage-II steps, with
    /// their step counts, in step order (the role's own design included): the points of a score-over-steps curve.
    /// </summary>
    public IReadOnlyList<(string Design, int Steps)> StepDesigns(string role)
    {
        if (!Roles.TryGetValue(role, out var design)) return [];
        var own = Traits.First(t => t.Design == design);
        return Traits.Where(t => SameButSteps(t) == SameButSteps(own) && Folder.Done.Any(c => c.Design == t.Design))
            .OrderBy(t => t.ContrastiveSteps).Select(t => (t.Design, t.ContrastiveSteps)).ToList();
    }

    public bool Has(string role) => Roles.ContainsKey(role) && Folder.Done.Any(c => c.Design == Roles[role]);

    /// <summary>The design playing <paramref name="role"/>; a clear error naming the settings when no finished design does.</summary>
    public string Design(string role, string artefact)
    {
        var r = PaperRoles.Get(role);
        if (Roles.TryGetValue(role, out var design))
        {
            if (Folder.Done.Any(c => c.Design == design)) return design;
            throw new UserInputException($"--paper {artefact}: design '{design}' ({r.Label}) has no finished cell in {Folder.Path}; run the grid first (ablation run)");
        }
        string found = Traits.Count == 0 ? "no design has a cell with config.json yet"
            : "designs found: " + string.Join("; ", Traits.Select(t => $"{t.Design} ({t.Describe()})"));
        throw new UserInputException($"--paper {artefact}: no design with {r.Requirement} ({r.Label}) in {Folder.Path}; {found}. " +
            "Add it to the grid (docs/reproducing.md names the grid of each artefact)");
    }

    /// <summary>The report over the recognised designs (every pair compared), built once.</summary>
    public ReportModel Model => _model ??= BuildModel();

    private ReportModel BuildModel()
    {
        var wanted = Roles.Values.Concat(Roles.Keys.SelectMany(r => StepDesigns(r).Select(s => s.Design))).ToHashSet();
        var designs = Folder.Designs.Where(d => wanted.Contains(d) && Folder.Done.Any(c => c.Design == d)).ToList();
        if (designs.Count == 0)
            throw new UserInputException($"{Folder.Path}: no finished design plays a model of paper A or B; the paper artefacts need at least one (see docs/reproducing.md)");
        string baseline = new[] { PaperRoles.M1, PaperRoles.StageTwoOnly }.Where(Roles.ContainsKey).Select(r => Roles[r]).FirstOrDefault(designs.Contains) ?? designs[0];
        string view = Path.Combine(Path.GetTempPath(), $"ablation-paper-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(view);
        string link = Path.Combine(view, "cells");
        try
        {
            Directory.CreateSymbolicLink(link, Path.Combine(Folder.Path, "cells"));
            var grid = new JsonObject
            {
                ["format"] = 1, ["name"] = Folder.Name, ["baseline"] = baseline,
                ["designs"] = new JsonObject(designs.Select(d => KeyValuePair.Create(d, (JsonNode?)new JsonObject()))),
                ["cells"] = new JsonArray(Folder.Cells.Where(c => designs.Contains(c.Design))
                    .Select(c => (JsonNode?)new JsonObject { ["id"] = c.Id, ["design"] = c.Design, ["seed"] = c.Seed }).ToArray()),
            };
            File.WriteAllText(Path.Combine(view, "grid.json"), grid.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            var model = ReportBuilder.Build(view, _options with { Baseline = baseline, AllPairs = true });
            return model with { ResultsPath = Folder.Path, Cells = Folder.Cells.Where(c => designs.Contains(c.Design)).ToList() };
        }
        finally
        {
            if (Directory.Exists(link)) new DirectoryInfo(link).Delete();
            Directory.Delete(view, recursive: true);
        }
    }

    /// <summary>
    /// The comparison a − b on a task, turned round when the report holds b − a (interval mirrored; the effect size too,
    /// which is exact for d_z and first-order for a relative difference).
    /// </summary>
    public Comparison? Compare(string a, string b, string task)
    {
        var c = Model.Comparisons.FirstOrDefault(x => x.Task == task && x.A == a && x.B == b);
        if (c is not null) return c;
        c = Model.Comparisons.FirstOrDefault(x => x.Task == task && x.A == b && x.B == a);
        return c is null ? null : c with
        {
            A = a, B = b, SeedsA = c.SeedsB, SeedsB = c.SeedsA, MeanDiff = -c.MeanDiff, CiLow = -c.CiHigh, CiHigh = -c.CiLow,
            EffectValue = -c.EffectValue, EffectLow = -c.EffectHigh, EffectHigh = -c.EffectLow,
        };
    }

    /// <summary>The pseudo-category of every task.</summary>
    public const string AllTasks = "all tasks";

    /// <summary>Tasks of a category (or <see cref="AllTasks"/>), in report order, that all <paramref name="designs"/> finished.</summary>
    public IReadOnlyList<string> TasksOf(string category, params string[] designs) =>
        Model.Tasks.Where(t => (category == AllTasks || t.Category == category) && designs.All(d => Model.Score(t.Name, d) is not null)).Select(t => t.Name).ToList();
}
