using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch.Optim;

/// <summary>Adam with decoupled weight decay (torch.optim.AdamW), libtorch's implementation.</summary>
public sealed class AdamW : Optimizer
{
    public unsafe AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false)
    {
        Attach(Create(parameters, hs =>
        {
            fixed (IntPtr* p = hs) return abl_adamw_new(p, hs.Length, lr, beta1, beta2, eps, weight_decay, amsgrad ? 1 : 0);
        }));
    }
}
