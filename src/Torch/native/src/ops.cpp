// Tensor operations: elementwise (by op code, see the C# enums in Interop/OpCodes.cs), reductions, shape and
// indexing ops, joins and splits.
#include "shim.h"

#include <cstdlib>
#include <vector>

using abl::wrap;

namespace {
at::IntArrayRef dims(const int64_t* shape, int ndim) { return at::IntArrayRef(shape, static_cast<size_t>(ndim)); }

std::vector<at::Tensor> list_of(TensorPtr* ts, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v.push_back(*ts[i]);
  return v;
}

// Returns a malloc'ed array of new handles (freed by the caller with abl_free_buffer).
int64_t export_list(const std::vector<at::Tensor>& v, TensorPtr** out) {
  auto* arr = static_cast<TensorPtr*>(std::malloc(sizeof(TensorPtr) * (v.empty() ? 1 : v.size())));
  if (arr == nullptr) throw std::bad_alloc();
  for (size_t i = 0; i < v.size(); ++i) arr[i] = wrap(v[i]);
  *out = arr;
  return static_cast<int64_t>(v.size());
}

at::Tensor unary(const at::Tensor& x, int op) {
  switch (op) {
    case 0: return at::neg(x);
    case 1: return at::exp(x);
    case 2: return at::log(x);
    case 3: return at::sqrt(x);
    case 4: return at::rsqrt(x);
    case 5: return at::abs(x);
    case 6: return at::relu(x);
    case 7: return at::gelu(x, "none");
    case 8: return at::gelu(x, "tanh");
    case 9: return at::silu(x);
    case 10: return at::sigmoid(x);
    case 11: return at::tanh(x);
    case 12: return at::sin(x);
    case 13: return at::cos(x);
    case 14: return x.contiguous();
    case 15: return x.detach();
    case 16: return x.clone();
    case 17: return at::logical_not(x);
    case 18: return at::square(x);
    case 19: return at::reciprocal(x);
    case 20: return at::floor(x);
    case 21: return at::ceil(x);
    case 22: return at::sign(x);
    case 23: return at::isnan(x);
    case 24: return at::log1p(x);
    case 25: return at::expm1(x);
    case 26: return at::erf(x);
    case 27: return at::round(x);
    case 28: return at::isinf(x);
    case 29: return at::isfinite(x);
    case 30: return x.t();
    case 31: return at::flatten(x);
    case 32: return x.squeeze();
    case 33: return at::softplus(x);
    case 34: return at::log_sigmoid(x);
    default: TORCH_CHECK(false, "unknown unary op code ", op);
  }
}

at::Tensor binary(const at::Tensor& a, const at::Tensor& b, int op) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return at::eq(a, b);
    case 8: return at::ne(a, b);
    case 9: return at::lt(a, b);
    case 10: return at::le(a, b);
    case 11: return at::gt(a, b);
    case 12: return at::ge(a, b);
    case 13: return at::matmul(a, b);
    case 14: return at::bmm(a, b);
    case 15: return at::logical_and(a, b);
    case 16: return at::logical_or(a, b);
    case 17: return at::remainder(a, b);
    case 18: return at::mm(a, b);
    case 19: return at::floor_divide(a, b);
    case 20: return at::logical_xor(a, b);
    case 21: return at::outer(a, b);
    default: TORCH_CHECK(false, "unknown binary op code ", op);
  }
}

at::Tensor with_scalar(const at::Tensor& a, const at::Scalar& s, int op) {
  switch (op) {
    case 0: return at::add(a, s);
    case 1: return at::sub(a, s);
    case 2: return at::mul(a, s);
    case 3: return at::div(a, s);
    case 4: return at::pow(a, s);
    case 5: return at::rsub(a, s);                       // s - a
    case 6: return at::mul(at::reciprocal(a), s);        // s / a
    case 7: return at::eq(a, s);
    case 8: return at::ne(a, s);
    case 9: return at::lt(a, s);
    case 10: return at::le(a, s);
    case 11: return at::gt(a, s);
    case 12: return at::ge(a, s);
    case 13: return at::remainder(a, s);
    case 14: return at::pow(s, a);                       // s ** a
    case 15: return at::clamp_min(a, s);
    case 16: return at::clamp_max(a, s);
    case 17: return at::leaky_relu(a, s);
    default: TORCH_CHECK(false, "unknown scalar op code ", op);
  }
}
}  // namespace

