using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Training.Spec;

/// <summary>One value of a partial spec and the JSON node it was read from (for error positions).</summary>
public sealed record SpecValue(object? Value, SettingsNode Node);

/// <summary>
/// A partial model spec read from one JSON object (a config file, a grid's <c>defaults</c>, a design, an axis point):
/// dotted setting name → value, in the order written. The key <c>pooling_head</c> itself marks an explicit
/// <c>"pooling_head": {…}</c> (true: the head exists, with defaults for keys not given) or <c>null</c> (false).
/// Layers are applied in order over <c>new ModelSpec()</c>; a later layer's value wins.
/// </summary>
public sealed class SpecValues
{
    private readonly List<KeyValuePair<string, SpecValue>> _items = [];

    public IReadOnlyList<KeyValuePair<string, SpecValue>> Items => _items;
    public int Count => _items.Count;
    public IEnumerable<string> Keys => _items.Select(i => i.Key);

    public bool Contains(string key) => _items.Any(i => i.Key == key);

    public SpecValue? this[string key] => _items.FirstOrDefault(i => i.Key == key).Value;

    /// <summary>Sets <paramref name="key"/> (replacing an earlier value of the same key).</summary>
    public void Set(string key, object? value, SettingsNode node)
    {
        int index = _items.FindIndex(i => i.Key == key);
        var item = new KeyValuePair<string, SpecValue>(key, new SpecValue(value, node));
        if (index >= 0) _items[index] = item;
        else _items.Add(item);
    }

    /// <summary>Removes <paramref name="key"/> and, for a section, every key inside it.</summary>
    public void Remove(string key) => _items.RemoveAll(i => i.Key == key || i.Key.StartsWith(key + ".", StringComparison.Ordinal));

    /// <summary>This layer with <paramref name="over"/> on top (a null <c>pooling_head</c> drops the head keys below it).</summary>
    public SpecValues Then(SpecValues over)
    {
        var merged = new SpecValues();
        foreach (var (key, value) in _items) merged.Set(key, value.Value, value.Node);
        foreach (var (key, value) in over._items)
        {
            if (key == ModelSpecSettings.PoolingHead && value.Value is false) merged.Remove(key);
            merged.Set(key, value.Value, value.Node);
        }
        return merged;
    }

    /// <summary>Applies the values to <paramref name="spec"/> in canonical order.</summary>
    public ModelSpec ApplyTo(ModelSpec spec)
    {
        if (this[ModelSpecSettings.PoolingHead] is { } head)
            spec = spec with { PoolingHead = head.Value is true ? spec.PoolingHead ?? new PoolingHeadSpec() : null };
        foreach (var setting in ModelSpecSettings.All)
            if (this[setting.Key] is { } v)
                spec = setting.Set(spec, v.Value);
        return spec;
    }
}
