// Common pieces of the C ABI: handle types, the last-error channel and the macro that turns every C++
// exception into an error return, so that no libtorch error can unwind into .NET and kill the process.
#pragma once

#include <ATen/ATen.h>
#include <cstdint>
#include <string>

#define ABL_EXPORT extern "C" __attribute__((visibility("default")))

// A tensor handle owned by the C# SafeHandle: a heap-allocated at::Tensor (a reference-counted pointer).
using TensorPtr = at::Tensor*;

namespace abl {

void set_error(const std::string& message);
void clear_error();

inline TensorPtr wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline at::ScalarType dtype_of(int8_t code) { return static_cast<at::ScalarType>(code); }

inline at::Device device_of(int device_type, int device_index) {
  return at::Device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
}

inline at::TensorOptions options(int8_t dtype, int device_type, int device_index) {
  return at::TensorOptions().dtype(dtype_of(dtype)).device(device_of(device_type, device_index));
}

// A scalar that crosses the boundary as (double, int64, is_integer) so that integers keep full precision.
inline at::Scalar scalar_of(double d, int64_t i, int is_int) { return is_int ? at::Scalar(i) : at::Scalar(d); }

}  // namespace abl

#define ABL_TRY try {
#define ABL_CATCH(failure)                                              \
  }                                                                     \
  catch (const c10::Error& e) {                                         \
    abl::set_error(e.what_without_backtrace());                         \
    return failure;                                                     \
  }                                                                     \
  catch (const std::exception& e) {                                     \
    abl::set_error(e.what());                                           \
    return failure;                                                     \
  }                                                                     \
  catch (...) {                                                         \
    abl::set_error("unknown C++ exception in the libtorch shim");       \
    return failure;                                                     \
  }

// Body helpers: a function returning a new tensor handle, or an int status (0 ok, -1 error).
#define ABL_TENSOR(expr) ABL_TRY return abl::wrap(expr); ABL_CATCH(nullptr)
#define ABL_STATUS(stmt) ABL_TRY stmt; return 0; ABL_CATCH(-1)
