using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Nn;

/// <summary>A lookup table of <c>num_embeddings</c> vectors (torch.nn.Embedding), initialised N(0, 1); the padding row is zero.</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    private readonly long paddingIdx;

    public Embedding(long numEmbeddings, long embeddingDim, long? paddingIdx = null, Generator? generator = null,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        num_embeddings = numEmbeddings;
        embedding_dim = embeddingDim;
        this.paddingIdx = paddingIdx ?? -1;
        var w = torch.empty([numEmbeddings, embeddingDim], dtype, device).normal_(0, 1, generator);
        if (paddingIdx is { } p)
        {
            using var _ = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            w[p].zero_();
        }
        weight = register_parameter("weight", w);
    }

    public long num_embeddings { get; }
    public long embedding_dim { get; }
    public Tensor weight { get; }

    public override Tensor forward(Tensor input) => F.embedding(input, weight, paddingIdx);
}
