#include "engine/passes/calibration.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "engine/common/message_catalog.h"
#include "engine/model/llama_model.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/forwarding_ops.h"

namespace engine {

namespace {

namespace fs = std::filesystem;

// Forwards every op to `inner`; matmul also adds x[t][j]^2 into the column
// sums of the weight it multiplies. The model calls its ops one at a time, so
// the sums need no lock (a decorator instance serves one model at a time).
class RecordingOps final : public kernels::ForwardingOps {
public:
    using ForwardingOps::ForwardingOps;

    void matmul(const kernels::Tensor& w, const kernels::Tensor& x, const kernels::Tensor& y) const override
    {
        std::vector<double>& sums = m_sums[w.data];
        if (sums.empty()) sums.assign(static_cast<size_t>(w.cols), 0.0);
        for (int64_t t = 0; t < x.rows; ++t) {
            const float* row = x.f32() + t * w.cols;
            for (int64_t j = 0; j < w.cols; ++j) sums[static_cast<size_t>(j)] += double(row[j]) * double(row[j]);
        }
        inner().matmul(w, x, y);
    }

    std::unordered_map<const void*, std::vector<double>>& sums() const { return m_sums; }

private:
    mutable std::unordered_map<const void*, std::vector<double>> m_sums;
};

}  // namespace

std::vector<double> ActivationStats::columnNorms(const std::string& name) const
{
    const auto it = sumSquares.find(name);
    if (it == sumSquares.end()) return {};
    std::vector<double> out(it->second.size());
    for (size_t j = 0; j < out.size(); ++j) out[j] = std::sqrt(it->second[j]);
    return out;
}

Expected<ActivationStats> collectActivationStats(std::shared_ptr<const ModelFile> file,
                                                 std::span<const int32_t> tokens, const kernels::Ops& ops,
                                                 const CalibrationOptions& options)
{
    if (tokens.empty()) return makeError(ErrorCode::InvalidArgument, msg("calibration.no_tokens"));
    RecordingOps recorder(ops);
    auto created = LlamaModel::create(std::move(file), recorder);
    if (!created) return created.error();
    LlamaModel& model = **created;
    const int64_t total = std::min<int64_t>(static_cast<int64_t>(tokens.size()), std::max<int64_t>(options.maxTokens, 1));
    const int64_t window = std::min<int64_t>(total, model.config().contextLength);
    auto cache = model.makeCache(window);
    if (!cache) return cache.error();
    std::vector<float> logits(static_cast<size_t>(model.config().vocabSize));
    for (int64_t begin = 0; begin < total; begin += window) {
        const int64_t n = std::min(window, total - begin);
        ENGINE_TRY(model.forward(tokens.subspan(static_cast<size_t>(begin), static_cast<size_t>(n)), 0, *cache,
                                 logits.data(), LogitsMode::Last, options.cancel));
    }

    ActivationStats stats;
    stats.tokens = total;
    // Fused matrices (attn_qkv, gate | up) are multiplied as row views whose
    // sums are those of their parts; the passes that read these statistics
    // refuse fused architectures, so only plain matrices are recorded.
    model.weights().forEachTensor([&](const TensorSlot& slot, const kernels::Tensor& m) {
        if (!slot.matrix() || slot.role == TensorRole::QkvFused || slot.role == TensorRole::GateUpFused) return;
        const auto it = recorder.sums().find(m.data);
        if (it != recorder.sums().end()) stats.sumSquares[slot.name] = it->second;
    });
    return stats;
}

Expected<ActivationStats> calibrateOnText(std::shared_ptr<const ModelFile> file, const std::string& text,
                                          const kernels::Ops& ops, const CalibrationOptions& options)
{
    auto tokenizer = Tokenizer::fromModel(*file);
    if (!tokenizer) return tokenizer.error();
    const std::vector<int32_t> ids = (*tokenizer)->encode(text, true);
    if (ids.size() < 2)
        return makeError(ErrorCode::InvalidArgument, msg("calibration.too_few_tokens", {{"tokens", ids.size()}}));
    return collectActivationStats(std::move(file), ids, ops, options);
}

Expected<std::string> locateBundledEvalText(const std::string& name)
{
    std::vector<fs::path> bases;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (fs::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
            bases.push_back(dir);
            if (dir == dir.root_path() || bases.size() >= 6) break;
        }
    std::error_code cwdError;
    const fs::path cwd = fs::current_path(cwdError);
    if (!cwdError) bases.push_back(cwd);
    for (const fs::path& base : bases)
        for (const fs::path& sub : {fs::path("resources/eval"), fs::path("share/inferscope/eval")}) {
            const fs::path candidate = base / sub / name;
            std::error_code fileError;
            if (fs::is_regular_file(candidate, fileError)) return candidate.string();
        }
    return makeError(ErrorCode::NotFound,
                     msg("calibration.bundled_not_found",
                         {{"name", name},
                          ec ? MessageArg("folder", msg("calibration.the_executable"))
                             : MessageArg("folder", exe.parent_path().string())}));
}

Expected<std::string> readBundledEvalText(const std::string& name)
{
    auto path = locateBundledEvalText(name);
    if (!path) return path.error();
    return readTextFile(*path, "evaluation text", kMaxTextFileBytes);
}

}  // namespace engine
