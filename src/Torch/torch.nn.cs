using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

public static partial class torch
{
    /// <summary>torch.nn: the functional API and utilities. Module classes live in namespace Ablation.Torch.Nn.</summary>
    public static class nn
    {
        /// <summary>How a loss combines per-element values (PyTorch's reduction argument).</summary>
        public enum Reduction { None = 0, Mean = 1, Sum = 2 }

        /// <summary>torch.nn.functional.</summary>
        public static class functional
        {
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                Check(abl_linear(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null));

            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor gelu(Tensor x, bool tanhApproximation = false) => x.gelu(tanhApproximation);
            public static Tensor silu(Tensor x) => x.silu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
            public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);
            public static Tensor softplus(Tensor x) => Check(abl_unary(x.Handle, (int)UnaryOp.Softplus));
            public static Tensor logsigmoid(Tensor x) => Check(abl_unary(x.Handle, (int)UnaryOp.LogSigmoid));
            public static Tensor leaky_relu(Tensor x, double negativeSlope = 0.01) => Check(abl_scalar_op(x.Handle, negativeSlope, 0, 0, (int)ScalarOp.LeakyRelu));

            /// <summary>Inverted dropout; the mask comes from <paramref name="generator"/> (or the default generator).</summary>
            public static Tensor dropout(Tensor x, double p = 0.5, bool training = true, Generator? generator = null)
            {
                var result = Check(abl_dropout(x.Handle, p, training ? 1 : 0, generator?.Pointer ?? IntPtr.Zero));
                GC.KeepAlive(generator);
                return result;
            }

            public static unsafe Tensor layer_norm(Tensor x, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                fixed (long* s = normalizedShape)
                    return Check(abl_layer_norm(x.Handle, s, normalizedShape.Length, weight?.Handle ?? TensorHandle.Null, bias?.Handle ?? TensorHandle.Null, eps));
            }

            /// <summary>x · rsqrt(mean(x², -1) + eps) · weight, computed in float32 and returned in x's dtype (Llama's RMSNorm).</summary>
            public static Tensor rms_norm(Tensor x, Tensor? weight = null, double eps = 1e-6) =>
                Check(abl_rms_norm(x.Handle, weight?.Handle ?? TensorHandle.Null, eps));

            /// <summary>Rows of <paramref name="weight"/> at <paramref name="input"/> (int64 indices).</summary>
            public static Tensor embedding(Tensor input, Tensor weight, long padding_idx = -1) =>
                Check(abl_embedding(weight.Handle, input.Handle, padding_idx));

            /// <summary>
            /// Cross entropy between logits [N, C] (or [N, C, d…]) and class indices [N] (or [N, d…]); targets equal to
            /// <paramref name="ignore_index"/> contribute nothing and are left out of the mean.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                Check(abl_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? TensorHandle.Null, (long)reduction, ignore_index, label_smoothing));

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Check(abl_mse_loss(input.Handle, target.Handle, (long)reduction));

            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Check(abl_binary_cross_entropy_with_logits(input.Handle, target.Handle, (long)reduction));

            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                Check(abl_cosine_similarity(x1.Handle, x2.Handle, dim, eps));

            /// <summary>x / max(‖x‖_p, eps) along dim.</summary>
            public static Tensor normalize(Tensor x, double p = 2, long dim = 1, double eps = 1e-12) =>
                Check(abl_normalize(x.Handle, p, dim, eps));

            /// <summary>
            /// softmax(q·kᵀ/√d + mask)·v over [..., L, d] tensors. <paramref name="attn_mask"/> is either boolean
            /// (true = may attend) or additive float (0 or -inf); <paramref name="is_causal"/> applies a lower-triangular
            /// mask instead. libtorch 1.13 has no scale argument and no grouped-query support: repeat K/V heads first.
            /// </summary>
            public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null,
                double dropout_p = 0, bool is_causal = false) =>
                Check(abl_sdpa(query.Handle, key.Handle, value.Handle, attn_mask?.Handle ?? TensorHandle.Null, dropout_p, is_causal ? 1 : 0));
        }

        /// <summary>torch.nn.utils.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales all gradients together so that their global L2 (or <paramref name="norm_type"/>) norm is at most
            /// <paramref name="max_norm"/>; returns the norm before clipping. Parameters without a gradient are skipped.
            /// </summary>
            public static unsafe double clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2)
            {
                var list = parameters.ToArray();
                var handles = new IntPtr[list.Length];
                for (int i = 0; i < list.Length; i++) handles[i] = list[i].Handle.DangerousGetHandle();
                double norm;
                fixed (IntPtr* p = handles) norm = abl_clip_grad_norm(p, handles.Length, max_norm, norm_type);
                GC.KeepAlive(list);
                return CheckNotNaN(norm);
            }
        }
    }
}
