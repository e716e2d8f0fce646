// Neural-network functions (torch.nn.functional): linear, normalisation, embedding, losses, similarity,
// dropout and scaled-dot-product attention. Composite ones are written with ATen ops so autograd covers them.
#include "shim.h"

using abl::wrap;

namespace {
c10::optional<at::Tensor> opt(TensorPtr t) { return t == nullptr ? c10::nullopt : c10::optional<at::Tensor>(*t); }

c10::optional<at::Generator> gen_of(void* generator) {
  if (generator == nullptr) return c10::nullopt;
  return *static_cast<at::Generator*>(generator);
}
}  // namespace

ABL_EXPORT TensorPtr abl_linear(TensorPtr x, TensorPtr w, TensorPtr b) { ABL_TENSOR(at::linear(*x, *w, opt(b))) }

ABL_EXPORT TensorPtr abl_layer_norm(TensorPtr x, const int64_t* shape, int n, TensorPtr w, TensorPtr b, double eps) {
  ABL_TENSOR(at::layer_norm(*x, at::IntArrayRef(shape, static_cast<size_t>(n)), opt(w), opt(b), eps))
}

// x * rsqrt(mean(x², last dim) + eps) * weight, computed in float32 for half types (as Llama's RMSNorm does) and
// returned in the input's type.
ABL_EXPORT TensorPtr abl_rms_norm(TensorPtr x, TensorPtr w, double eps) {
  ABL_TRY
  auto in_type = x->scalar_type();
  bool reduced = in_type == at::kHalf || in_type == at::kBFloat16;
  auto h = reduced ? x->to(at::kFloat) : *x;
  auto normed = h * at::rsqrt(h.pow(2).mean(-1, /*keepdim=*/true) + eps);
  auto out = normed.to(in_type);
  return wrap(w == nullptr ? out : out * *w);
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_embedding(TensorPtr weight, TensorPtr indices, int64_t padding_idx) {
  ABL_TENSOR(at::embedding(*weight, *indices, padding_idx))
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction codes).
ABL_EXPORT TensorPtr abl_cross_entropy(TensorPtr logits, TensorPtr target, TensorPtr weight, int64_t reduction,
                                       int64_t ignore_index, double label_smoothing) {
  ABL_TENSOR(at::cross_entropy_loss(*logits, *target, opt(weight), reduction, ignore_index, label_smoothing))
}

ABL_EXPORT TensorPtr abl_mse_loss(TensorPtr a, TensorPtr b, int64_t reduction) {
  ABL_TENSOR(at::mse_loss(*a, *b, reduction))
}

ABL_EXPORT TensorPtr abl_binary_cross_entropy_with_logits(TensorPtr x, TensorPtr y, int64_t reduction) {
  ABL_TENSOR(at::binary_cross_entropy_with_logits(*x, *y, c10::nullopt, c10::nullopt, reduction))
}

ABL_EXPORT TensorPtr abl_cosine_similarity(TensorPtr a, TensorPtr b, int64_t dim, double eps) {
  ABL_TENSOR(at::cosine_similarity(*a, *b, dim, eps))
}

// x / max(‖x‖_p, eps) along dim (torch.nn.functional.normalize).
ABL_EXPORT TensorPtr abl_normalize(TensorPtr x, double p, int64_t dim, double eps) {
  ABL_TRY
  auto norm = at::linalg_vector_norm(*x, p, at::IntArrayRef{dim}, /*keepdim=*/true).clamp_min(eps);
  return wrap(*x / norm.expand_as(*x));
  ABL_CATCH(nullptr)
}

// Inverted dropout with a mask drawn from the given generator, so that dropout randomness can have its own
// seed stream. Not training or p == 0 returns the input unchanged.
ABL_EXPORT TensorPtr abl_dropout(TensorPtr x, double p, int training, void* gen) {
  ABL_TRY
  TORCH_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  if (!training || p == 0) return wrap(*x);
  if (p == 1) return wrap(*x * 0);
  auto mask = at::empty(x->sizes(), x->options().device(at::kCPU).requires_grad(false));
  mask.bernoulli_(1 - p, gen_of(gen));
  mask = mask.to(x->device()).div_(1 - p);
  return wrap(*x * mask);
  ABL_CATCH(nullptr)
}

// softmax(q kᵀ / √d + mask) v with libtorch 1.13's private op. mask: null, bool (true = attend) or additive float.
ABL_EXPORT TensorPtr abl_sdpa(TensorPtr q, TensorPtr k, TensorPtr v, TensorPtr mask, double dropout_p, int is_causal) {
  ABL_TRY
  TORCH_CHECK(!(is_causal && mask != nullptr), "scaled_dot_product_attention: pass either a mask or is_causal, not both");
  auto r = at::_scaled_dot_product_attention(*q, *k, *v, opt(mask), dropout_p, /*need_attn_weights=*/false,
                                             is_causal != 0);
  return wrap(std::get<0>(r));
  ABL_CATCH(nullptr)
}