ABL_EXPORT TensorPtr abl_unary(TensorPtr x, int op) { ABL_TENSOR(unary(*x, op)) }
ABL_EXPORT TensorPtr abl_binary(TensorPtr a, TensorPtr b, int op) { ABL_TENSOR(binary(*a, *b, op)) }
ABL_EXPORT TensorPtr abl_scalar_op(TensorPtr a, double d, int64_t i, int is_int, int op) {
  ABL_TENSOR(with_scalar(*a, abl::scalar_of(d, i, is_int), op))
}

// In-place ops (optimizer-free updates, initialisation). op: 0 add_, 1 sub_, 2 mul_, 3 div_, 4 fill_, 5 zero_,
// 6 clamp_min_, 7 clamp_max_.
ABL_EXPORT int abl_scalar_op_(TensorPtr a, double d, int64_t i, int is_int, int op) {
  ABL_TRY
  auto s = abl::scalar_of(d, i, is_int);
  switch (op) {
    case 0: a->add_(s); break;
    case 1: a->sub_(s); break;
    case 2: a->mul_(s); break;
    case 3: a->div_(s); break;
    case 4: a->fill_(s); break;
    case 5: a->zero_(); break;
    case 6: a->clamp_min_(s); break;
    case 7: a->clamp_max_(s); break;
    default: TORCH_CHECK(false, "unknown in-place op code ", op);
  }
  return 0;
  ABL_CATCH(-1)
}

// a += alpha * b, in place.
ABL_EXPORT int abl_add_(TensorPtr a, TensorPtr b, double alpha) { ABL_STATUS(a->add_(*b, alpha)) }
ABL_EXPORT int abl_mul_(TensorPtr a, TensorPtr b) { ABL_STATUS(a->mul_(*b)) }

ABL_EXPORT TensorPtr abl_clamp(TensorPtr x, int has_min, double lo, int has_max, double hi) {
  ABL_TENSOR(at::clamp(*x, has_min ? c10::optional<at::Scalar>(lo) : c10::nullopt,
                       has_max ? c10::optional<at::Scalar>(hi) : c10::nullopt))
}

ABL_EXPORT TensorPtr abl_where(TensorPtr cond, TensorPtr a, TensorPtr b) { ABL_TENSOR(at::where(*cond, *a, *b)) }

ABL_EXPORT TensorPtr abl_masked_fill(TensorPtr x, TensorPtr mask, double d, int64_t i, int is_int) {
  ABL_TENSOR(x->masked_fill(*mask, abl::scalar_of(d, i, is_int)))
}

ABL_EXPORT int abl_masked_fill_(TensorPtr x, TensorPtr mask, double d, int64_t i, int is_int) {
  ABL_STATUS(x->masked_fill_(*mask, abl::scalar_of(d, i, is_int)))
}

// ---- reductions ----

