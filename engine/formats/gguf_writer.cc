#include "engine/formats/gguf_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>

#include "engine/common/message_catalog.h"
#include "engine/common/output_file.h"

namespace engine {
namespace {

constexpr uint32_t kGgufVersion = 3;
constexpr size_t kBufferBytes = 4 << 20;
constexpr uint64_t kMaxDims = 4;

Error invalid(const std::string& message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

Error invalid(Message message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

// A failed write, flush or close of `tmpPath`, with errno's reason.
Error ioError(const std::string& tmpPath, MessageId what)
{
    const int err = errno;
    Message reason = systemErrorMessage(err);
    if (err == ENOSPC) reason = msg("gguf_writer.disk_full", {{"reason", std::move(reason)}});
    return makeError(ErrorCode::Io, msg(what, {{"path", tmpPath}, {"reason", std::move(reason)}}));
}

template <typename T>
bool fitsIn(uint64_t v)
{
    return v <= static_cast<uint64_t>(std::numeric_limits<T>::max());
}

template <typename T>
bool fitsIn(int64_t v)
{
    return v >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
           v <= static_cast<int64_t>(std::numeric_limits<T>::max());
}

// Checks that the variant alternative matches the declared type and that the
// value fits the stored width, recursively for arrays.
Status checkValue(const std::string& key, const MetaValue& v)
{
    const auto bad = [&](const std::string& what) {
        return invalid("metadata '" + key + "': " + what + " (type " + metaTypeName(v.type) + ")");
    };
    const auto* u = std::get_if<uint64_t>(&v.value);
    const auto* i = std::get_if<int64_t>(&v.value);
    switch (v.type) {
    case MetaType::U8: return u && fitsIn<uint8_t>(*u) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::U16: return u && fitsIn<uint16_t>(*u) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::U32: return u && fitsIn<uint32_t>(*u) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::U64: return u ? okStatus() : Status(bad("value is not unsigned"));
    case MetaType::I8: return i && fitsIn<int8_t>(*i) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::I16: return i && fitsIn<int16_t>(*i) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::I32: return i && fitsIn<int32_t>(*i) ? okStatus() : Status(bad("value missing or out of range"));
    case MetaType::I64: return i ? okStatus() : Status(bad("value is not signed"));
    case MetaType::F32:
    case MetaType::F64: return std::holds_alternative<double>(v.value) ? okStatus() : Status(bad("value is not a float"));
    case MetaType::Bool: return std::holds_alternative<bool>(v.value) ? okStatus() : Status(bad("value is not a bool"));
    case MetaType::String:
        return std::holds_alternative<std::string>(v.value) ? okStatus() : Status(bad("value is not a string"));
    case MetaType::Array: {
        const MetaArray* a = v.asArray();
        if (!a) return bad("value is not an array");
        for (size_t k = 0; k < a->items.size(); ++k) {
            if (a->items[k].type != a->elementType)
                return bad("array item " + std::to_string(k) + " is " + metaTypeName(a->items[k].type) +
                           ", not the element type " + metaTypeName(a->elementType));
            ENGINE_TRY(checkValue(key, a->items[k]));
        }
        return okStatus();
    }
    case MetaType::Count: break;
    }
    return bad("unknown type");
}

uint64_t alignUp(uint64_t v, uint64_t a)
{
    return (v + a - 1) / a * a;
}

}  // namespace

GgufWriter::GgufWriter(std::string path, uint64_t alignment)
    : m_path(std::move(path)), m_tmpPath(m_path + ".tmp"), m_alignment(alignment)
{
}

GgufWriter::~GgufWriter()
{
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_tmpPath.c_str());
    }
}

Status GgufWriter::fail(Error error)
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
        std::remove(m_tmpPath.c_str());
    }
    m_phase = Phase::Failed;
    m_error = error;
    return error;
}

Status GgufWriter::addMeta(std::string key, MetaValue value)
{
    if (m_phase != Phase::Declare) return invalid(m_path + ": metadata '" + key + "' added after writeHeader()");
    if (key.empty()) return invalid(msg("gguf_writer.empty_key", {{"path", m_path}}));
    for (const auto& [k, v] : m_meta)
        if (k == key) return invalid(msg("gguf_writer.duplicate_key", {{"path", m_path}, {"key", key}}));
    ENGINE_TRY(checkValue(key, value));
    m_meta.emplace_back(std::move(key), std::move(value));
    return okStatus();
}

