// Tensor life cycle, metadata, creation, copies to and from managed memory, conversion and autograd.
#include "shim.h"

#include <cstring>

using abl::options;
using abl::wrap;

namespace {
at::IntArrayRef dims(const int64_t* shape, int ndim) { return at::IntArrayRef(shape, static_cast<size_t>(ndim)); }

c10::optional<at::Generator> gen_of(void* generator) {
  if (generator == nullptr) return c10::nullopt;
  return *static_cast<at::Generator*>(generator);
}
}  // namespace

// ---- life cycle and metadata ----

ABL_EXPORT void abl_free(TensorPtr t) { delete t; }

// A second handle to the same tensor (shares storage and autograd identity).
ABL_EXPORT TensorPtr abl_alias(TensorPtr t) { ABL_TENSOR(*t) }

ABL_EXPORT int abl_ndim(TensorPtr t) { return static_cast<int>(t->dim()); }

ABL_EXPORT int abl_shape(TensorPtr t, int64_t* out) {
  ABL_STATUS(auto s = t->sizes(); std::copy(s.begin(), s.end(), out))
}

ABL_EXPORT int64_t abl_numel(TensorPtr t) { return t->numel(); }
ABL_EXPORT int8_t abl_dtype(TensorPtr t) { return static_cast<int8_t>(t->scalar_type()); }
ABL_EXPORT int abl_device_type(TensorPtr t) { return static_cast<int>(t->device().type()); }
ABL_EXPORT int abl_device_index(TensorPtr t) { return static_cast<int>(t->device().index()); }
ABL_EXPORT int abl_is_contiguous(TensorPtr t) { return t->is_contiguous() ? 1 : 0; }

// ---- creation ----

// Copies nbytes of row-major data into a new CPU tensor, then moves it to the device.
ABL_EXPORT TensorPtr abl_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim, int8_t dtype,
                                   int device_type, int device_index) {
  ABL_TRY
  auto cpu = at::empty(dims(shape, ndim), at::TensorOptions().dtype(abl::dtype_of(dtype)));
  int64_t expected = cpu.numel() * static_cast<int64_t>(cpu.element_size());
  TORCH_CHECK(expected == nbytes, "data has ", nbytes, " bytes but shape ", cpu.sizes(), " of ", cpu.scalar_type(),
              " needs ", expected);
  if (nbytes > 0) std::memcpy(cpu.data_ptr(), data, static_cast<size_t>(nbytes));
  auto device = abl::device_of(device_type, device_index);
  return wrap(device.is_cpu() ? cpu : cpu.to(device));
  ABL_CATCH(nullptr)
}

// Copies the tensor's elements (row-major) into dst, which holds exactly numel * element_size bytes.
ABL_EXPORT int abl_copy_to(TensorPtr t, void* dst, int64_t nbytes) {
  ABL_TRY
  auto cpu = t->detach().to(at::kCPU).contiguous();
  int64_t have = cpu.numel() * static_cast<int64_t>(cpu.element_size());
  TORCH_CHECK(have == nbytes, "destination has ", nbytes, " bytes but the tensor has ", have);
  if (nbytes > 0) std::memcpy(dst, cpu.data_ptr(), static_cast<size_t>(nbytes));
  return 0;
  ABL_CATCH(-1)
}

ABL_EXPORT TensorPtr abl_empty(const int64_t* shape, int ndim, int8_t dtype, int dt, int di) {
  ABL_TENSOR(at::empty(dims(shape, ndim), options(dtype, dt, di)))
}

ABL_EXPORT TensorPtr abl_full(const int64_t* shape, int ndim, double d, int64_t i, int is_int, int8_t dtype, int dt,
                              int di) {
  ABL_TENSOR(at::full(dims(shape, ndim), abl::scalar_of(d, i, is_int), options(dtype, dt, di)))
}

ABL_EXPORT TensorPtr abl_arange(double start, double end, double step, int8_t dtype, int dt, int di) {
  ABL_TENSOR(at::arange(start, end, step, options(dtype, dt, di)))
}

ABL_EXPORT TensorPtr abl_linspace(double start, double end, int64_t steps, int8_t dtype, int dt, int di) {
  ABL_TENSOR(at::linspace(start, end, steps, options(dtype, dt, di)))
}

ABL_EXPORT TensorPtr abl_eye(int64_t n, int8_t dtype, int dt, int di) { ABL_TENSOR(at::eye(n, options(dtype, dt, di))) }

