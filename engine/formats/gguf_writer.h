#pragma once
// Streaming GGUF v3 writer. Metadata and tensor infos are declared first, the
// header is written once, then tensor data is streamed tensor by tensor (in
// chunks, if the caller wants), so even an 8B-parameter model is never held in
// memory. The file is written to "<path>.tmp" and renamed over <path> only by a
// successful finish(); a writer destroyed before that removes the temporary.
//
//   GgufWriter w(path);
//   w.addMeta("general.architecture", MetaValue::string("llama"));
//   w.addTensor("token_embd.weight", DType::Q8_0, {dim, vocab});
//   w.writeHeader();
//   w.writeTensorData("token_embd.weight", bytes, n);   // or appendTensorData(...) in pieces
//   w.finish();
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/formats/model_file.h"
#include "kernels/api/dtype.h"

namespace engine {

class GgufWriter {
public:
    explicit GgufWriter(std::string path, uint64_t alignment = 32);
    ~GgufWriter();
    GgufWriter(const GgufWriter&) = delete;
    GgufWriter& operator=(const GgufWriter&) = delete;

    // Declaration phase (before writeHeader). Keys and names must be unique;
    // shapes are in ggml order (shape[0] is the row length).
    Status addMeta(std::string key, MetaValue value);
    Status addTensor(std::string name, kernels::DType type, std::vector<uint64_t> shape);

    // Writes header, metadata, tensor infos and the padding before the data.
    Status writeHeader();

    // Data phase: tensors are written in declaration order. appendTensorData
    // adds bytes to the current tensor and moves to the next one when it is
    // complete; writeTensorData writes one whole tensor and checks its name.
    Status appendTensorData(const void* data, uint64_t bytes);
    Status writeTensorData(const std::string& name, const void* data, uint64_t bytes);

    // Calls `produce` once for every tensor still to be written, in order; it
    // must appendTensorData exactly that tensor's bytes (in any number of pieces).
    using Producer = std::function<Status(const TensorInfo& tensor)>;
    Status writeTensors(const Producer& produce);

    // Checks every tensor was written, flushes, closes and renames into place.
    Status finish();

    const std::vector<TensorInfo>& tensors() const { return m_tensors; }  // fileOffset: relative to the data section
    const std::string& path() const { return m_path; }
    uint64_t bytesWritten() const { return m_written; }

private:
    Status writeRaw(const void* data, uint64_t bytes);
    Status writePadding();
    Status writeString(const std::string& s);
    Status writeValue(const MetaValue& v);
    Status fail(Error error);  // closes and removes the temporary, remembers the error

    std::string m_path;
    std::string m_tmpPath;
    uint64_t m_alignment;
    std::vector<std::pair<std::string, MetaValue>> m_meta;
    std::vector<TensorInfo> m_tensors;
    uint64_t m_dataBytes = 0;  // size of the data section

    enum class Phase { Declare, Data, Done, Failed, Count };
    Phase m_phase = Phase::Declare;
    std::FILE* m_file = nullptr;
    uint64_t m_written = 0;
    size_t m_current = 0;          // tensor being written
    uint64_t m_currentDone = 0;    // bytes of it written so far
    std::vector<char> m_buffer;    // stdio buffer
    std::optional<Error> m_error;  // first failure: every later call repeats it
};

}  // namespace engine
