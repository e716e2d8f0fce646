using Ablation.Harness.IO.Settings;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Grid;

/// <summary>
/// Reads a grid file (docs/grid-format.md), validates all of it and expands it into designs and cells. Nothing is
/// trained or written here: a grid with any problem throws one <c>UserInputException</c> listing every problem
/// (path, line:column, what is allowed). Problems of single values (syntax, unknown keys, types, ranges, names) are
/// found first, all together; the rules between settings of each design, include/exclude and the baseline are
/// checked once those are fixed.
/// </summary>
public static class GridFile
{
    /// <summary>The top-level keys of a grid file.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["$schema", "name", "description", "base", "data", "defaults", "axes", "designs", "include", "exclude", "baseline", "evaluation"];

    /// <summary>Upper bound on designs, to catch an axis product that explodes by mistake.</summary>
    public const int MaxDesigns = 10_000;

    /// <summary>Reads and expands <paramref name="path"/>; relative paths in it resolve against its folder.</summary>
    public static GridPlan Load(string path)
    {
        var root = SettingsParser.ParseFile(path, "grid file");
        string full = Path.GetFullPath(path);
        return Expand(root, full, Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses and expands grid text; <paramref name="source"/> names it in messages and in grid.json.</summary>
    public static GridPlan Parse(string json, string source, string baseFolder) =>
        Expand(SettingsParser.Parse(json, source), source, baseFolder);

    private sealed record Axis(string Key, ModelSpecSetting Setting, List<(object? Value, SettingsNode Node)> Values);

    private sealed record Filter(SettingsNode Node, string Label, List<(ModelSpecSetting Setting, List<object?> Alternatives, SettingsNode Node)> Terms);

    private sealed record NamedDesign(string Name, SpecValues Values, SettingsNode Node);

    private sealed record Point(string Name, SpecValues Values, List<KeyValuePair<string, object?>> Defining, SettingsNode Anchor)
    {
        public ModelSpec Spec { get; set; } = new();
        public SpecValues Merged { get; set; } = new();
    }

    /// <summary>Everything phase 1 read from the file, each value checked on its own.</summary>
    private sealed record Source(string Name, SettingsNode Root, SpecValues Common, List<Axis> Axes, Axis? SeedAxis,
        List<NamedDesign> Named, List<Filter> Include, List<Filter> Exclude, SettingsNode? BaselineNode, Filter? BaselineFilter);

    private static GridPlan Expand(SettingsNode root, string sourcePath, string baseFolder)
    {
        var errors = new SettingsErrors();
        var source = Read(root, baseFolder, errors);
        errors.ThrowIfAny();

        var points = Designs(source, errors);
        CheckDesigns(points, errors);
        var baseline = FindBaseline(source, points, errors);
        errors.ThrowIfAny();

        var designs = points.Select(p => new DesignPlan(p.Name, p.Defining, p.Spec)).ToList();
        var seeds = source.SeedAxis?.Values.Select(v => (int)v.Value!).ToList() ?? [(int)(source.Common["seed"]?.Value ?? new ModelSpec().Seed)];
        var cells = new List<CellPlan>();
        foreach (int seed in seeds)
            foreach (var design in designs)
            {
                var spec = ModelSpecWriter.Normalize(design.Spec with { Seed = seed });
                string json = ModelSpecWriter.Write(spec);
                cells.Add(new CellPlan(ModelSpecWriter.Hash(json), design.Name, seed, spec, json));
            }
        return new GridPlan(source.Name, sourcePath, designs, designs.FirstOrDefault(d => d.Name == baseline?.Name), seeds, cells,
            source.Common.ApplyTo(new ModelSpec()).Evaluation);
    }

    /// <summary>Phase 1: every key and value on its own (syntax, names, types, ranges), all problems collected.</summary>
    private static Source Read(SettingsNode root, string baseFolder, SettingsErrors errors)
    {
        var r = new SettingsObjectReader(root, errors);
        r.OptionalString("$schema", "the URL or path of grid.schema.json");
        r.OptionalString("description");
        string name = r.String("name", "", "a name of letters, digits, '-', '_' or '.' (it names the results folder)", required: true);
        if (name.Length > 0 && name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            errors.Add(root["name"]!, $"\"{name}\" is not allowed; use letters, digits, '-', '_' or '.' (it names the results folder)");

        var top = new SpecValues();
        foreach (var section in new[] { "base", "data", "evaluation" })
        {
            var node = r.Get(section);
            if (node == null)
            {
                if (section == "base") r.Missing("base", "{\"model\": \"builtin:tiny-base\"} or a Hugging Face checkpoint folder");
                continue;
            }
            var values = ModelSpecReader.ReadValues(node, errors, baseFolder, section: section);
            if (section == "base" && node.Kind == SettingsKind.Object && node["model"] == null)
                new SettingsObjectReader(node, errors).Missing("model", "\"builtin:tiny-base\" or the path of a Hugging Face checkpoint folder");
            top = top.Then(values);
        }

        var defaults = new SpecValues();
        if (r.Get("defaults") is { } defaultsNode)
            defaults = ModelSpecReader.ReadValues(defaultsNode, errors, baseFolder, key =>
                key.Split('.')[0] is "base" or "data" or "evaluation" ? $"{key} belongs in the top-level \"{key.Split('.')[0]}\" object, not in defaults; move it there" : null);

        var axes = new List<Axis>();
        Axis? seedAxis = null;
        if (r.Get("axes") is { } axesNode)
        {
            if (axesNode.Kind != SettingsKind.Object)
                errors.Add(axesNode, $"{axesNode.Describe()} is not allowed; expected an object {{\"setting\": [values, ...]}}");
            else
                foreach (var property in axesNode.Properties)
                    if (ReadAxis(property, errors, baseFolder) is { } axis)
                        if (axis.Key == "seed") seedAxis = axis;
                        else axes.Add(axis);
        }

        var named = new List<NamedDesign>();
        if (r.Get("designs") is { } designsNode)
        {
            if (designsNode.Kind != SettingsKind.Object || designsNode.Properties.Count == 0)
                errors.Add(designsNode, $"{designsNode.Describe()} is not allowed; expected an object {{\"design name\": {{settings}}, ...}} with at least one design");
            else
                foreach (var property in designsNode.Properties)
                    named.Add(ReadDesign(property, axes.Concat(seedAxis == null ? [] : [seedAxis]), errors, baseFolder));
        }

        var include = ReadFilters(r, "include", errors, baseFolder);
        var exclude = ReadFilters(r, "exclude", errors, baseFolder);

        Filter? baselineFilter = null;
        var baselineNode = r.Get("baseline");
        if (baselineNode is { Kind: SettingsKind.Object })
            baselineFilter = ReadFilter(baselineNode, "baseline", errors, baseFolder);
        else if (baselineNode is { Kind: not (SettingsKind.Null or SettingsKind.String) })
            errors.Add(baselineNode, $"{baselineNode.Describe()} is not allowed; expected a design name, or an object of settings that matches exactly one design");

        r.RejectUnknownKeys();
        return new Source(name, root, top.Then(defaults), axes, seedAxis, named, include, exclude, baselineNode, baselineFilter);
    }

    private static NamedDesign ReadDesign(SettingsProperty property, IEnumerable<Axis> axes, SettingsErrors errors, string baseFolder)
    {
        if (property.Name.Trim().Length == 0 || property.Name.Any(char.IsControl))
            errors.Add(new SettingsError(property.Value.Source, property.Line, property.Column, property.Value.Path,
                $"\"{property.Name}\" is not a usable design name; use a non-empty name without control characters"));
        var values = ModelSpecReader.ReadValues(property.Value, errors, baseFolder, key =>
            key == "seed" ? "a design cannot set seed: every design runs with every seed of axes.seed; remove it" : null);
        foreach (var axis in axes)
            if (values[axis.Key] is { } clash)
                errors.Add(clash.Node, $"{axis.Key} is both an axis and set by design \"{property.Name}\"; remove it from one of them");
        return new NamedDesign(property.Name, values, property.Value);
    }

    /// <summary>Phase 2: named designs × the axes' product, minus exclude, plus include; each resolved.</summary>
    private static List<Point> Designs(Source source, SettingsErrors errors)
    {
        var points = new List<Point>();
        long product = source.Axes.Aggregate(1L, (n, a) => n * a.Values.Count) * Math.Max(1, source.Named.Count);
        if (product > MaxDesigns)
        {
            errors.Add(source.Root["axes"] ?? source.Root, $"the axes expand to {product} designs (more than {MaxDesigns}); use fewer values or list designs");
            return points;
        }
        var bases = source.Named.Count > 0 ? source.Named : [new NamedDesign("", new SpecValues(), source.Root["axes"] ?? source.Root)];
        foreach (var design in bases)
            foreach (var combo in Product(source.Axes))
            {
                var values = new SpecValues().Then(design.Values);
                var defining = design.Values.Items.Where(i => ModelSpecSettings.Find(i.Key) != null)
                    .Select(i => new KeyValuePair<string, object?>(i.Key, i.Value.Value)).ToList();
                foreach (var (axis, value) in combo)
                {
                    values.Set(axis.Key, value.Value, value.Node);
                    defining.Add(new(axis.Key, value.Value));
                }
                string comboName = string.Join(",", combo.Select(c => $"{c.Axis.Key}={c.Axis.Setting.Type.Format(c.Value.Value)}"));
                string pointName = (design.Name, comboName) switch
                {
                    ("", "") => "default",
                    ("", _) => comboName,
                    (_, "") => design.Name,
                    _ => design.Name + "," + comboName,
                };
                points.Add(Resolve(new Point(pointName, values, defining, design.Node), source.Common));
            }

        foreach (var filter in source.Exclude)
            if (points.RemoveAll(p => Matches(filter, p.Spec)) == 0)
                errors.Add(filter.Node, $"{filter.Label} matches no design, so it excludes nothing; check its settings and values");
        foreach (var filter in source.Include)
            foreach (var choice in Product(filter.Terms.Select(t => t.Alternatives.Select(a => (t, a)).ToList()).ToList()))
            {
                var values = new SpecValues();
                foreach (var (term, value) in choice) values.Set(term.Setting.Key, value, term.Node);
                var defining = choice.Select(c => new KeyValuePair<string, object?>(c.t.Setting.Key, c.a)).ToList();
                string name = string.Join(",", choice.Select(c => $"{c.t.Setting.Key}={c.t.Setting.Type.Format(c.a)}"));
                points.Add(Resolve(new Point(name, values, defining, filter.Node), source.Common));
            }
        if (points.Count == 0)
            errors.Add(source.Root["exclude"] ?? source.Root, "no design is left after exclude; exclude less");
        return points;
    }

    /// <summary>Unique names and configurations, and the rules between settings of every design.</summary>
    private static void CheckDesigns(List<Point> points, SettingsErrors errors)
    {
        // Two designs with one configuration would be one cell.
        var canonical = new Dictionary<string, Point>(StringComparer.Ordinal);
        var names = new Dictionary<string, Point>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (!names.TryAdd(point.Name, point))
                errors.Add(point.Anchor, $"design \"{point.Name}\" is defined twice (also at line {names[point.Name].Anchor.Line}); remove one or make their settings differ");
            string json = ModelSpecWriter.Write(ModelSpecWriter.Normalize(point.Spec with { Seed = 0 }));
            if (!canonical.TryAdd(json, point) && canonical[json].Name != point.Name)
                errors.Add(point.Anchor, $"design \"{point.Name}\" has the same settings as design \"{canonical[json].Name}\" (line {canonical[json].Anchor.Line}); remove one or make them differ");
        }

        // A problem that comes from defaults is reported once, naming the designs it affects.
        var ruleErrors = new List<(SettingsError Error, string Design)>();
        foreach (var point in points)
        {
            var designErrors = new SettingsErrors();
            ModelSpecReader.Check(point.Spec, point.Merged, point.Anchor, designErrors);
            ruleErrors.AddRange(designErrors.All.Select(e => (e, point.Name)));
        }
        foreach (var group in ruleErrors.GroupBy(e => e.Error))
        {
            var designs = group.Select(g => $"\"{g.Design}\"").ToList();
            string which = designs.Count == points.Count && points.Count > 1 ? "every design" : (designs.Count == 1 ? "design " : "designs ") + string.Join(", ", designs);
            errors.Add(group.Key with { Message = $"{group.Key.Message} (in {which})" });
        }
    }

    private static Point? FindBaseline(Source source, List<Point> points, SettingsErrors errors)
    {
        string designs = string.Join(", ", points.Select(p => p.Name));
        if (source.BaselineNode is { Kind: SettingsKind.String, String: { } name })
        {
            var match = points.FirstOrDefault(p => p.Name == name);
            if (match == null)
                errors.Add(source.BaselineNode, $"\"{name}\" is not a design of this grid{DidYouMean.Hint(name, points.Select(p => p.Name))}; designs: {designs}");
            return match;
        }
        if (source.BaselineFilter is not { } filter) return null;
        var matches = points.Where(p => Matches(filter, p.Spec)).ToList();
        if (matches.Count == 0)
            errors.Add(filter.Node, $"baseline matches no design; designs: {designs}");
        else if (matches.Count > 1)
            errors.Add(filter.Node, $"baseline matches {matches.Count} designs ({string.Join(", ", matches.Select(m => m.Name))}); add settings so that it matches exactly one, or give a design name");
        return matches.Count == 1 ? matches[0] : null;
    }

    private static Point Resolve(Point point, SpecValues common)
    {
        point.Merged = common.Then(point.Values);
        point.Spec = point.Merged.ApplyTo(new ModelSpec());
        return point;
    }

    private static Axis? ReadAxis(SettingsProperty property, SettingsErrors errors, string baseFolder)
    {
        var node = property.Value;
        var setting = ModelSpecSettings.Find(property.Name);
        if (setting == null)
        {
            if (ModelSpecSettings.Sections.Contains(property.Name))
                errors.Add(SectionIsNotASetting(property));
            else
                errors.Add(SettingsObjectReader.UnknownKey(property, ModelSpecSettings.Keys, "axes (any setting by its dotted name)"));
            return null;
        }
        if (node.Kind != SettingsKind.Array || node.Items.Count == 0)
        {
            errors.Add(node, $"{node.Describe()} is not allowed; an axis is a non-empty array of values, each {setting.Type.Allowed}");
            return null;
        }
        var values = new List<(object?, SettingsNode)>();
        foreach (var item in node.Items)
        {
            if (!ModelSpecReader.TryReadSetting(setting, item, errors, baseFolder, out object? value)) continue;
            if (values.Any(v => setting.Type.ValueEquals(v.Item1, value)))
            {
                errors.Add(item, $"{item.Describe()} is repeated in axis {setting.Key}; list each value once");
                continue;
            }
            values.Add((value, item));
        }
        return new Axis(setting.Key, setting, values);
    }

    private static SettingsError SectionIsNotASetting(SettingsProperty property) =>
        new(property.Value.Source, property.Line, property.Column, property.Value.Path,
            $"\"{property.Name}\" is a section, not a setting; name a setting in it by its dotted name, e.g. \"{property.Name}.{ModelSpecSettings.KeysIn(property.Name)[0]}\"");

    private static List<Filter> ReadFilters(SettingsObjectReader r, string key, SettingsErrors errors, string baseFolder)
    {
        var filters = new List<Filter>();
        var items = r.Array(key);
        if (items == null) return filters;
        for (int i = 0; i < items.Count; i++)
            if (ReadFilter(items[i], $"{key}[{i}]", errors, baseFolder) is { } filter)
                filters.Add(filter);
        return filters;
    }

    /// <summary>
    /// An include / exclude entry or a baseline object: dotted setting → a value, or an array of alternative values
    /// (for a list setting such as <c>stages</c>, an array of arrays).
    /// </summary>
    private static Filter? ReadFilter(SettingsNode node, string label, SettingsErrors errors, string baseFolder)
    {
        if (node.Kind != SettingsKind.Object || node.Properties.Count == 0)
        {
            errors.Add(node, $"{node.Describe()} is not allowed; expected an object of settings by dotted name, e.g. {{\"pooling\": \"mean\", \"attention\": \"causal\"}}");
            return null;
        }
        var terms = new List<(ModelSpecSetting, List<object?>, SettingsNode)>();
        foreach (var property in node.Properties)
        {
            var setting = ModelSpecSettings.Find(property.Name);
            if (setting == null)
            {
                errors.Add(ModelSpecSettings.Sections.Contains(property.Name)
                    ? SectionIsNotASetting(property)
                    : SettingsObjectReader.UnknownKey(property, ModelSpecSettings.Keys, $"{label} (settings by dotted name)"));
                continue;
            }
            if (setting.Key == "seed")
            {
                errors.Add(new SettingsError(property.Value.Source, property.Line, property.Column, property.Value.Path,
                    $"{label} cannot name seed: it selects designs, and every design runs with every seed of axes.seed; remove it"));
                continue;
            }
            var value = property.Value;
            bool alternatives = value.Kind == SettingsKind.Array && value.Items.Count > 0 &&
                (!setting.Type.IsList || value.Items.All(i => i.Kind == SettingsKind.Array));
            var list = new List<object?>();
            bool ok = true;
            foreach (var item in alternatives ? value.Items : [value])
                if (ModelSpecReader.TryReadSetting(setting, item, errors, baseFolder, out object? v)) list.Add(v);
                else ok = false;
            if (ok) terms.Add((setting, list, value));
        }
        return new Filter(node, label, terms);
    }

    private static bool Matches(Filter filter, ModelSpec spec) =>
        filter.Terms.All(t => t.Alternatives.Any(a => t.Setting.Type.ValueEquals(t.Setting.Get(spec), a)));

    private static IEnumerable<List<(Axis Axis, (object? Value, SettingsNode Node) Value)>> Product(List<Axis> axes) =>
        Product(axes.Select(a => a.Values.Select(v => (a, v)).ToList()).ToList());

    /// <summary>The cartesian product, first list slowest (reading order).</summary>
    private static IEnumerable<List<T>> Product<T>(List<List<T>> lists)
    {
        IEnumerable<List<T>> result = [[]];
        foreach (var list in lists)
        {
            var current = list;
            result = result.SelectMany(prefix => current.Select(item => new List<T>(prefix) { item }));
        }
        return result;
    }
}
