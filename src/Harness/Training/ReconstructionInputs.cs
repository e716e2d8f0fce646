using Ablation.Harness.Training.Spec;
using Ablation.Models.Losses;
using Ablation.Models.Tokenizers;
using Ablation.Torch;

namespace Ablation.Harness.Training;

/// <summary>
/// The decoder side of one reconstruction task for a batch of target texts: a soft-token slot at column 0 followed
/// by the texts' tokens. <see cref="Ids"/> [B, T] are the token ids that follow the slot (pad id on padding);
/// <see cref="Mask"/> and <see cref="Labels"/> [B, T + 1] cover the slot too. Labels are the token ids, with the
/// slot, padding and every EOS set to <see cref="ReconstructionLoss.IgnoreIndex"/>.
/// </summary>
/// <remarks>
/// <see cref="SoftTokenLayout.RightPadded"/> gives each row [e, BOS, text…, EOS, pad…]: e directly precedes the
/// first token everywhere, so position 0 is e and BOS is scored from e. <see cref="SoftTokenLayout.PaperLeftPadded"/>
/// gives [e, pad…, BOS, text…, EOS], the order of the paper's code, where padded rows score BOS from the last pad
/// position. The decoder takes positions from the mask (cumsum − 1), so real tokens get positions 1, 2, … in both.
/// </remarks>
public sealed record ReconstructionInputs(Tensor Ids, Tensor Mask, Tensor Labels, long Targets, long Tokens)
{
    /// <summary>Lays out the rows of <paramref name="tokens"/> (left- or right-padded, as the encoder made them).</summary>
    public static ReconstructionInputs Build(TokenBatch tokens, SoftTokenLayout layout, int padId, int? eosId)
    {
        int b = tokens.BatchSize, t = tokens.SequenceLength, w = t + 1;
        var ids = new long[b * t];
        var mask = new long[b * w];
        var labels = new long[b * w];
        Array.Fill(ids, padId);
        Array.Fill(labels, ReconstructionLoss.IgnoreIndex);
        long targets = 0, real = 0;
        for (var r = 0; r < b; r++)
        {
            var row = tokens.Row(r);
            var start = layout == SoftTokenLayout.RightPadded ? 0 : t - row.Length;
            mask[r * w] = 1;
            for (var j = 0; j < row.Length; j++)
            {
                var col = start + j;
                ids[r * t + col] = row[j];
                mask[r * w + 1 + col] = 1;
                if (eosId is int eos && row[j] == eos) continue;
                labels[r * w + 1 + col] = row[j];
                targets++;
            }
            real += row.Length + 1;
        }
        return new ReconstructionInputs(torch.tensor(ids, [b, t]), torch.tensor(mask, [b, w]), torch.tensor(labels, [b, w]), targets, real);
    }
}
