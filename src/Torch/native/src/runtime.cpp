// Process-wide settings: seeds, generators, threads (torch intra-op and OpenBLAS), devices, build info.
#include "shim.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <cstring>
#include <dlfcn.h>

// ---- generators ----

ABL_EXPORT void* abl_generator_new(uint64_t seed) {
  ABL_TRY
  return new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed));
  ABL_CATCH(nullptr)
}

ABL_EXPORT void abl_generator_free(void* g) { delete static_cast<at::Generator*>(g); }

ABL_EXPORT int abl_generator_seed(void* g, uint64_t seed) {
  ABL_TRY
  auto& gen = *static_cast<at::Generator*>(g);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_current_seed(seed);
  return 0;
  ABL_CATCH(-1)
}

// The generator's full state as a uint8 tensor (for resuming a data order or dropout stream exactly).
ABL_EXPORT TensorPtr abl_generator_get_state(void* g) {
  ABL_TRY
  auto& gen = *static_cast<at::Generator*>(g);
  std::lock_guard<std::mutex> lock(gen.mutex());
  return abl::wrap(gen.get_state());
  ABL_CATCH(nullptr)
}

ABL_EXPORT int abl_generator_set_state(void* g, TensorPtr state) {
  ABL_TRY
  auto& gen = *static_cast<at::Generator*>(g);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(*state);
  return 0;
  ABL_CATCH(-1)
}

// Seeds the default generators of every device (torch.manual_seed).
ABL_EXPORT int abl_manual_seed(uint64_t seed) { ABL_STATUS(torch::manual_seed(seed)) }

// ---- threads ----

ABL_EXPORT int abl_set_num_threads(int n) { ABL_STATUS(at::set_num_threads(n)) }
ABL_EXPORT int abl_get_num_threads() { return at::get_num_threads(); }

namespace {
using SetThreads = void (*)(int);
using GetThreads = int (*)();
// OpenBLAS is reached through libblas.so.3 (Debian's alternative); look its thread controls up at run time so
// the shim still loads with another BLAS.
void* blas_symbol(const char* name) {
  void* sym = dlsym(RTLD_DEFAULT, name);
  if (sym == nullptr) {
    void* lib = dlopen("libblas.so.3", RTLD_NOW | RTLD_NOLOAD);
    if (lib == nullptr) lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_NOLOAD);
    if (lib != nullptr) sym = dlsym(lib, name);
  }
  return sym;
}
}  // namespace

// Returns 0, or -1 when the BLAS in use is not OpenBLAS.
ABL_EXPORT int abl_openblas_set_num_threads(int n) {
  auto fn = reinterpret_cast<SetThreads>(blas_symbol("openblas_set_num_threads"));
  if (fn == nullptr) return -1;
  fn(n);
  return 0;
}

ABL_EXPORT int abl_openblas_get_num_threads() {
  auto fn = reinterpret_cast<GetThreads>(blas_symbol("openblas_get_num_threads"));
  return fn == nullptr ? -1 : fn();
}

// ---- devices and build ----

ABL_EXPORT int abl_cuda_is_available() { return torch::cuda::is_available() ? 1 : 0; }
ABL_EXPORT int abl_cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }

// Copies a description (kind 0: at::show_config(), 1: at::get_parallel_info(), 2: version) into buf; returns the
// full length (call again with a larger buffer if it did not fit).
ABL_EXPORT int64_t abl_info(int kind, char* buf, int64_t capacity) {
  ABL_TRY
  std::string text = kind == 0 ? at::show_config() : kind == 1 ? at::get_parallel_info() : std::string(TORCH_VERSION);
  if (capacity > 0) {
    auto n = std::min<int64_t>(capacity - 1, static_cast<int64_t>(text.size()));
    std::memcpy(buf, text.data(), static_cast<size_t>(n));
    buf[n] = '\0';
  }
  return static_cast<int64_t>(text.size());
  ABL_CATCH(-1)
}
