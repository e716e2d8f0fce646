using System.Collections;

namespace Ablation.Torch.Nn;

/// <summary>Submodules registered under their index ("0", "1", ...), giving names such as <c>layers.3.mlp.weight</c>.</summary>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> items = [];

    public ModuleList(IEnumerable<T>? modules = null)
    {
        foreach (var m in modules ?? []) Add(m);
    }

    public void Add(T module)
    {
        register_module(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
    }

    public T this[int index] => items[index];
    public int Count => items.Count;
    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