// op: 0 sum, 1 mean, 2 amax, 3 amin, 4 logsumexp, 5 std (unbiased), 6 var (unbiased), 7 L2 norm, 8 prod (one dim
// or all), 9 all, 10 any. ndim == 0 reduces over every dimension. dtype < 0 keeps the input's type.
ABL_EXPORT TensorPtr abl_reduce(TensorPtr x, int op, const int64_t* d, int nd, int keepdim, int8_t dtype) {
  ABL_TRY
  auto dl = dims(d, nd);
  bool kd = keepdim != 0;
  c10::optional<at::ScalarType> dt = dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(abl::dtype_of(dtype));
  std::vector<int64_t> all_dims;
  if (nd == 0) {
    for (int64_t k = 0; k < x->dim(); ++k) all_dims.push_back(k);
  }
  at::IntArrayRef full = nd == 0 ? at::IntArrayRef(all_dims) : dl;
  switch (op) {
    case 0: return wrap(nd == 0 && !kd ? at::sum(*x, dt) : at::sum(*x, full, kd, dt));
    case 1: return wrap(nd == 0 && !kd ? at::mean(*x, dt) : at::mean(*x, full, kd, dt));
    case 2: return wrap(at::amax(*x, full, kd));
    case 3: return wrap(at::amin(*x, full, kd));
    case 4: return wrap(at::logsumexp(*x, full, kd));
    case 5: return wrap(at::std(*x, full, /*unbiased=*/true, kd));
    case 6: return wrap(at::var(*x, full, /*unbiased=*/true, kd));
    case 7: return wrap(at::linalg_vector_norm(*x, 2, full, kd, dt));
    case 8:
      if (nd == 0) return wrap(at::prod(*x, dt));
      TORCH_CHECK(nd == 1, "prod reduces over one dimension at a time");
      return wrap(at::prod(*x, d[0], kd, dt));
    case 9:
      if (nd == 0) return wrap(at::all(*x));
      TORCH_CHECK(nd == 1, "all reduces over one dimension at a time");
      return wrap(at::all(*x, d[0], kd));
    case 10:
      if (nd == 0) return wrap(at::any(*x));
      TORCH_CHECK(nd == 1, "any reduces over one dimension at a time");
      return wrap(at::any(*x, d[0], kd));
    default: TORCH_CHECK(false, "unknown reduction code ", op);
  }
  ABL_CATCH(nullptr)
}

// op: 0 max, 1 min, 2 sort (keepdim = descending), 3 topk (k given), 4 median. Writes values and indices.
ABL_EXPORT int abl_values_indices(TensorPtr x, int op, int64_t dim, int keepdim, int64_t k, int largest,
                                  TensorPtr* values, TensorPtr* indices) {
  ABL_TRY
  std::tuple<at::Tensor, at::Tensor> r;
  switch (op) {
    case 0: r = at::max(*x, dim, keepdim != 0); break;
    case 1: r = at::min(*x, dim, keepdim != 0); break;
    case 2: r = at::sort(*x, dim, /*descending=*/keepdim != 0); break;
    case 3: r = at::topk(*x, k, dim, largest != 0, /*sorted=*/true); break;
    case 4: r = at::median(*x, dim, keepdim != 0); break;
    default: TORCH_CHECK(false, "unknown values/indices op code ", op);
  }
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  return 0;
  ABL_CATCH(-1)
}

