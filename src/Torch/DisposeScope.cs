namespace Ablation.Torch;

/// <summary>
/// Frees every tensor created on this thread while the scope is open, when the scope ends (like TorchSharp's
/// <c>torch.NewDisposeScope()</c>). Keep a result with <see cref="Tensor.MoveToOuterDisposeScope"/> (to the
/// enclosing scope) or <see cref="Tensor.DetachFromDisposeScope"/> (to the caller). Scopes nest per thread.
/// <code>
/// using (torch.NewDisposeScope()) { var loss = model.call(x).sum(); loss.backward(); optimizer.step(); }
/// </code>
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The innermost open scope of this thread.</summary>
    internal static DisposeScope? Current => current;

    /// <summary>The scope that was open when this one started.</summary>
    internal DisposeScope? Outer { get; }

    /// <summary>Tensors the scope will free.</summary>
    public int Count => tensors.Count;

    internal void Attach(Tensor tensor)
    {
        tensors.Add(tensor);
        tensor.OwningScope = this;
    }

    internal void Forget(Tensor tensor) => tensors.Remove(tensor);

    /// <summary>Moves tensors to the enclosing scope and returns the first (convenience for several results).</summary>
    public void MoveToOuter(params Tensor[] keep)
    {
        foreach (var t in keep) t.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        var owned = tensors.ToArray();
        tensors.Clear();
        foreach (var t in owned)
        {
            t.OwningScope = null;
            t.Dispose();
        }
        // Scopes end in reverse order of creation; if an inner one was left open, skip past it too.
        if (ReferenceEquals(current, this)) current = Outer;
        else
        {
            for (var s = current; s != null; s = s.Outer)
                if (ReferenceEquals(s.Outer, this)) { current = Outer; break; }
        }
    }
}