Status GgufWriter::addTensor(std::string name, kernels::DType type, std::vector<uint64_t> shape)
{
    if (m_phase != Phase::Declare) return invalid(m_path + ": tensor '" + name + "' added after writeHeader()");
    for (const TensorInfo& t : m_tensors)
        if (t.name == name) return invalid(msg("gguf_writer.duplicate_tensor", {{"path", m_path}, {"name", name}}));
    if (shape.empty() || shape.size() > kMaxDims)
        return invalid(msg("gguf_writer.dimensions", {{"name", name}, {"dims", shape.size()}}));
    const auto traits = kernels::dtypeTraits(static_cast<uint32_t>(type));
    if (!traits) return invalid(msg("gguf_writer.unknown_type", {{"name", name}, {"type", uint32_t(type)}}));
    for (uint64_t d : shape)
        if (d == 0) return invalid(msg("gguf_writer.zero_dimension", {{"name", name}}));
    if (shape[0] % traits->blockSize != 0)
        return invalid(msg("gguf_writer.row_blocks", {{"name", name},
                                                      {"row", shape[0]},
                                                      {"type", std::string(traits->name)},
                                                      {"block", traits->blockSize}}));
    TensorInfo t;
    t.name = std::move(name);
    t.type = type;
    t.shape = std::move(shape);
    t.bytes = kernels::bytesFor(type, t.elements());
    t.fileOffset = m_dataBytes;  // relative to the data section, as stored in the file
    m_dataBytes = alignUp(m_dataBytes + t.bytes, m_alignment);
    m_tensors.push_back(std::move(t));
    return okStatus();
}

Status GgufWriter::writeRaw(const void* data, uint64_t bytes)
{
    if (bytes == 0) return okStatus();
    if (std::fwrite(data, 1, bytes, m_file) != bytes) return fail(ioError(m_tmpPath, "gguf_writer.write_failed"));
    m_written += bytes;
    return okStatus();
}

Status GgufWriter::writePadding()
{
    static const char kZeros[256] = {};
    const uint64_t pad = alignUp(m_written, m_alignment) - m_written;
    for (uint64_t left = pad; left > 0;) {
        const uint64_t n = left < sizeof(kZeros) ? left : sizeof(kZeros);
        ENGINE_TRY(writeRaw(kZeros, n));
        left -= n;
    }
    return okStatus();
}

Status GgufWriter::writeString(const std::string& s)
{
    const uint64_t n = s.size();
    ENGINE_TRY(writeRaw(&n, sizeof(n)));
    return writeRaw(s.data(), n);
}

Status GgufWriter::writeValue(const MetaValue& v)
{
    const auto u = [&] { return std::get<uint64_t>(v.value); };
    const auto i = [&] { return std::get<int64_t>(v.value); };
    const auto put = [&](auto x) { return writeRaw(&x, sizeof(x)); };
    switch (v.type) {
    case MetaType::U8: return put(static_cast<uint8_t>(u()));
    case MetaType::U16: return put(static_cast<uint16_t>(u()));
    case MetaType::U32: return put(static_cast<uint32_t>(u()));
    case MetaType::U64: return put(u());
    case MetaType::I8: return put(static_cast<int8_t>(i()));
    case MetaType::I16: return put(static_cast<int16_t>(i()));
    case MetaType::I32: return put(static_cast<int32_t>(i()));
    case MetaType::I64: return put(i());
    case MetaType::F32: return put(static_cast<float>(std::get<double>(v.value)));
    case MetaType::F64: return put(std::get<double>(v.value));
    case MetaType::Bool: return put(static_cast<uint8_t>(std::get<bool>(v.value) ? 1 : 0));
    case MetaType::String: return writeString(std::get<std::string>(v.value));
    case MetaType::Array: {
        const MetaArray& a = std::get<MetaArray>(v.value);
        ENGINE_TRY(put(static_cast<uint32_t>(a.elementType)));
        ENGINE_TRY(put(static_cast<uint64_t>(a.items.size())));
        for (const MetaValue& item : a.items) ENGINE_TRY(writeValue(item));
        return okStatus();
    }
    case MetaType::Count: break;
    }
    return makeError(ErrorCode::Internal, "unreachable metadata type");
}