// op: 0 argmax, 1 argmin; has_dim == 0 means over the flattened tensor.
ABL_EXPORT TensorPtr abl_arg(TensorPtr x, int op, int has_dim, int64_t dim, int keepdim) {
  ABL_TRY
  c10::optional<int64_t> d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
  return wrap(op == 0 ? at::argmax(*x, d, keepdim != 0) : at::argmin(*x, d, keepdim != 0));
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_cumsum(TensorPtr x, int64_t dim, int8_t dtype) {
  ABL_TRY
  c10::optional<at::ScalarType> dt = dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(abl::dtype_of(dtype));
  return wrap(at::cumsum(*x, dim, dt));
  ABL_CATCH(nullptr)
}

// ---- shape ops ----

// op: 0 view, 1 reshape, 2 permute, 3 expand, 4 repeat, 5 flip.
ABL_EXPORT TensorPtr abl_shape_op(TensorPtr x, int op, const int64_t* s, int n) {
  ABL_TRY
  auto a = dims(s, n);
  switch (op) {
    case 0: return wrap(x->view(a));
    case 1: return wrap(x->reshape(a));
    case 2: return wrap(x->permute(a));
    case 3: return wrap(x->expand(a));
    case 4: return wrap(x->repeat(a));
    case 5: return wrap(at::flip(*x, a));
    default: TORCH_CHECK(false, "unknown shape op code ", op);
  }
  ABL_CATCH(nullptr)
}

// op: 0 transpose(a, b), 1 unsqueeze(a), 2 squeeze(a), 3 narrow(a=dim, b=start, c=length), 4 slice(a=dim, b=start,
// c=end, e=step), 5 select(a=dim, b=index), 6 tril(a=k), 7 triu(a=k), 8 flatten(a=start, b=end),
// 9 repeat_interleave(a=repeats, b=dim), 10 movedim(a, b), 11 softmax(a),
// 12 log_softmax(a).
ABL_EXPORT TensorPtr abl_dim_op(TensorPtr x, int op, int64_t a, int64_t b, int64_t c, int64_t e) {
  ABL_TRY
  switch (op) {
    case 0: return wrap(x->transpose(a, b));
    case 1: return wrap(x->unsqueeze(a));
    case 2: return wrap(x->squeeze(a));
    case 3: return wrap(x->narrow(a, b, c));
    case 4: return wrap(x->slice(a, b, c, e));
    case 5: return wrap(x->select(a, b));
    case 6: return wrap(x->tril(a));
    case 7: return wrap(x->triu(a));
    case 8: return wrap(x->flatten(a, b));
    case 9: return wrap(x->repeat_interleave(a, b));
    case 10: return wrap(x->movedim(a, b));
    case 11: return wrap(at::softmax(*x, a));
    case 12: return wrap(at::log_softmax(*x, a));
    default: TORCH_CHECK(false, "unknown dim op code ", op);
  }
  ABL_CATCH(nullptr)
}

// op: 0 index_select(dim, index), 1 gather(dim, index), 2 scatter(dim, index, src), 3 scatter_add(dim, index, src),
// 4 index_add(dim, index, src).
ABL_EXPORT TensorPtr abl_index_op(TensorPtr x, int op, int64_t dim, TensorPtr index, TensorPtr src) {
  ABL_TRY
  switch (op) {
    case 0: return wrap(at::index_select(*x, dim, *index));
    case 1: return wrap(at::gather(*x, dim, *index));
    case 2: return wrap(at::scatter(*x, dim, *index, *src));
    case 3: return wrap(at::scatter_add(*x, dim, *index, *src));
    case 4: return wrap(at::index_add(*x, dim, *index, *src));
    default: TORCH_CHECK(false, "unknown index op code ", op);
  }
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_scatter_value(TensorPtr x, int64_t dim, TensorPtr index, double value) {
  ABL_TENSOR(at::scatter(*x, dim, *index, at::Scalar(value)))
}

// x[mask] as a 1-D tensor.
ABL_EXPORT TensorPtr abl_masked_select(TensorPtr x, TensorPtr mask) { ABL_TENSOR(at::masked_select(*x, *mask)) }

ABL_EXPORT TensorPtr abl_cat(TensorPtr* ts, int n, int64_t dim) { ABL_TENSOR(at::cat(list_of(ts, n), dim)) }
ABL_EXPORT TensorPtr abl_stack(TensorPtr* ts, int n, int64_t dim) { ABL_TENSOR(at::stack(list_of(ts, n), dim)) }

// op: 0 split(size), 1 chunk(count), 2 unbind. Returns the number of parts (or -1) and a malloc'ed array.
ABL_EXPORT int64_t abl_split(TensorPtr x, int op, int64_t size, int64_t dim, TensorPtr** out) {
  ABL_TRY
  switch (op) {
    case 0: return export_list(x->split(size, dim), out);
    case 1: return export_list(x->chunk(size, dim), out);
    case 2: return export_list(x->unbind(dim), out);
    default: TORCH_CHECK(false, "unknown split op code ", op);
  }
  ABL_CATCH(-1)
}

ABL_EXPORT int64_t abl_split_sizes(TensorPtr x, const int64_t* sizes, int n, int64_t dim, TensorPtr** out) {
  ABL_TRY
  return export_list(x->split_with_sizes(dims(sizes, n), dim), out);
  ABL_CATCH(-1)
}

ABL_EXPORT TensorPtr abl_nonzero(TensorPtr x) { ABL_TENSOR(at::nonzero(*x)) }

// 1 when both tensors have the same shape and elements, 0 when not, -1 on error.
ABL_EXPORT int abl_equal(TensorPtr a, TensorPtr b) {
  ABL_TRY
  return at::equal(*a, *b) ? 1 : 0;
  ABL_CATCH(-1)
}
