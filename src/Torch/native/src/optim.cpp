// Optimizers: libtorch's own AdamW and SGD behind an opaque handle, plus gradient clipping and state
// (de)serialisation for resuming training.
#include "shim.h"

#include <torch/types.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <cstring>
#include <memory>
#include <sstream>
#include <vector>

namespace {
struct Optim {
  int kind;  // 0 AdamW, 1 SGD
  std::unique_ptr<torch::optim::Optimizer> impl;
};

std::vector<at::Tensor> list_of(TensorPtr* ts, int n) {
  std::vector<at::Tensor> v;
  for (int i = 0; i < n; ++i) v.push_back(*ts[i]);
  return v;
}

// Options for a new group: the optimizer's defaults with this group's learning rate and weight decay.
std::unique_ptr<torch::optim::OptimizerOptions> group_options(const Optim& o, double lr, double weight_decay) {
  auto opts = o.impl->defaults().clone();
  if (o.kind == 0) {
    auto& a = static_cast<torch::optim::AdamWOptions&>(*opts);
    a.lr(lr).weight_decay(weight_decay);
  } else {
    auto& s = static_cast<torch::optim::SGDOptions&>(*opts);
    s.lr(lr).weight_decay(weight_decay);
  }
  return opts;
}
}  // namespace

ABL_EXPORT void* abl_adamw_new(TensorPtr* params, int n, double lr, double beta1, double beta2, double eps,
                               double weight_decay, int amsgrad) {
  ABL_TRY
  auto options = torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(amsgrad != 0);
  return new Optim{0, std::make_unique<torch::optim::AdamW>(list_of(params, n), options)};
  ABL_CATCH(nullptr)
}

ABL_EXPORT void* abl_sgd_new(TensorPtr* params, int n, double lr, double momentum, double dampening,
                             double weight_decay, int nesterov) {
  ABL_TRY
  auto options = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(nesterov != 0);
  return new Optim{1, std::make_unique<torch::optim::SGD>(list_of(params, n), options)};
  ABL_CATCH(nullptr)
}

ABL_EXPORT void abl_optim_free(void* o) { delete static_cast<Optim*>(o); }

ABL_EXPORT int abl_optim_add_group(void* handle, TensorPtr* params, int n, double lr, double weight_decay) {
  ABL_TRY
  auto& o = *static_cast<Optim*>(handle);
  o.impl->add_param_group(torch::optim::OptimizerParamGroup(list_of(params, n), group_options(o, lr, weight_decay)));
  return 0;
  ABL_CATCH(-1)
}

ABL_EXPORT int abl_optim_group_count(void* handle) {
  return static_cast<int>(static_cast<Optim*>(handle)->impl->param_groups().size());
}

ABL_EXPORT int abl_optim_step(void* handle) {
  ABL_STATUS(static_cast<Optim*>(handle)->impl->step())
}

// Clears every parameter's gradient (set to none, as PyTorch 2 does by default).
ABL_EXPORT int abl_optim_zero_grad(void* handle) {
  ABL_TRY
  for (auto& group : static_cast<Optim*>(handle)->impl->param_groups())
    for (auto& p : group.params()) p.mutable_grad() = at::Tensor();
  return 0;
  ABL_CATCH(-1)
}

// group < 0 sets every group.
ABL_EXPORT int abl_optim_set_lr(void* handle, int group, double lr) {
  ABL_TRY
  auto& groups = static_cast<Optim*>(handle)->impl->param_groups();
  TORCH_CHECK(group < static_cast<int>(groups.size()), "optimizer has ", groups.size(), " parameter groups, not ", group + 1);
  for (size_t g = 0; g < groups.size(); ++g)
    if (group < 0 || static_cast<int>(g) == group) groups[g].options().set_lr(lr);
  return 0;
  ABL_CATCH(-1)
}

ABL_EXPORT double abl_optim_get_lr(void* handle, int group) {
  ABL_TRY
  auto& groups = static_cast<Optim*>(handle)->impl->param_groups();
  TORCH_CHECK(group >= 0 && group < static_cast<int>(groups.size()), "no parameter group ", group);
  return groups[static_cast<size_t>(group)].options().get_lr();
  ABL_CATCH(std::nan(""))
}

// Serialises the optimizer state (moments, step counts, options) into a malloc'ed buffer.
ABL_EXPORT int abl_optim_save(void* handle, uint8_t** out, int64_t* length) {
  ABL_TRY
  torch::serialize::OutputArchive archive;
  static_cast<Optim*>(handle)->impl->save(archive);
  std::ostringstream stream;
  archive.save_to(stream);
  auto bytes = stream.str();
  auto* buffer = static_cast<uint8_t*>(std::malloc(bytes.size() == 0 ? 1 : bytes.size()));
  if (buffer == nullptr) throw std::bad_alloc();
  std::memcpy(buffer, bytes.data(), bytes.size());
  *out = buffer;
  *length = static_cast<int64_t>(bytes.size());
  return 0;
  ABL_CATCH(-1)
}

ABL_EXPORT int abl_optim_load(void* handle, const uint8_t* data, int64_t length) {
  ABL_TRY
  torch::serialize::InputArchive archive;
  archive.load_from(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
  static_cast<Optim*>(handle)->impl->load(archive);
  return 0;
  ABL_CATCH(-1)
}

// Scales the gradients so that their global norm is at most max_norm; returns the norm before clipping.
ABL_EXPORT double abl_clip_grad_norm(TensorPtr* params, int n, double max_norm, double norm_type) {
  ABL_TRY
  return torch::nn::utils::clip_grad_norm_(list_of(params, n), max_norm, norm_type);
  ABL_CATCH(std::nan(""))
}