// Random tensors are drawn on the CPU from the given generator (or the default one) and then moved, so a
// seed gives the same numbers on every device.
ABL_EXPORT TensorPtr abl_randn(const int64_t* shape, int ndim, int8_t dtype, int dt, int di, void* gen) {
  ABL_TRY
  auto cpu = at::randn(dims(shape, ndim), gen_of(gen), at::TensorOptions().dtype(abl::dtype_of(dtype)));
  return wrap(cpu.to(abl::device_of(dt, di)));
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_rand(const int64_t* shape, int ndim, int8_t dtype, int dt, int di, void* gen) {
  ABL_TRY
  auto cpu = at::rand(dims(shape, ndim), gen_of(gen), at::TensorOptions().dtype(abl::dtype_of(dtype)));
  return wrap(cpu.to(abl::device_of(dt, di)));
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int8_t dtype, int dt,
                                 int di, void* gen) {
  ABL_TRY
  auto cpu = at::randint(low, high, dims(shape, ndim), gen_of(gen), at::TensorOptions().dtype(abl::dtype_of(dtype)));
  return wrap(cpu.to(abl::device_of(dt, di)));
  ABL_CATCH(nullptr)
}

ABL_EXPORT TensorPtr abl_randperm(int64_t n, int dt, int di, void* gen) {
  ABL_TRY
  auto cpu = at::randperm(n, gen_of(gen), at::TensorOptions().dtype(at::kLong));
  return wrap(cpu.to(abl::device_of(dt, di)));
  ABL_CATCH(nullptr)
}

// In-place random fills (parameter initialisation). kind: 0 uniform(a, b), 1 normal(mean a, std b),
// 2 bernoulli(p = a).
ABL_EXPORT int abl_random_(TensorPtr t, int kind, double a, double b, void* gen) {
  ABL_TRY
  at::NoGradGuard no_grad;
  // Draw on the CPU for device-independent numbers, then copy in.
  auto cpu = at::empty(t->sizes(), t->options().device(at::kCPU));
  switch (kind) {
    case 0: cpu.uniform_(a, b, gen_of(gen)); break;
    case 1: cpu.normal_(a, b, gen_of(gen)); break;
    case 2: cpu.bernoulli_(a, gen_of(gen)); break;
    default: TORCH_CHECK(false, "unknown random fill kind ", kind);
  }
  t->copy_(cpu);
  return 0;
  ABL_CATCH(-1)
}

// ---- conversion ----

ABL_EXPORT TensorPtr abl_to(TensorPtr t, int8_t dtype, int dt, int di, int copy) {
  ABL_TENSOR(t->to(abl::device_of(dt, di), abl::dtype_of(dtype), /*non_blocking=*/false, copy != 0))
}

ABL_EXPORT int abl_copy_(TensorPtr dst, TensorPtr src) { ABL_STATUS(dst->copy_(*src)) }

// Replaces dst's data in place with src's (used to move a parameter to another dtype/device while keeping
// its handle); requires_grad is kept.
ABL_EXPORT int abl_set_data(TensorPtr dst, TensorPtr src) { ABL_STATUS(dst->set_data(*src)) }

// ---- autograd ----

ABL_EXPORT int abl_requires_grad(TensorPtr t) { return t->requires_grad() ? 1 : 0; }
ABL_EXPORT int abl_is_leaf(TensorPtr t) { return t->is_leaf() ? 1 : 0; }
ABL_EXPORT int abl_set_requires_grad(TensorPtr t, int on) { ABL_STATUS(t->requires_grad_(on != 0)) }

// Writes the gradient handle to *out (null when the tensor has no gradient).
ABL_EXPORT int abl_grad(TensorPtr t, TensorPtr* out) {
  ABL_TRY
  const auto& g = t->grad();
  *out = g.defined() ? wrap(g) : nullptr;
  return 0;
  ABL_CATCH(-1)
}

// Sets the gradient (null clears it, like PyTorch's zero_grad(set_to_none=True)).
ABL_EXPORT int abl_set_grad(TensorPtr t, TensorPtr grad) {
  ABL_STATUS(t->mutable_grad() = grad == nullptr ? at::Tensor() : *grad)
}

ABL_EXPORT int abl_backward(TensorPtr t, TensorPtr grad, int retain_graph, int create_graph) {
  ABL_TRY
  c10::optional<bool> retain = retain_graph ? c10::optional<bool>(true) : c10::nullopt;
  t->backward(grad == nullptr ? at::Tensor() : *grad, retain, create_graph != 0);
  return 0;
  ABL_CATCH(-1)
}

ABL_EXPORT int abl_retain_grad(TensorPtr t) { ABL_STATUS(t->retain_grad()) }

ABL_EXPORT int abl_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
ABL_EXPORT void abl_set_grad_enabled(int on) { at::GradMode::set_enabled(on != 0); }