Status GgufWriter::writeHeader()
{
    if (m_error) return *m_error;
    if (m_phase != Phase::Declare) return invalid(m_path + ": writeHeader() called twice");
    if (m_alignment == 0 || m_alignment % 8 != 0 || (m_alignment & (m_alignment - 1)) != 0)
        return invalid(msg("gguf_writer.alignment", {{"path", m_path}, {"alignment", m_alignment}}));
    if (m_alignment != 32) {
        bool declared = false;
        for (const auto& [k, v] : m_meta) declared |= k == "general.alignment";
        if (!declared) m_meta.emplace_back("general.alignment", MetaValue::u32(static_cast<uint32_t>(m_alignment)));
    }
    for (const auto& [k, v] : m_meta)
        if (k == "general.alignment" && v.asInt() != static_cast<int64_t>(m_alignment))
            return invalid(msg("gguf_writer.alignment_differs",
                               {{"path", m_path}, {"declared", v.toDisplayString()}, {"alignment", m_alignment}}));

    if (auto ok = checkOutputPath(m_path); !ok) return fail(ok.error());
    auto created = createTemporary(m_tmpPath);
    if (!created) return fail(created.error());
    m_file = *created;
    m_buffer.resize(kBufferBytes);
    std::setvbuf(m_file, m_buffer.data(), _IOFBF, m_buffer.size());
    m_phase = Phase::Data;

    ENGINE_TRY(writeRaw("GGUF", 4));
    const uint32_t version = kGgufVersion;
    const uint64_t tensorCount = m_tensors.size(), kvCount = m_meta.size();
    ENGINE_TRY(writeRaw(&version, sizeof(version)));
    ENGINE_TRY(writeRaw(&tensorCount, sizeof(tensorCount)));
    ENGINE_TRY(writeRaw(&kvCount, sizeof(kvCount)));
    for (const auto& [key, value] : m_meta) {
        ENGINE_TRY(writeString(key));
        const uint32_t type = static_cast<uint32_t>(value.type);
        ENGINE_TRY(writeRaw(&type, sizeof(type)));
        ENGINE_TRY(writeValue(value));
    }
    for (const TensorInfo& t : m_tensors) {
        ENGINE_TRY(writeString(t.name));
        const uint32_t nDims = static_cast<uint32_t>(t.shape.size());
        ENGINE_TRY(writeRaw(&nDims, sizeof(nDims)));
        ENGINE_TRY(writeRaw(t.shape.data(), t.shape.size() * sizeof(uint64_t)));
        const uint32_t type = static_cast<uint32_t>(t.type);
        ENGINE_TRY(writeRaw(&type, sizeof(type)));
        ENGINE_TRY(writeRaw(&t.fileOffset, sizeof(t.fileOffset)));
    }
    return writePadding();
}

Status GgufWriter::appendTensorData(const void* data, uint64_t bytes)
{
    if (m_error) return *m_error;
    if (m_phase != Phase::Data) return invalid(m_path + ": tensor data written before writeHeader() or after finish()");
    const auto* p = static_cast<const uint8_t*>(data);
    while (bytes > 0) {
        if (m_current >= m_tensors.size())
            return fail(invalid(m_path + ": " + std::to_string(bytes) + " bytes of tensor data beyond the last tensor"));
        const TensorInfo& t = m_tensors[m_current];
        const uint64_t n = std::min(bytes, t.bytes - m_currentDone);
        ENGINE_TRY(writeRaw(p, n));
        p += n;
        bytes -= n;
        m_currentDone += n;
        if (m_currentDone == t.bytes) {
            ENGINE_TRY(writePadding());
            ++m_current;
            m_currentDone = 0;
        }
    }
    return okStatus();
}

Status GgufWriter::writeTensorData(const std::string& name, const void* data, uint64_t bytes)
{
    if (m_error) return *m_error;
    if (m_current >= m_tensors.size()) return invalid(m_path + ": tensor '" + name + "' written after the last tensor");
    const TensorInfo& t = m_tensors[m_current];
    if (t.name != name || m_currentDone != 0)
        return invalid(m_path + ": tensor '" + name + "' written out of order (next is '" + t.name + "')");
    if (bytes != t.bytes)
        return invalid(m_path + ": tensor '" + name + "' needs " + std::to_string(t.bytes) + " bytes, got " +
                       std::to_string(bytes));
    return appendTensorData(data, bytes);
}

Status GgufWriter::writeTensors(const Producer& produce)
{
    while (!m_error && m_phase == Phase::Data && m_current < m_tensors.size()) {
        const size_t index = m_current;
        auto status = produce(m_tensors[index]);
        if (!status) return m_error ? *m_error : fail(status.error());
        if (m_current == index)
            return fail(invalid(m_path + ": producer wrote " + std::to_string(m_currentDone) + " of " +
                                std::to_string(m_tensors[index].bytes) + " bytes of tensor '" +
                                m_tensors[index].name + "'"));
    }
    return m_error ? Status(*m_error) : okStatus();
}

Status GgufWriter::finish()
{
    if (m_error) return *m_error;
    if (m_phase == Phase::Declare) ENGINE_TRY(writeHeader());
    if (m_phase != Phase::Data) return invalid(m_path + ": finish() called twice");
    if (m_current < m_tensors.size())
        return fail(invalid(m_path + ": tensor '" + m_tensors[m_current].name + "' has " +
                            std::to_string(m_currentDone) + " of " + std::to_string(m_tensors[m_current].bytes) +
                            " bytes written; " + std::to_string(m_tensors.size() - m_current) +
                            " tensor(s) incomplete"));
    if (std::fflush(m_file) != 0) return fail(ioError(m_tmpPath, "gguf_writer.flush_failed"));
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0) {
        std::remove(m_tmpPath.c_str());
        return fail(ioError(m_tmpPath, "gguf_writer.close_failed"));
    }
    if (std::rename(m_tmpPath.c_str(), m_path.c_str()) != 0) {
        const Error e = makeError(ErrorCode::Io, msg("gguf_writer.cannot_rename",
                                                     {{"path", m_path},
                                                      {"temporary", m_tmpPath},
                                                      {"reason", systemErrorMessage(errno)}}));
        std::remove(m_tmpPath.c_str());
        return fail(e);
    }
    m_phase = Phase::Done;
    return okStatus();
}

}  // namespace engine
