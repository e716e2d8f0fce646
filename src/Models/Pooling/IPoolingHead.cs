using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>
/// Turns a decoder's hidden states into one embedding per text. Implementations: <see cref="EosLastPooling"/>,
/// <see cref="MeanPooling"/>, <see cref="LastLayerTrainablePooling"/>, <see cref="MultiLayerTrainablePooling"/>,
/// <see cref="LatentAttentionPooling"/>; <see cref="PoolingHeads"/> creates them by name.
/// </summary>
public interface IPoolingHead
{
    /// <summary>The name used in grids and on the command line (e.g. <c>eos_last</c>).</summary>
    string Name { get; }

    /// <summary>The trainable parameters as a module (HF-style names), or null for heads without parameters.</summary>
    Module? Module { get; }

    /// <summary>[B, hidden] embeddings; L2-normalised unless <paramref name="normalize"/> is false (Su et al.
    /// feed the raw EOS state to the reconstruction decoder).</summary>
    Tensor Pool(PoolingInput input, bool normalize = true);
}
