// The last-error channel: one message per thread, read by the C# side right after a failed call.
#include "shim.h"

namespace {
thread_local std::string last_error;
}

namespace abl {
void set_error(const std::string& message) { last_error = message; }
void clear_error() { last_error.clear(); }
}  // namespace abl

// The message of the last failed call on this thread (empty if none). Valid until the next failing call.
ABL_EXPORT const char* abl_last_error() { return last_error.c_str(); }

ABL_EXPORT void abl_clear_error() { last_error.clear(); }

// Frees a buffer that the shim allocated with malloc (serialised optimizer state, tensor lists).
ABL_EXPORT void abl_free_buffer(void* buffer) { std::free(buffer); }
