using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

// Autograd: gradient flags, backward, gradients.
public sealed partial class Tensor
{
    public bool requires_grad => abl_requires_grad(Handle) != 0;

    /// <summary>Leaf tensors are created by the user (not by an op); their .grad is filled by backward.</summary>
    public bool is_leaf => abl_is_leaf(Handle) != 0;

    /// <summary>Turns gradient tracking on or off for this (leaf) tensor; returns it.</summary>
    public Tensor requires_grad_(bool requiresGrad = true)
    {
        Check(abl_set_requires_grad(Handle, requiresGrad ? 1 : 0));
        return this;
    }

    /// <summary>
    /// The accumulated gradient, or null. Each read returns a new handle to the same gradient (owned by the
    /// current dispose scope); setting null clears it.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            Check(abl_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => Check(abl_set_grad(Handle, value?.Handle ?? TensorHandle.Null));
    }

    /// <summary>Computes gradients of this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        Check(abl_backward(Handle, gradient?.Handle ?? TensorHandle.Null, retain_graph ? 1 : 0, create_graph ? 1 : 0));

    /// <summary>Keeps .grad for a non-leaf tensor after backward.</summary>
    public Tensor retain_grad()
    {
        Check(abl_retain_grad(Handle));
        return this;
    }

    /// <summary>The same data without autograd history.</summary>
    public Tensor detach() => Unary(UnaryOp.Detach);

    public Tensor clone() => Unary(UnaryOp.Clone);
}
