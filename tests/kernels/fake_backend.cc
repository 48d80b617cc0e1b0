// A stand-in backend module for tst_module_loader: built three times
// (FAKE_BACKEND_MODE), it exercises the loader's paths without a GPU:
//   1  a good module whose probe registers one device
//   2  a module of another build (its ABI stamp differs)
//   3  a shared object without the entry symbol
#include <string>

#include "kernels/api/backend_module.h"

#if FAKE_BACKEND_MODE != 3
namespace {

class FakeDevice final : public kernels::Device {
public:
    std::string name() const override { return "Fake accelerator"; }
    kernels::DeviceKind kind() const override { return kernels::DeviceKind::Cuda; }
    int index() const override { return 0; }
    kernels::MemoryInfo memory() const override { return {1ull << 30, 1ull << 29}; }
    std::vector<kernels::Property> properties() const override { return {{"made by", "the loader test"}}; }
    kernels::Reasons supports(const kernels::OpDesc&) const override
    {
        return kernels::because("The fake accelerator runs nothing.");
    }
    std::unique_ptr<kernels::Stream> createStream() override { return nullptr; }
    std::unique_ptr<kernels::Event> createEvent() override { return nullptr; }
    double measureBandwidthGBs(int) override { return 0.0; }
    std::unique_ptr<kernels::Buffer> allocate(size_t, kernels::Reasons& why) override
    {
        why = kernels::because("The fake accelerator has no memory to give.");
        return nullptr;
    }
    std::unique_ptr<kernels::Ops> createOps(int, kernels::Reasons& why) override
    {
        why = kernels::because("The fake accelerator has no ops.");
        return nullptr;
    }
};

const char* stamp()
{
#if FAKE_BACKEND_MODE == 2
    return "interface 0, an older build";
#else
    static const std::string s = kernels::backendAbiStamp();
    return s.c_str();
#endif
}

kernels::BackendProbe probe()
{
    kernels::BackendProbe p;
    p.devices.push_back(std::make_unique<FakeDevice>());
    p.status.available = true;
    p.status.versions = "fake 1.0";
    return p;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const kernels::BackendModule* inferscope_backend_module()
{
    static const kernels::BackendModule module{stamp, probe};
    return &module;
}
#else
extern "C" __attribute__((visibility("default"))) int inferscope_not_a_backend()
{
    return 0;
}
#endif
