using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch.Optim;

/// <summary>Stochastic gradient descent with optional (Nesterov) momentum and weight decay (torch.optim.SGD).</summary>
public sealed class SGD : Optimizer
{
    public unsafe SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false)
    {
        Attach(Create(parameters, hs =>
        {
            fixed (IntPtr* p = hs) return abl_sgd_new(p, hs.Length, lr, momentum, dampening, weight_decay, nesterov ? 1 : 0);
        }));
    }
}
