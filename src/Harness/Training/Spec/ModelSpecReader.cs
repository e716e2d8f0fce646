using Ablation.Harness.IO.Settings;
using Ablation.Models.Pooling;

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// Reads a model spec (the file <c>ablation train --config</c> takes, a cell's <c>config.json</c>, and the partial
/// specs of a grid) strictly: every key of <see cref="ModelSpecSettings"/> in snake_case, nested
/// (<c>"contrastive": {"lr": 1e-4}</c>) or dotted (<c>"contrastive.lr": 1e-4</c>); unknown keys, wrong types and
/// out-of-range values are errors with path, line:column and what is allowed, all reported at once.
/// </summary>
public static class ModelSpecReader
{
    /// <summary>Reads <paramref name="path"/>; relative data and checkpoint paths resolve against its folder.</summary>
    public static ModelSpec Read(string path)
    {
        var root = SettingsParser.ParseFile(path, "model config");
        return Parse(root, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses spec text; <paramref name="source"/> names it in messages.</summary>
    public static ModelSpec Parse(string json, string source, string baseFolder) =>
        Parse(SettingsParser.Parse(json, source), baseFolder);

    private static ModelSpec Parse(SettingsNode root, string baseFolder)
    {
        var errors = new SettingsErrors();
        var values = ReadValues(root, errors, baseFolder);
        var spec = values.ApplyTo(new ModelSpec());
        if (errors.Count == 0) Check(spec, values, root, errors);
        errors.ThrowIfAny();
        return spec;
    }

    /// <summary>
    /// Reads the partial spec in object <paramref name="node"/>, adding every problem to <paramref name="errors"/>.
    /// <paramref name="allow"/> can forbid keys in a context (it returns the reason, or null when allowed).
    /// </summary>
    public static SpecValues ReadValues(SettingsNode node, SettingsErrors errors, string? baseFolder, Func<string, string?>? allow = null,
        string? section = null)
    {
        var values = new SpecValues();
        if (node.Kind != SettingsKind.Object)
        {
            var keys = section == null ? ModelSpecSettings.TopLevelKeys : ModelSpecSettings.KeysIn(section);
            errors.Add(node, $"{node.Describe()} is not allowed; expected an object with keys {string.Join(", ", keys)}");
            return values;
        }
        Walk(node, section == null ? "" : section + ".", values, errors, baseFolder, allow);
        return values;
    }

    /// <summary>
    /// Reads one value of <paramref name="setting"/> (type, range, <c>builtin:</c> names; a relative path resolved
    /// against <paramref name="baseFolder"/>), adding a problem to <paramref name="errors"/>.
    /// </summary>
    public static bool TryReadSetting(ModelSpecSetting setting, SettingsNode node, SettingsErrors errors, string? baseFolder, out object? value)
    {
        if (!setting.Type.TryRead(node, errors, out value)) return false;
        return !setting.IsPath || value is not string path || CheckPath(setting, path, node, errors, baseFolder, out value);
    }

    private static void Walk(SettingsNode node, string prefix, SpecValues values, SettingsErrors errors, string? baseFolder, Func<string, string?>? allow)
    {
        foreach (var property in node.Properties)
        {
            string key = prefix + property.Name;
            var value = property.Value;
            if (allow?.Invoke(key) is { } reason)
            {
                errors.Add(new SettingsError(value.Source, property.Line, property.Column, value.Path, reason));
                continue;
            }
            if (ModelSpecSettings.Sections.Contains(key))
            {
                if (key == ModelSpecSettings.PoolingHead && value.Kind == SettingsKind.Null)
                {
                    SetOnce(values, key, false, value, errors);
                    continue;
                }
                if (value.Kind != SettingsKind.Object)
                {
                    errors.Add(value, $"{value.Describe()} is not allowed; expected an object with keys {string.Join(", ", ModelSpecSettings.KeysIn(key))}" +
                        (key == ModelSpecSettings.PoolingHead ? ", or null" : ""));
                    continue;
                }
                if (key == ModelSpecSettings.PoolingHead) SetOnce(values, key, true, value, errors);
                Walk(value, key + ".", values, errors, baseFolder, allow);
                continue;
            }
            var setting = ModelSpecSettings.Find(key);
            if (setting == null)
            {
                var candidates = prefix == "" ? ModelSpecSettings.TopLevelKeys.Concat(ModelSpecSettings.Keys).Distinct() : ModelSpecSettings.KeysIn(prefix.TrimEnd('.'));
                errors.Add(SettingsObjectReader.UnknownKey(property, candidates.ToList(), prefix == "" ? null : $"\"{prefix.TrimEnd('.')}\""));
                continue;
            }
            if (!TryReadSetting(setting, value, errors, baseFolder, out object? read)) continue;
            SetOnce(values, key, read, value, errors);
        }
    }

    private static void SetOnce(SpecValues values, string key, object? value, SettingsNode node, SettingsErrors errors)
    {
        if (values[key] is { } earlier)
        {
            errors.Add(node, $"{key} is also set at line {earlier.Node.Line} ({earlier.Node.Path}); keep one of them");
            return;
        }
        values.Set(key, value, node);
    }

    /// <summary>Checks a <c>builtin:</c> name, or resolves a relative path against <paramref name="baseFolder"/>.</summary>
    private static bool CheckPath(ModelSpecSetting setting, string path, SettingsNode node, SettingsErrors errors, string? baseFolder, out object? resolved)
    {
        resolved = path;
        if (path.StartsWith("builtin:", StringComparison.Ordinal))
        {
            if (setting.BuiltinNames.Contains(path)) return true;
            errors.Add(node, $"\"{path}\" is not a built-in name for {setting.Key}{DidYouMean.Hint(path, setting.BuiltinNames)}; " +
                $"expected {string.Join(" or ", setting.BuiltinNames)} or a path");
            return false;
        }
        string full = Path.IsPathRooted(path) || baseFolder == null ? path : Path.Combine(baseFolder, path);
        try { full = Path.GetFullPath(full); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add(node, $"\"{path}\" is not a valid path: {e.Message}");
            return false;
        }
        resolved = full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
        return true;
    }

    /// <summary>
    /// The rules between settings of a resolved spec (mini_batch ≤ batch, warm-up within the steps, a trainable
    /// head that some stage trains, …). Errors point at the value that set the offending key in
    /// <paramref name="values"/>, or at <paramref name="anchor"/> when it is a default; <paramref name="context"/>
    /// prefixes each message (e.g. the design's name).
    /// </summary>
    public static void Check(ModelSpec spec, SpecValues values, SettingsNode anchor, SettingsErrors errors, string context = "")
    {
        SettingsNode At(string key) => values[key]?.Node ?? anchor;
        void Add(string key, string message) =>
            errors.Add(new SettingsError(At(key).Source, At(key).Line, At(key).Column,
                values[key]?.Node.Path ?? key.Split('.').Aggregate(anchor.Path, SettingsNode.ChildPath), context + message));

        foreach (var stage in spec.Stages)
        {
            string name = EnumNames.Name(stage);
            StageSettings settings = stage == StageKind.Contrastive ? spec.Contrastive : spec.Reconstruction;
            if (settings.MiniBatch is { } mini && mini > settings.Batch)
                Add($"{name}.mini_batch", $"{name}.mini_batch ({mini}) exceeds {name}.batch ({settings.Batch}); use a mini_batch <= batch");
            if (settings.WarmupSteps > settings.Steps)
                Add($"{name}.warmup_steps", $"{name}.warmup_steps ({settings.WarmupSteps}) exceeds {name}.steps ({settings.Steps}); use fewer warm-up steps or more steps");
        }
        if (spec.Stages.Contains(StageKind.Reconstruction) && spec.Reconstruction.WD2Q + spec.Reconstruction.WQ2D <= 0)
            Add("reconstruction.w_d2q", "reconstruction.w_d2q and reconstruction.w_q2d are both 0, so the reconstruction stage would learn nothing; give one a positive weight");

        if (spec.PoolingExcludeInstruction && spec.Pooling != "mean")
            Add("pooling_exclude_instruction",
                $"pooling_exclude_instruction is true but pooling is {spec.Pooling}; it applies to mean pooling only, so set pooling to mean or remove the key");

        bool trainableHead = PoolingHeads.IsTrainable(spec.Pooling);
        var stageSettings = spec.Stages.Select(s => (Name: EnumNames.Name(s), Settings: s == StageKind.Contrastive ? (StageSettings)spec.Contrastive : spec.Reconstruction)).ToList();
        if (trainableHead && stageSettings.Count == 0)
            Add(values.Contains("stages") ? "stages" : "pooling",
                $"pooling {spec.Pooling} has a trainable head but stages is empty (a zero-shot design), so the head would stay random; list a stage that trains it or use eos_last or mean");
        else if (trainableHead && stageSettings.All(s => s.Settings.Trainable == TrainableKind.Lora))
        {
            var last = stageSettings[^1].Name;
            Add(values.Contains($"{last}.trainable") ? $"{last}.trainable" : "pooling",
                $"pooling {spec.Pooling} has a trainable head but no stage trains it ({last}.trainable is lora); set {last}.trainable to head+lora or full");
        }
        if (!trainableHead)
            foreach (var (name, settings) in stageSettings.Where(s => s.Settings.Trainable == TrainableKind.Head))
                Add($"{name}.trainable", $"{name}.trainable is head but pooling {spec.Pooling} has no parameters, so the stage would train nothing; use lora, head+lora or full");
    }
}
