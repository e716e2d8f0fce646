namespace Ablation.Torch.Nn;

/// <summary>
/// Base of every network component (torch.nn.Module): named parameters, buffers and submodules with
/// HF-style dotted names (<c>layers.0.self_attn.q_proj.weight</c>), train/eval mode, dtype/device moves,
/// freezing and state dicts. Subclasses register their pieces in the constructor:
/// <code>
/// weight = register_parameter("weight", torch.empty(out, in));
/// proj = register_module("proj", new Linear(in, out));
/// </code>
/// The module owns registered tensors: they leave any dispose scope and are freed by <see cref="Dispose"/>.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Tensor?> ownParameters = new();
    private readonly OrderedDictionary<string, Tensor?> ownBuffers = new();
    private readonly HashSet<string> nonPersistent = [];
    private readonly OrderedDictionary<string, Module> children = new();
    private bool disposed;

    /// <summary>True in training mode (dropout active), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    // ---- registration ----

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (no dots); returns it with requires_grad set.</summary>
    protected Tensor register_parameter(string name, Tensor parameter)
    {
        CheckName(name);
        parameter.DetachFromDisposeScope();
        if (!parameter.requires_grad) parameter.requires_grad_();
        ownParameters[name] = parameter;
        return parameter;
    }

    /// <summary>Registers a non-trainable tensor (e.g. rotary tables); non-persistent buffers stay out of state_dict.</summary>
    protected Tensor register_buffer(string name, Tensor buffer, bool persistent = true)
    {
        CheckName(name);
        buffer.DetachFromDisposeScope();
        ownBuffers[name] = buffer;
        if (!persistent) nonPersistent.Add(name);
        return buffer;
    }

    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children[name] = module;
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: name '{name}' must be non-empty and contain no dot (dots separate module levels)", nameof(name));
        if (ownParameters.ContainsKey(name) || ownBuffers.ContainsKey(name) || children.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name}: '{name}' is already registered", nameof(name));
    }

    // ---- traversal ----

    /// <summary>Direct submodules with their names.</summary>
    public IEnumerable<(string name, Module module)> named_children() => children.Select(kv => (kv.Key, kv.Value));

    /// <summary>This module ("") and every descendant, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        yield return ("", this);
        foreach (var (name, child) in named_children())
            foreach (var (sub, m) in child.named_modules())
                yield return (sub.Length == 0 ? name : $"{name}.{sub}", m);
    }

    /// <summary>Parameters with dotted names, each tensor once (tied weights appear under their first name).</summary>
    public IEnumerable<(string name, Tensor parameter)> named_parameters(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
            foreach (var (name, p) in m.ownParameters)
                if (p is not null && seen.Add(p))
                    yield return (Join(prefix, name), p);
    }

    public IEnumerable<Tensor> parameters(bool recurse = true) => named_parameters(recurse).Select(np => np.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
    {
        foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
            foreach (var (name, b) in m.ownBuffers)
                if (b is not null)
                    yield return (Join(prefix, name), b);
    }

    /// <summary>Number of trainable elements (or of all elements with <paramref name="trainableOnly"/> false).</summary>
    public long parameter_count(bool trainableOnly = false) =>
        parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    // ---- state dict ----

    /// <summary>
    /// Parameters and persistent buffers by dotted name, in registration order. The tensors are the module's
    /// own (not copies): read or save them, do not dispose them.
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (prefix, m) in named_modules())
        {
            foreach (var (name, p) in m.ownParameters)
                if (p is not null) result[Join(prefix, name)] = p;
            foreach (var (name, b) in m.ownBuffers)
                if (b is not null && !m.nonPersistent.Contains(name)) result[Join(prefix, name)] = b;
        }
        return result;
    }

    /// <summary>
    /// Copies values into this module's tensors (converting dtype/device, never changing shapes). With
    /// <paramref name="strict"/>, missing or unexpected keys are an error; otherwise they are returned.
    /// </summary>
    public (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var own = state_dict();
        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidOperationException($"load_state_dict into {GetType().Name}: " +
                (missing.Count > 0 ? $"missing keys: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" (+{missing.Count - 10} more)" : "")}; " : "") +
                (unexpected.Count > 0 ? $"unexpected keys: {string.Join(", ", unexpected.Take(10))}{(unexpected.Count > 10 ? $" (+{unexpected.Count - 10} more)" : "")}; " : "") +
                "pass strict: false to load the matching keys only");
        foreach (var (key, target) in own)
        {
            if (!source.TryGetValue(key, out var value)) continue;
            var (want, have) = (target.shape, value.shape);
            if (!want.SequenceEqual(have))
                throw new InvalidOperationException($"load_state_dict into {GetType().Name}: '{key}' has shape [{string.Join(", ", have)}] but the module expects [{string.Join(", ", want)}]");
            using var _ = torch.no_grad();
            target.copy_(value);
        }
        return (missing, unexpected);
    }

    // ---- modes, moves, freezing ----

    /// <summary>Sets training mode here and in every submodule.</summary>
    public Module train(bool mode = true)
    {
        foreach (var (_, m) in named_modules()) m.training = mode;
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Converts floating-point parameters and buffers to <paramref name="type"/>, in place (objects keep their identity).</summary>
    public Module to(ScalarType type) => Apply(t => t.dtype.IsFloatingPoint() ? t.to(type) : null);

    public Module to(Device device) => Apply(t => t.device == device ? null : t.to(device));

    public Module to(Device device, ScalarType type) => to(device).to(type);

    // Create optimizers after moving a module: they hold the tensors they were given.
    private Module Apply(Func<Tensor, Tensor?> convert)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        foreach (var (_, m) in named_modules())
            foreach (var dict in new[] { m.ownParameters, m.ownBuffers })
                foreach (var t in dict.Values)
                    if (t is not null && convert(t) is { } converted)
                    {
                        t.set_data(converted);
                        if (t.grad is { } g && !g.dtype.Equals(t.dtype)) t.grad = null;
                    }
        return this;
    }

    /// <summary>Turns gradients on or off for every parameter (freezing with false).</summary>
    public Module requires_grad_(bool requiresGrad = true)
    {
        foreach (var p in parameters()) p.requires_grad_(requiresGrad);
        return this;
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.grad = null;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var m in children.Values) m.Dispose();
        foreach (var t in ownParameters.Values.Concat(ownBuffers.Values)) t?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A module with one input (torch.nn.Module's forward/__call__).</summary>
public abstract class Module<T, TResult> : Module
{
    public abstract TResult forward(T input);

    public TResult call(T input) => forward(input);
}

/// <summary>A module with two inputs.</summary>
public abstract class Module<T1, T2, TResult> : Module
{
    public abstract TResult forward(T1 input1, T2 input2);

    public TResult call(T1 input1, T2 input2) => forward(input1, input2);
}
