using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// One leaf setting of a <see cref="ModelSpec"/> by its dotted JSON name (<c>contrastive.lr</c>): its type and
/// range, how to read it from and write it into a spec. <see cref="ModelSpecSettings.All"/> lists them in the
/// canonical order; the reader, the writer, the grid and the JSON Schema all work from that one list.
/// </summary>
public sealed record ModelSpecSetting(string Key, SettingType Type, string Description,
    Func<ModelSpec, object?> Get, Func<ModelSpec, object?, ModelSpec> Set)
{
    /// <summary>True for settings whose value is a file or folder (relative paths resolve against the file's folder).</summary>
    public bool IsPath { get; init; }

    /// <summary>The <c>builtin:</c> names a path setting accepts.</summary>
    public IReadOnlyList<string> BuiltinNames { get; init; } = [];

    /// <summary>The section (<c>contrastive</c>) or "" for a top-level key.</summary>
    public string Section => Key.Contains('.') ? Key[..Key.IndexOf('.')] : "";

    /// <summary>The name inside its section (<c>lr</c>).</summary>
    public string Name => Key.Contains('.') ? Key[(Key.IndexOf('.') + 1)..] : Key;

    /// <summary>The default value (the value in <c>new ModelSpec()</c>).</summary>
    public object? Default => Get(new ModelSpec());
}
