#pragma once
// stories260K rewritten as a Gemma 2 / Gemma 3 GGUF: post norms, soft-capping
// (2) or Q/K norms and a local rope base (3), and a sliding window small
// enough to matter. Shared by the Gemma and sliding-window KV tests.
#include <QString>
#include <cmath>
#include <string>
#include <vector>

#include "common/transplant.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

namespace testsupport {

inline constexpr int64_t kWindow = 8;
inline constexpr float kAttnCap = 5.0f, kFinalCap = 8.0f;  // Gemma 2 only
// Gemma 3: global layers rotate with this base and linear scaling, local ones
// with 10000 unscaled (stories260K's 5 layers are all local: (l + 1) % 6 != 0).
inline constexpr double kGlobalBase = 1e6, kLocalBase = 10000.0, kGlobalScale = 8.0;

// What the reference does for each family.
struct Family {
    std::string arch;
    bool qkNorm;
    double attnCap, finalCap;
    int windowPattern;
};
inline const Family kGemma2{"gemma2", false, kAttnCap, kFinalCap, 2};
inline const Family kGemma3{"gemma3", true, 0.0, 0.0, 6};

struct GemmaFile {
    std::vector<std::vector<float>> storage;  // the added norm vectors
};

// stories260K as a gemma2 / gemma3 GGUF at `out`, its local layers `window` wide.
inline QString asGemma(const QString& source, const QString& out, GemmaFile& keep, const Family& family,
                int64_t window = kWindow)
{
    engine::ModelConfig config;
    auto file = testsupport::relabelled(source, family.arch, config);
    if (!file) return {};
    const std::string p = family.arch + ".";
    file->setMeta(p + "attention.sliding_window", engine::MetaValue::u32(uint32_t(window)));
    if (family.attnCap > 0.0) file->setMeta(p + "attn_logit_softcapping", engine::MetaValue::f32(float(family.attnCap)));
    if (family.finalCap > 0.0)
        file->setMeta(p + "final_logit_softcapping", engine::MetaValue::f32(float(family.finalCap)));
    if (family.qkNorm) {
        file->setMeta(p + "rope.freq_base", engine::MetaValue::f32(float(kGlobalBase)));
        file->setMeta(p + "rope.scaling.type", engine::MetaValue::string("linear"));
        file->setMeta(p + "rope.scaling.factor", engine::MetaValue::f32(float(kGlobalScale)));
    }
    for (int64_t l = 0; l < config.nLayers; ++l) {
        std::vector<std::pair<const char*, int64_t>> norms{{"post_attention_norm", config.dim}, {"post_ffw_norm", config.dim}};
        if (family.qkNorm) norms.insert(norms.end(), {{"attn_q_norm", config.headDim}, {"attn_k_norm", config.headDim}});
        for (const auto& [kind, n] : norms) {
            std::vector<float> w(static_cast<size_t>(n));
            for (size_t i = 0; i < w.size(); ++i) w[i] = 1.0f + 0.3f * std::sin(float(i + 7 * l) + float(kind[5]));
            keep.storage.push_back(std::move(w));
            engine::TensorInfo t;
            t.name = "blk." + std::to_string(l) + "." + kind + ".weight";
            t.type = kernels::DType::F32;
            t.shape = {uint64_t(n)};
            t.bytes = uint64_t(n) * sizeof(float);
            t.data = reinterpret_cast<const uint8_t*>(keep.storage.back().data());
            file->tensors.push_back(t);
        }
    }
    file->rebuildIndex();
    if (!engine::writeModelGguf(*file, out.toStdString())) return {};
    return out;
}

}  // namespace testsupport
