using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Nn;

/// <summary>Inverted dropout in training mode, identity in eval mode (torch.nn.Dropout); masks come from its generator.</summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? generator;

    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        this.p = p;
        this.generator = generator;
    }

    public double p { get; }

    public override Tensor forward(Tensor input) => F.dropout(input, p, training, generator);
}
