#pragma once
// The catalog of the engine's messages: every id with its English template.
// "{name}" in a template is replaced by the argument of that name. Ids are
// stable (the app keys its translations by them; rename one only together with
// the translations); an id used in the code but missing here does not compile.
//
// ENGINE_MESSAGE marks each template for Qt's lupdate, which reads this file
// (as the QT_TRANSLATE_NOOP alias of the app's translation build) so the app
// translates the very texts the engine writes; the engine itself never sees Qt.
//
// The framework exports' messages live in message_catalog_export.h; the two
// lists are joined into kMessageCatalog below.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "engine/common/message.h"
#include "engine/common/message_catalog_export.h"
#include "engine/common/message_template.h"

namespace engine {

// clang-format off
inline constexpr MessageTemplate kCoreMessageCatalog[] = {
    // ---- wrappers: context around another message ({cause})
    {"context.in_file", ENGINE_MESSAGE("EngineMessage", "{path}: {cause}")},
    {"context.at_path", ENGINE_MESSAGE("EngineMessage", "{path}: {cause}")},
    {"context.list", ENGINE_MESSAGE("EngineMessage", "{items}")},
    {"context.and_more", ENGINE_MESSAGE("EngineMessage", "and {count} more")},
    {"context.comma_pair", ENGINE_MESSAGE("EngineMessage", "{first}, {second}")},
    {"context.sentence", ENGINE_MESSAGE("EngineMessage", "{text}.")},

    // ---- JSON value kinds
    {"json.null", ENGINE_MESSAGE("EngineMessage", "null")},
    {"json.boolean", ENGINE_MESSAGE("EngineMessage", "boolean")},
    {"json.string", ENGINE_MESSAGE("EngineMessage", "string")},
    {"json.array", ENGINE_MESSAGE("EngineMessage", "array")},
    {"json.object", ENGINE_MESSAGE("EngineMessage", "object")},
    {"json.number", ENGINE_MESSAGE("EngineMessage", "number")},
    {"json.unknown", ENGINE_MESSAGE("EngineMessage", "unknown")},
    {"json.an_integer", ENGINE_MESSAGE("EngineMessage", "an integer")},
    {"json.a_number", ENGINE_MESSAGE("EngineMessage", "a number")},
    {"json.a_boolean", ENGINE_MESSAGE("EngineMessage", "a boolean")},
    {"json.a_string", ENGINE_MESSAGE("EngineMessage", "a string")},
    {"json.an_array", ENGINE_MESSAGE("EngineMessage", "an array")},
    {"json.an_object", ENGINE_MESSAGE("EngineMessage", "an object")},

    // ---- profile fields (engine/config/profile_validator.cc)
    {"profile.too_many_problems", ENGINE_MESSAGE("EngineMessage", "more than {count} problems; the rest are not listed")},
    {"profile.expected_type", ENGINE_MESSAGE("EngineMessage", "expected {expected}, got {actual}")},
    {"profile.expected_integer", ENGINE_MESSAGE("EngineMessage", "expected an integer, got {value}")},
    {"profile.missing_key", ENGINE_MESSAGE("EngineMessage", "missing key {key}")},
    {"profile.unknown_key", ENGINE_MESSAGE("EngineMessage", "unknown key {key}")},
    {"profile.duplicate_key", ENGINE_MESSAGE("EngineMessage", "duplicate key {key}")},
    {"profile.empty_pattern", ENGINE_MESSAGE("EngineMessage", "a pattern must not be empty")},
    {"profile.not_one_of", ENGINE_MESSAGE("EngineMessage", "{value} is not one of {choices}")},
    {"profile.at_least", ENGINE_MESSAGE("EngineMessage", "{value} must be >= {min}")},
    {"profile.above", ENGINE_MESSAGE("EngineMessage", "{value} must be > {min}")},
    {"profile.out_of_range", ENGINE_MESSAGE("EngineMessage", "{value} is out of range {range}")},
    {"profile.schema_missing", ENGINE_MESSAGE("EngineMessage", "missing (expected {expected})")},
    {"profile.schema_unsupported", ENGINE_MESSAGE("EngineMessage", "{schema} is not supported (expected {expected})")},
    {"profile.not_an_object", ENGINE_MESSAGE("EngineMessage", "expected a JSON object, got {actual}")},
    {"profile.malformed_json", ENGINE_MESSAGE("EngineMessage", "malformed JSON: {detail}")},

    // ---- profile rules: combinations of keys (engine/config/profile_rules.cc)
    {"rule.setting_unset", ENGINE_MESSAGE("EngineMessage", "{key} is not set")},
    {"rule.setting_is", ENGINE_MESSAGE("EngineMessage", "{key} is \"{value}\"")},
    {"rule.value", ENGINE_MESSAGE("EngineMessage", "{value}")},
    {"rule.value_by_default", ENGINE_MESSAGE("EngineMessage", "{value} by default")},
    {"rule.only_quantized", ENGINE_MESSAGE("EngineMessage", "only used by int8 and int4 weights (dtype is \"{dtype}\")")},
    {"rule.pattern_repeated", ENGINE_MESSAGE("EngineMessage", "pattern \"{pattern}\" already appears at overrides[{first}]; only the first match applies")},
    {"rule.ratio_with_nm", ENGINE_MESSAGE("EngineMessage", "cannot be combined with pruning.method \"nm\": N:M pruning removes exactly 1 - n/m of the weights ({fraction} for {n}:{m})")},
    {"rule.m_not_above_n", ENGINE_MESSAGE("EngineMessage", "must be greater than pruning.n (n = {n}, m = {m})")},
    {"rule.only_nm", ENGINE_MESSAGE("EngineMessage", "only used when pruning.method is \"nm\" ({setting})")},
    {"rule.ratio_required", ENGINE_MESSAGE("EngineMessage", "required when pruning.method is \"{method}\"")},
    {"rule.no_effect", ENGINE_MESSAGE("EngineMessage", "has no effect: {setting}")},
    {"rule.only_paged", ENGINE_MESSAGE("EngineMessage", "only used when kv_cache.mode is \"paged\" ({setting})")},
    {"rule.no_cache_when_off", ENGINE_MESSAGE("EngineMessage", "has no effect: no cache is kept when kv_cache.mode is \"off\"")},
    {"rule.capacity_not_block_multiple", ENGINE_MESSAGE("EngineMessage", "{capacity} is not a multiple of the block size {block}; the cache holds {blocks} blocks ({tokens} tokens)")},
    {"rule.batch_below_sequences", ENGINE_MESSAGE("EngineMessage", "{batch} tokens per step cannot advance all {sequences} running sequences (batching.max_sequences) at once")},
    {"rule.sequences_above_capacity", ENGINE_MESSAGE("EngineMessage", "{sequences} sequences cannot all hold a token in a cache of {capacity} tokens (kv_cache.capacity_tokens)")},
    {"rule.cpus_with_gpus", ENGINE_MESSAGE("EngineMessage", "{cpus} virtual CPU devices cannot be combined with the {gpus} GPUs in devices.gpus in one split")},
    {"rule.tensor_needs_two_gpus", ENGINE_MESSAGE("EngineMessage", "tensor parallel needs at least 2 GPUs in devices.gpus, got {gpus}")},
    {"rule.tensor_needs_devices", ENGINE_MESSAGE("EngineMessage", "tensor parallel on the CPU needs devices.virtual_cpus of 2 or more (or at least 2 GPUs in devices.gpus), got {cpus} device")},
    {"rule.pipeline_needs_devices", ENGINE_MESSAGE("EngineMessage", "pipeline on the CPU needs devices.virtual_cpus of 2 or more (or at least 1 GPU in devices.gpus), got {cpus} device")},
    {"rule.cpus_need_split", ENGINE_MESSAGE("EngineMessage", "{cpus} virtual CPU devices need devices.split \"pipeline\" or \"tensor\" (split is \"none\")")},
    {"rule.layer_weights_pipeline_only", ENGINE_MESSAGE("EngineMessage", "only the pipeline split uses layer shares")},
    {"rule.layer_weights_count", ENGINE_MESSAGE("EngineMessage", "has {entries} entries for {devices} devices")},
    {"rule.gpu_twice", ENGINE_MESSAGE("EngineMessage", "GPU {gpu} is listed twice")},
    {"rule.offload_needs_gpu", ENGINE_MESSAGE("EngineMessage", "has no effect without a GPU in devices.gpus")},
    {"rule.offload_own_split", ENGINE_MESSAGE("EngineMessage", "is its own split (the first layers on one GPU, the rest on the CPU); it takes one GPU in devices.gpus and devices.split \"none\"")},
    {"rule.gpus_without_split", ENGINE_MESSAGE("EngineMessage", "{gpus} GPUs listed but devices.split is \"none\": only GPU {first} is used")},
    {"rule.greedy_no_effect", ENGINE_MESSAGE("EngineMessage", "has no effect with temperature 0 (greedy decoding)")},

    // ---- device split (engine/split/placement.cc)
    {"split.pipeline_too_few_layers", ENGINE_MESSAGE("EngineMessage", "pipeline over {devices} devices needs at least one layer per stage, but the model has {layers} layers")},
    {"split.layer_weights_count", ENGINE_MESSAGE("EngineMessage", "devices.layer_weights has {entries} entries for {devices} devices")},
    {"split.kv_heads_indivisible", ENGINE_MESSAGE("EngineMessage", "tensor parallel over {devices} devices splits the kv heads, but the model's {kv_heads} kv heads do not divide by {devices}")},
    {"split.heads_indivisible", ENGINE_MESSAGE("EngineMessage", "tensor parallel over {devices} devices splits the query heads, but the model's {heads} heads do not divide by {devices}")},
    {"split.vocab_too_small", ENGINE_MESSAGE("EngineMessage", "tensor parallel over {devices} devices needs at least one vocabulary row per device, the model has {vocab}")},
    {"split.attn_output_blocks", ENGINE_MESSAGE("EngineMessage", "tensor parallel over {devices} devices gives each device {columns} of attn_output's {total} columns, which is not a multiple of its storage block of {block}")},
    {"split.ffn_down_blocks", ENGINE_MESSAGE("EngineMessage", "tensor parallel over {devices} devices cannot cut ffn_down's {columns} columns into whole storage blocks of {block} for every device")},
    {"split.no_devices", ENGINE_MESSAGE("EngineMessage", "devices.virtual_cpus must be at least 1, got {devices}")},
    {"split.needs_two_devices", ENGINE_MESSAGE("EngineMessage", "{mode} split needs at least 2 devices; set devices.virtual_cpus to 2 or more")},
    {"split.devices_without_split", ENGINE_MESSAGE("EngineMessage", "devices.virtual_cpus is {devices} but devices.split is \"none\": choose pipeline or tensor")},
    {"split.share_tensor", ENGINE_MESSAGE("EngineMessage", "heads {heads}, kv heads {kv_heads}, ffn {ffn}, vocab {vocab}")},
    {"split.share_layers", ENGINE_MESSAGE("EngineMessage", "layers {layers}")},

    // ---- GGUF files (engine/formats/gguf_reader.cc); "part" names what was being read
    {"gguf.at_offset", ENGINE_MESSAGE("EngineMessage", "{path}: {what} (at byte offset {offset})")},
    {"gguf.truncated", ENGINE_MESSAGE("EngineMessage", "{path}: file truncated while reading {what} at byte offset {offset} (file is {size} bytes)")},
    {"gguf.part.length_of", ENGINE_MESSAGE("EngineMessage", "{what} length")},
    {"gguf.part.magic", ENGINE_MESSAGE("EngineMessage", "magic")},
    {"gguf.part.version", ENGINE_MESSAGE("EngineMessage", "version")},
    {"gguf.part.tensor_count", ENGINE_MESSAGE("EngineMessage", "tensor count")},
    {"gguf.part.metadata_count", ENGINE_MESSAGE("EngineMessage", "metadata count")},
    {"gguf.part.metadata_key", ENGINE_MESSAGE("EngineMessage", "metadata key #{index}")},
    {"gguf.part.type_of", ENGINE_MESSAGE("EngineMessage", "type of '{key}'")},
    {"gguf.part.array_type_of", ENGINE_MESSAGE("EngineMessage", "array element type of '{key}'")},
    {"gguf.part.array_length_of", ENGINE_MESSAGE("EngineMessage", "array length of '{key}'")},
    {"gguf.part.value_of", ENGINE_MESSAGE("EngineMessage", "value of '{key}'")},
    {"gguf.part.string_value_of", ENGINE_MESSAGE("EngineMessage", "string value of '{key}'")},
    {"gguf.part.tensor_name", ENGINE_MESSAGE("EngineMessage", "name of tensor #{index}")},
    {"gguf.part.dimension_count", ENGINE_MESSAGE("EngineMessage", "dimension count of tensor '{name}'")},
    {"gguf.part.dimensions", ENGINE_MESSAGE("EngineMessage", "dimensions of tensor '{name}'")},
    {"gguf.part.tensor_type", ENGINE_MESSAGE("EngineMessage", "type of tensor '{name}'")},
    {"gguf.part.data_offset", ENGINE_MESSAGE("EngineMessage", "data offset of tensor '{name}'")},
    {"gguf.part.padding", ENGINE_MESSAGE("EngineMessage", "padding before the tensor data section")},
    {"gguf.string_too_long", ENGINE_MESSAGE("EngineMessage", "{what}: string length {length} runs past the end of the file")},
    {"gguf.nested_too_deeply", ENGINE_MESSAGE("EngineMessage", "metadata '{key}': arrays nested too deeply")},
    {"gguf.unknown_array_type", ENGINE_MESSAGE("EngineMessage", "metadata '{key}': unknown array element type {type}")},
    {"gguf.array_too_long", ENGINE_MESSAGE("EngineMessage", "metadata '{key}': array length {count} cannot fit in the remaining {bytes} bytes")},
    {"gguf.bad_bool", ENGINE_MESSAGE("EngineMessage", "metadata '{key}': bool value {value} is not 0 or 1")},
    {"gguf.bad_magic", ENGINE_MESSAGE("EngineMessage", "bad magic: not a GGUF file")},
    {"gguf.version_1", ENGINE_MESSAGE("EngineMessage", "{path}: GGUF version 1 is not supported (only versions 2 and 3); re-convert the model")},
    {"gguf.unknown_version", ENGINE_MESSAGE("EngineMessage", "{path}: unknown GGUF version {version} (supported: 2 and 3)")},
    {"gguf.metadata_count_too_large", ENGINE_MESSAGE("EngineMessage", "metadata count {count} cannot fit in the remaining {bytes} bytes (truncated or corrupt file)")},
    {"gguf.tensor_count_too_large", ENGINE_MESSAGE("EngineMessage", "tensor count {count} cannot fit in the remaining {bytes} bytes (truncated or corrupt file)")},
    {"gguf.duplicate_key", ENGINE_MESSAGE("EngineMessage", "duplicate metadata key '{key}'")},
    {"gguf.unknown_value_type", ENGINE_MESSAGE("EngineMessage", "metadata '{key}': unknown value type {type}")},
    {"gguf.zero_dimension", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' has a zero dimension")},
    {"gguf.dimensions_overflow", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' dimensions overflow")},
    {"gguf.row_not_blocks", ENGINE_MESSAGE("EngineMessage", "tensor '{name}': row length {length} is not a multiple of the {type} block size {block}")},
    {"gguf.tensor_too_large", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' is too large")},
    {"gguf.bad_dimension_count", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' has {dims} dimensions (1 to 4 allowed)")},
    {"gguf.unknown_tensor_type", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' has unknown or unsupported type id {type} (at byte offset {offset})")},
    {"gguf.bad_alignment", ENGINE_MESSAGE("EngineMessage", "{path}: general.alignment must be a positive power of two, got {value}")},
    {"gguf.unaligned_tensor", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' data offset {offset} is not aligned to {alignment}")},
    {"gguf.tensor_past_end", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' data [{start}, {end}) runs past the end of the file ({size} bytes)")},
    {"gguf.tensors_overlap", ENGINE_MESSAGE("EngineMessage", "{path}: tensors '{first}' and '{second}' overlap in the data section")},
    {"gguf.duplicate_tensor", ENGINE_MESSAGE("EngineMessage", "duplicate tensor name '{name}'")},

    // ---- llama2.c checkpoints and tokenizers (engine/formats/llama2c_reader.cc)
    {"llama2c.bad_header", ENGINE_MESSAGE("EngineMessage", "invalid llama2.c header: {cause}")},
    {"llama2c.not_positive", ENGINE_MESSAGE("EngineMessage", "{field} {value} must be positive")},
    {"llama2c.zero_vocab", ENGINE_MESSAGE("EngineMessage", "vocab_size is 0")},
    {"llama2c.too_large", ENGINE_MESSAGE("EngineMessage", "dimensions beyond the supported range (dim <= {dim}, n_layers <= {layers}, |vocab_size| <= {vocab})")},
    {"llama2c.dim_not_heads", ENGINE_MESSAGE("EngineMessage", "dim {dim} is not divisible by n_heads {heads}")},
    {"llama2c.heads_not_kv", ENGINE_MESSAGE("EngineMessage", "n_heads {heads} is not a multiple of n_kv_heads {kv_heads}")},
    {"llama2c.odd_head", ENGINE_MESSAGE("EngineMessage", "head size {size} is odd (RoPE rotates pairs)")},
    {"llama2c.tokenizer_too_short", ENGINE_MESSAGE("EngineMessage", "tokenizer file is {size} bytes, too short for its header")},
    {"llama2c.tokenizer_max_length", ENGINE_MESSAGE("EngineMessage", "tokenizer max_token_length {value} must be positive")},
    {"llama2c.tokenizer_truncated_header", ENGINE_MESSAGE("EngineMessage", "tokenizer truncated in the header of token {token} at byte offset {offset} (file is {size} bytes)")},
    {"llama2c.negative_length", ENGINE_MESSAGE("EngineMessage", "token {token} has negative length {length} at byte offset {offset}")},
    {"llama2c.tokenizer_truncated_token", ENGINE_MESSAGE("EngineMessage", "tokenizer truncated inside token {token} (length {length} at byte offset {offset}, file is {size} bytes)")},
    {"llama2c.vocab_mismatch", ENGINE_MESSAGE("EngineMessage", "tokenizer holds {count} tokens but the model's vocab_size is {vocab}")},
    {"llama2c.too_short", ENGINE_MESSAGE("EngineMessage", "file is {size} bytes, too short for a llama2.c header (28 bytes)")},
    {"llama2c.versioned", ENGINE_MESSAGE("EngineMessage", "{path}: versioned llama2.c export (magic \"ak42\") is not supported; export with the legacy format (version 0) or convert to GGUF")},
    {"llama2c.size_mismatch_short", ENGINE_MESSAGE("EngineMessage", "llama2.c checkpoint size mismatch: the header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, vocab_size {vocab}, seq_len {seq}) implies {expected} bytes, but the file has {size} bytes (truncated?)")},
    {"llama2c.size_mismatch_long", ENGINE_MESSAGE("EngineMessage", "llama2.c checkpoint size mismatch: the header (dim {dim}, hidden_dim {hidden}, n_layers {layers}, vocab_size {vocab}, seq_len {seq}) implies {expected} bytes, but the file has {size} bytes (trailing data?)")},

    // ---- opening model files (engine/formats/model_file.cc, mapped_file.cc)
    {"model.folder_without_config", ENGINE_MESSAGE("EngineMessage", "{path}: is a directory without config.json (InferScope opens Hugging Face model folders: config.json, *.safetensors, tokenizer.json)")},
    {"model.big_endian_gguf", ENGINE_MESSAGE("EngineMessage", "{path}: big-endian GGUF files are not supported")},
    {"load.cancelled", ENGINE_MESSAGE("EngineMessage", "loading cancelled")},
    {"model.unknown_format", ENGINE_MESSAGE("EngineMessage", "{path}: not a model file InferScope can read (expected GGUF magic \"GGUF\" or a llama2.c checkpoint header)")},
    {"io.cannot_open", ENGINE_MESSAGE("EngineMessage", "{path}: cannot open: {reason}")},
    {"io.cannot_stat", ENGINE_MESSAGE("EngineMessage", "{path}: cannot stat: {reason}")},
    {"io.cannot_map", ENGINE_MESSAGE("EngineMessage", "{path}: cannot map: {reason}")},
    {"io.is_directory", ENGINE_MESSAGE("EngineMessage", "{path}: is a directory, not a model file")},
    {"io.not_regular", ENGINE_MESSAGE("EngineMessage", "{path}: is not a regular file (a FIFO, socket or device), not a model file")},
    // the system's reasons (strerror's wording, for the errors people meet)
    {"io.errno.enoent", ENGINE_MESSAGE("EngineMessage", "No such file or directory")},
    {"io.errno.eacces", ENGINE_MESSAGE("EngineMessage", "Permission denied")},
    {"io.errno.eisdir", ENGINE_MESSAGE("EngineMessage", "Is a directory")},
    {"io.errno.enotdir", ENGINE_MESSAGE("EngineMessage", "Not a directory")},
    {"io.errno.enospc", ENGINE_MESSAGE("EngineMessage", "No space left on device")},
    {"io.errno.erofs", ENGINE_MESSAGE("EngineMessage", "Read-only file system")},
    {"io.errno.enomem", ENGINE_MESSAGE("EngineMessage", "Cannot allocate memory")},
    {"io.errno.eio", ENGINE_MESSAGE("EngineMessage", "Input/output error")},
    {"io.errno.eloop", ENGINE_MESSAGE("EngineMessage", "Too many levels of symbolic links")},
    {"io.errno.enametoolong", ENGINE_MESSAGE("EngineMessage", "File name too long")},

    // ---- model shape from the file's metadata (engine/model/model_config.cc)
    {"config.missing_key", ENGINE_MESSAGE("EngineMessage", "missing integer metadata key '{key}'")},
    {"config.key_not_positive", ENGINE_MESSAGE("EngineMessage", "metadata key '{key}' must be positive, got {value}")},
    {"config.rope_scaling_unsupported", ENGINE_MESSAGE("EngineMessage", "rope scaling \"{type}\" is not supported yet (only linear scaling and per-pair frequency factors are)")},
    {"config.rope_scaling_unknown", ENGINE_MESSAGE("EngineMessage", "unknown rope scaling type \"{type}\"")},
    {"config.rope_factor", ENGINE_MESSAGE("EngineMessage", "rope scaling factor must be positive, got {value}")},
    {"config.not_positive_finite", ENGINE_MESSAGE("EngineMessage", "{key} must be positive and finite, got {value}")},
    {"config.no_architecture", ENGINE_MESSAGE("EngineMessage", "architecture '(none)' is not supported (supported: {supported})")},
    {"config.architecture_unsupported", ENGINE_MESSAGE("EngineMessage", "architecture '{arch}' is not supported (supported: {supported})")},
    {"config.too_many_layers", ENGINE_MESSAGE("EngineMessage", "{key} {layers} is more layers than the file's {tensors} tensors can hold")},
    {"config.key_length", ENGINE_MESSAGE("EngineMessage", "attention.key_length must be positive, got {value}")},
    {"config.dim_not_heads", ENGINE_MESSAGE("EngineMessage", "embedding_length {dim} is not a multiple of head_count {heads} (and attention.key_length is not given)")},
    {"config.value_length", ENGINE_MESSAGE("EngineMessage", "attention.value_length {value} differs from the key length {key} (separate key and value head sizes are not supported)")},
    {"config.heads_not_kv", ENGINE_MESSAGE("EngineMessage", "head_count {heads} is not a multiple of head_count_kv {kv_heads}")},
    {"config.rope_dim", ENGINE_MESSAGE("EngineMessage", "rope.dimension_count {value} must be even and within the head size {head}")},
    {"config.rope_base", ENGINE_MESSAGE("EngineMessage", "rope.freq_base must be positive")},
    {"config.rms_eps", ENGINE_MESSAGE("EngineMessage", "attention.layer_norm_rms_epsilon must be positive")},
    {"config.missing_tensor", ENGINE_MESSAGE("EngineMessage", "missing tensor '{name}'")},
    {"config.embedding_shape", ENGINE_MESSAGE("EngineMessage", "tensor 'token_embd.weight' has shape {shape}, expected {dim} x vocab")},

    // ---- binding the weights (engine/model/weights.cc)
    {"weights.bad_shape", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' has shape {shape}, expected {expected}")},
    {"weights.row_not_blocks", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' row length {length} is not a multiple of the {type} block size")},
    {"weights.data_short", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' data is shorter than its shape")},
    {"weights.data_too_short", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' data is too short")},
    {"weights.unreadable_type", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' is stored as {type}, which cannot be read")},
    {"weights.bad_rope_factor", ENGINE_MESSAGE("EngineMessage", "rope_freqs.weight[{index}] is {value}; frequency factors must be positive and finite")},

    // ---- sweeps: grids, constraints, the recommendation (engine/sweep/)
    {"sweep.grid_empty_part", ENGINE_MESSAGE("EngineMessage", "grid key '{key}' has an empty part")},
    {"sweep.grid_not_object", ENGINE_MESSAGE("EngineMessage", "grid key '{key}': '{part}' is not an object in the base profile")},
    {"sweep.grid_syntax", ENGINE_MESSAGE("EngineMessage", "--grid '{grid}': expected KEY=V1,V2,...")},
    {"sweep.grid_empty_value", ENGINE_MESSAGE("EngineMessage", "--grid '{grid}': an empty value")},
    {"sweep.base_not_object", ENGINE_MESSAGE("EngineMessage", "the base profile must be a JSON object")},
    {"sweep.grid_no_values", ENGINE_MESSAGE("EngineMessage", "grid key '{key}' has no values")},
    {"sweep.grid_too_large", ENGINE_MESSAGE("EngineMessage", "the grid has more than {count} points; sweep fewer values")},
    {"sweep.bad_constraint", ENGINE_MESSAGE("EngineMessage", "--constraint '{constraint}': {cause}")},
    {"sweep.constraint_syntax", ENGINE_MESSAGE("EngineMessage", "expected METRIC<=VALUE, <, >= or >")},
    {"sweep.unknown_metric", ENGINE_MESSAGE("EngineMessage", "unknown metric '{metric}'")},
    {"sweep.not_a_number", ENGINE_MESSAGE("EngineMessage", "'{value}' is not a number")},
    {"sweep.best", ENGINE_MESSAGE("EngineMessage", "{label}: best {metric} ({value})")},
    {"sweep.against", ENGINE_MESSAGE("EngineMessage", "against {label}: {changes}")},
    {"sweep.less_weight_memory", ENGINE_MESSAGE("EngineMessage", "{ratio} less weight memory")},
    {"sweep.more_weight_memory", ENGINE_MESSAGE("EngineMessage", "{ratio} more weight memory")},
    {"sweep.slower_decode", ENGINE_MESSAGE("EngineMessage", "{ratio} slower decode")},
    {"sweep.faster_decode", ENGINE_MESSAGE("EngineMessage", "{ratio} faster decode")},
    {"sweep.slower_prompt", ENGINE_MESSAGE("EngineMessage", "{ratio} slower prompt processing")},
    {"sweep.faster_prompt", ENGINE_MESSAGE("EngineMessage", "{ratio} faster prompt processing")},
    {"sweep.lower_serving_throughput", ENGINE_MESSAGE("EngineMessage", "{ratio} lower serving throughput")},
    {"sweep.higher_serving_throughput", ENGINE_MESSAGE("EngineMessage", "{ratio} higher serving throughput")},
    {"sweep.lower_ttft_p99", ENGINE_MESSAGE("EngineMessage", "{ratio} lower p99 TTFT")},
    {"sweep.higher_ttft_p99", ENGINE_MESSAGE("EngineMessage", "{ratio} higher p99 TTFT")},
    {"sweep.metric_needs_pptg", ENGINE_MESSAGE("EngineMessage", "{metric} is measured by -p / -n runs, not by a serving workload (use ttft_p99_ms, itl_p99_ms, e2e_p99_ms, output_tok_s, req_s, ...)")},
    {"sweep.metric_needs_workload", ENGINE_MESSAGE("EngineMessage", "{metric} is measured only with --workload or --preset")},
    {"sweep.meets", ENGINE_MESSAGE("EngineMessage", "{metric} {value} meets {constraint}")},
    {"sweep.cancelled", ENGINE_MESSAGE("EngineMessage", "sweep cancelled")},
    {"sweep.no_repetitions", ENGINE_MESSAGE("EngineMessage", "a sweep needs at least one repetition")},
    {"sweep.empty_workload", ENGINE_MESSAGE("EngineMessage", "the sweep's workload has no requests")},
    {"sweep.no_tokens", ENGINE_MESSAGE("EngineMessage", "a sweep needs -p or -n above 0")},
    {"sweep.within_noise", ENGINE_MESSAGE("EngineMessage", "{recommendation}. The next best, {label} ({value}), is within the noise of the measurement: more repetitions would be needed to tell them apart.")},

    // ---- sweep metrics by name: the English is the identifier the CLI prints
    //      (engine/sweep/sweep_select.cc); the translations name them for people
    {"metric.pp_tok_s", ENGINE_MESSAGE("EngineMessage", "pp_tok_s")},
    {"metric.tg_tok_s", ENGINE_MESSAGE("EngineMessage", "tg_tok_s")},
    {"metric.ttft_ms", ENGINE_MESSAGE("EngineMessage", "ttft_ms")},
    {"metric.itl_ms", ENGINE_MESSAGE("EngineMessage", "itl_ms")},
    {"metric.ttft_p50_ms", ENGINE_MESSAGE("EngineMessage", "ttft_p50_ms")},
    {"metric.ttft_p99_ms", ENGINE_MESSAGE("EngineMessage", "ttft_p99_ms")},
    {"metric.itl_p50_ms", ENGINE_MESSAGE("EngineMessage", "itl_p50_ms")},
    {"metric.itl_p99_ms", ENGINE_MESSAGE("EngineMessage", "itl_p99_ms")},
    {"metric.e2e_p50_ms", ENGINE_MESSAGE("EngineMessage", "e2e_p50_ms")},
    {"metric.e2e_p99_ms", ENGINE_MESSAGE("EngineMessage", "e2e_p99_ms")},
    {"metric.output_tok_s", ENGINE_MESSAGE("EngineMessage", "output_tok_s")},
    {"metric.req_s", ENGINE_MESSAGE("EngineMessage", "req_s")},
    {"metric.mean_batch", ENGINE_MESSAGE("EngineMessage", "mean_batch")},
    {"metric.preempted_sequences", ENGINE_MESSAGE("EngineMessage", "preempted_sequences")},
    {"metric.kv_peak_bytes", ENGINE_MESSAGE("EngineMessage", "kv_peak_bytes")},
    {"metric.weights_bytes", ENGINE_MESSAGE("EngineMessage", "weights_bytes")},
    {"metric.kv_bytes", ENGINE_MESSAGE("EngineMessage", "kv_bytes")},
    {"metric.workspace_bytes", ENGINE_MESSAGE("EngineMessage", "workspace_bytes")},
    {"metric.memory_bytes", ENGINE_MESSAGE("EngineMessage", "memory_bytes")},
    {"metric.load_ms", ENGINE_MESSAGE("EngineMessage", "load_ms")},
    {"metric.kld_mean", ENGINE_MESSAGE("EngineMessage", "kld_mean")},
    {"metric.kld_median", ENGINE_MESSAGE("EngineMessage", "kld_median")},
    {"metric.kld_p99", ENGINE_MESSAGE("EngineMessage", "kld_p99")},
    {"metric.kld_p99_9", ENGINE_MESSAGE("EngineMessage", "kld_p99_9")},
    {"metric.kld_max", ENGINE_MESSAGE("EngineMessage", "kld_max")},
    {"metric.rms_dp", ENGINE_MESSAGE("EngineMessage", "rms_dp")},
    {"metric.top1", ENGINE_MESSAGE("EngineMessage", "top1")},
    {"metric.top1_stderr", ENGINE_MESSAGE("EngineMessage", "top1_stderr")},
    {"metric.ppl", ENGINE_MESSAGE("EngineMessage", "ppl")},
    {"metric.ppl_ratio", ENGINE_MESSAGE("EngineMessage", "ppl_ratio")},
    {"metric.ppl_ratio_stderr", ENGINE_MESSAGE("EngineMessage", "ppl_ratio_stderr")},

    // ---- the tokenizer stored in a model file (engine/tokenizer/tokenizer.cc)
    {"tokenizer.missing", ENGINE_MESSAGE("EngineMessage", "missing")},
    {"tokenizer.expected_array", ENGINE_MESSAGE("EngineMessage", "expected an array")},
    {"tokenizer.expected_integer", ENGINE_MESSAGE("EngineMessage", "expected an integer")},
    {"tokenizer.expected_boolean", ENGINE_MESSAGE("EngineMessage", "expected a boolean")},
    {"tokenizer.expected_string", ENGINE_MESSAGE("EngineMessage", "expected a string")},
    {"tokenizer.item_not_string", ENGINE_MESSAGE("EngineMessage", "item {index} is not a string")},
    {"tokenizer.item_not_number", ENGINE_MESSAGE("EngineMessage", "item {index} is not a number")},
    {"tokenizer.item_not_type", ENGINE_MESSAGE("EngineMessage", "item {index} is not a token type")},
    {"tokenizer.entries_per_token", ENGINE_MESSAGE("EngineMessage", "{entries} entries for {tokens} tokens")},
    {"tokenizer.id_outside", ENGINE_MESSAGE("EngineMessage", "token id {id} outside the vocabulary of {count}")},
    {"tokenizer.empty_vocabulary", ENGINE_MESSAGE("EngineMessage", "empty vocabulary")},
    {"tokenizer.vocabulary_too_large", ENGINE_MESSAGE("EngineMessage", "vocabulary too large")},
    {"tokenizer.scores_missing", ENGINE_MESSAGE("EngineMessage", "missing (needed for merges)")},
    {"tokenizer.unsupported", ENGINE_MESSAGE("EngineMessage", "unsupported tokenizer '{family}' (supported: llama, gpt2)")},
    {"tokenizer.bad_merge", ENGINE_MESSAGE("EngineMessage", "tokenizer.ggml.merges: entry {index} is not \"left right\": '{line}'")},
    {"tokenizer.unsupported_pre", ENGINE_MESSAGE("EngineMessage", "tokenizer.ggml.pre: unsupported pre-tokenizer '{name}'")},
    {"tokenizer.embedding_mismatch", ENGINE_MESSAGE("EngineMessage", "{path}: tokenizer has {tokens} tokens but the model's embedding has {rows} rows")},

    // ---- small text inputs (engine/common/text_file.cc); {what} names the file's role
    {"file.cannot_open", ENGINE_MESSAGE("EngineMessage", "cannot open {what} {path}: {reason}")},
    {"file.cannot_read", ENGINE_MESSAGE("EngineMessage", "cannot read {what} {path}: {reason}")},
    {"file.is_directory", ENGINE_MESSAGE("EngineMessage", "it is a directory")},
    {"file.not_regular", ENGINE_MESSAGE("EngineMessage", "it is not a regular file (a FIFO, socket or device)")},
    {"file.too_large", ENGINE_MESSAGE("EngineMessage", "it is {size}, more than the {limit} a {what} may be")},
    {"file.kind.profile", ENGINE_MESSAGE("EngineMessage", "profile")},
    {"file.kind.workload", ENGINE_MESSAGE("EngineMessage", "workload")},
    {"file.kind.safetensors_index", ENGINE_MESSAGE("EngineMessage", "safetensors index")},
    {"file.kind.chat_template", ENGINE_MESSAGE("EngineMessage", "chat template")},
    {"file.kind.calibration_text", ENGINE_MESSAGE("EngineMessage", "calibration text")},
    {"file.kind.evaluation_text", ENGINE_MESSAGE("EngineMessage", "evaluation text")},
    {"file.kind.quality_text", ENGINE_MESSAGE("EngineMessage", "quality text")},

    // ---- what the JSON parser reports (engine/common/json_error.cc)
    {"json.syntax_error", ENGINE_MESSAGE("EngineMessage", "parse error at line {line}, column {column}: syntax error while parsing {context} - {detail}")},
    {"json.parse_error_at", ENGINE_MESSAGE("EngineMessage", "parse error at line {line}, column {column}: {detail}")},
    {"json.unexpected_end", ENGINE_MESSAGE("EngineMessage", "unexpected end of input; expected {expected}")},
    {"json.invalid_literal", ENGINE_MESSAGE("EngineMessage", "invalid literal; last read: {text}")},
    {"json.context.value", ENGINE_MESSAGE("EngineMessage", "value")},
    {"json.context.object_key", ENGINE_MESSAGE("EngineMessage", "object key")},
    {"json.context.object_separator", ENGINE_MESSAGE("EngineMessage", "object separator")},
    {"json.type_must_be", ENGINE_MESSAGE("EngineMessage", "type must be {expected}, but is {actual}")},
    {"json.number_overflow", ENGINE_MESSAGE("EngineMessage", "number overflow parsing {number}")},
    {"json.not_valid", ENGINE_MESSAGE("EngineMessage", "{path}: not valid JSON: {detail}")},
    {"json.unexpected_structure", ENGINE_MESSAGE("EngineMessage", "{path}: unexpected structure: {detail}")},

    // ---- Hugging Face model folders (engine/formats/hf_folder.cc, hf_config.cc, hf_tokenizer.cc)
    {"hf.needs_config", ENGINE_MESSAGE("EngineMessage", "{path}: a Hugging Face model folder needs a config.json")},
    {"hf.index_no_weight_map", ENGINE_MESSAGE("EngineMessage", "{path}: no \"weight_map\" object")},
    {"hf.index_bad_file", ENGINE_MESSAGE("EngineMessage", "{path}: weight_map[\"{tensor}\"] is not a file name in the folder")},
    {"hf.no_safetensors", ENGINE_MESSAGE("EngineMessage", "{path}: no *.safetensors weights (pytorch_model.bin checkpoints are not read: save the model as safetensors)")},
    {"hf.rows_not_heads", ENGINE_MESSAGE("EngineMessage", "{name}: {rows} rows do not split into {heads} heads of even size")},
    {"hf.tensor_in_two_shards", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' appears in more than one shard")},
    {"hf.no_embedding", ENGINE_MESSAGE("EngineMessage", "{path}: no 2-D model.embed_tokens.weight among the safetensors tensors")},
    {"hf.missing_field", ENGINE_MESSAGE("EngineMessage", "missing field \"{key}\"")},
    {"hf.not_positive_integer", ENGINE_MESSAGE("EngineMessage", "field \"{key}\" must be a positive integer, got {value}")},
    {"hf.not_positive_number", ENGINE_MESSAGE("EngineMessage", "field \"{key}\" must be a positive number, got {value}")},
    {"hf.model_type_unsupported", ENGINE_MESSAGE("EngineMessage", "model_type \"{type}\" is not supported (supported: {supported})")},
    {"hf.rope_scaling_not_object", ENGINE_MESSAGE("EngineMessage", "field \"rope_scaling\" must be an object or null")},
    {"hf.rope_scaling_missing", ENGINE_MESSAGE("EngineMessage", "rope_scaling of type \"{type}\" has no \"{key}\"")},
    {"hf.rope_high_not_above_low", ENGINE_MESSAGE("EngineMessage", "rope_scaling.high_freq_factor must exceed low_freq_factor")},
    {"hf.rope_scaling_unsupported", ENGINE_MESSAGE("EngineMessage", "rope scaling \"{type}\" is not supported yet (only linear scaling and Llama 3 frequency factors are)")},
    {"hf.query_scalar", ENGINE_MESSAGE("EngineMessage", "query_pre_attn_scalar {value} differs from the {derived} a {arch} model of this shape uses")},
    {"hf.local_rope_base", ENGINE_MESSAGE("EngineMessage", "rope_local_base_freq {value} (Gemma 3's local layers rotate with base 10000)")},
    {"hf.window_pattern", ENGINE_MESSAGE("EngineMessage", "sliding_window_pattern {value} (Gemma 3 uses 6)")},
    {"hf.layer_type", ENGINE_MESSAGE("EngineMessage", "layer_types[{index}] is {value} (Gemma 3 has five sliding-window layers to every full one)")},
    {"hf.activation", ENGINE_MESSAGE("EngineMessage", "activation \"{activation}\" ({family} models here use \"{expected}\")")},
    {"hf.not_an_object", ENGINE_MESSAGE("EngineMessage", "expected a JSON object")},
    {"hf.llama_biases", ENGINE_MESSAGE("EngineMessage", "attention_bias / mlp_bias on a llama model (biases are read for qwen2 only)")},
    {"hf.dim_not_heads", ENGINE_MESSAGE("EngineMessage", "hidden_size {dim} is not a multiple of num_attention_heads {heads} and head_dim is not given")},
    {"hf.no_tokenizer", ENGINE_MESSAGE("EngineMessage", "{path}: no tokenizer.json (the folder's tokenizer is read from tokenizer.json; tokenizer.model alone is not enough)")},
    {"hf.tokenizer_no_model", ENGINE_MESSAGE("EngineMessage", "no \"model\" object")},
    {"hf.tokenizer_type", ENGINE_MESSAGE("EngineMessage", "model type \"{type}\" is not supported (BPE tokenizers are: byte-level and SentencePiece-style)")},
    {"hf.tokenizer_shape", ENGINE_MESSAGE("EngineMessage", "a BPE tokenizer that is neither byte-level nor SentencePiece-style (byte fallback or U+2581 spaces)")},
    {"hf.split_pattern", ENGINE_MESSAGE("EngineMessage", "byte-level pre-tokenizer with the split pattern \"{pattern}\" is not one InferScope knows (Llama 3, Qwen2, GPT-2, SmolLM2 are)")},
    {"hf.pre_tokenizer", ENGINE_MESSAGE("EngineMessage", "byte-level pre-tokenizer [{list}] is not one InferScope knows")},
    {"hf.vocab_not_object", ENGINE_MESSAGE("EngineMessage", "model.vocab is not an object of token -> id")},
    {"hf.added_not_array", ENGINE_MESSAGE("EngineMessage", "added_tokens is not an array")},
    {"hf.vocab_too_large", ENGINE_MESSAGE("EngineMessage", "vocabulary of {size} ids is implausibly large")},
    {"hf.vocab_bad_id", ENGINE_MESSAGE("EngineMessage", "model.vocab[\"{piece}\"] is not a non-negative integer id")},
    {"hf.added_bad_entry", ENGINE_MESSAGE("EngineMessage", "added_tokens entry {entry} needs an integer id and a string content")},
    {"hf.merges_not_array", ENGINE_MESSAGE("EngineMessage", "model.merges is not an array")},
    {"hf.merges_bad_item", ENGINE_MESSAGE("EngineMessage", "model.merges holds {item} (expected \"left right\" or [left, right])")},
    {"hf.merge_not_pair", ENGINE_MESSAGE("EngineMessage", "merge \"{merge}\" is not two pieces separated by one space")},

    // ---- safetensors files (engine/formats/safetensors_reader.cc)
    {"safetensors.too_short", ENGINE_MESSAGE("EngineMessage", "{path}: too short for a safetensors header ({size} bytes)")},
    {"safetensors.header_too_large", ENGINE_MESSAGE("EngineMessage", "{path}: safetensors header of {bytes} bytes is larger than the {limit} the format allows")},
    {"safetensors.header_past_end", ENGINE_MESSAGE("EngineMessage", "{path}: safetensors header of {bytes} bytes runs past the end of the file ({size} bytes)")},
    {"safetensors.header_not_json", ENGINE_MESSAGE("EngineMessage", "{path}: safetensors header is not valid JSON: {detail}")},
    {"safetensors.header_not_object", ENGINE_MESSAGE("EngineMessage", "{path}: safetensors header is not a JSON object")},
    {"safetensors.entry_not_object", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' is not a JSON object")},
    {"safetensors.entry_missing", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' has no '{field}'")},
    {"safetensors.dtype_not_string", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': dtype is not a string")},
    {"safetensors.dtype_unsupported", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' has dtype {dtype}, which is not read (F32, F16 and BF16 are)")},
    {"safetensors.dtype_unknown", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' has unknown dtype '{dtype}'")},
    {"safetensors.not_unsigned_array", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': {field} is not an array of non-negative integers")},
    {"safetensors.offsets_not_pair", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': data_offsets must hold [begin, end]")},
    {"safetensors.end_before_begin", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': data_offsets end {end} is before begin {begin}")},
    {"safetensors.data_past_end", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': data [{begin}, {end}) runs past the end of the data section ({size} bytes)")},
    {"safetensors.size_mismatch", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': shape and dtype need {need} bytes, data_offsets hold {have}")},
    {"safetensors.size_overflow", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}': shape and dtype need more than 2^64 bytes, data_offsets hold {have}")},
    {"safetensors.overlap", ENGINE_MESSAGE("EngineMessage", "{path}: tensors '{first}' and '{second}' overlap (bytes from offset {offset})")},

    // ---- the KV cache (engine/kv/kv_store.cc, block_pool.cc, engine/model/kv_cache.cc)
    {"kv.bad_shape", ENGINE_MESSAGE("EngineMessage", "KV cache needs positive layers, kv heads and head size (got {layers}, {kv_heads}, {head_dim})")},
    {"kv.no_sequences", ENGINE_MESSAGE("EngineMessage", "KV cache needs at least one sequence, got {sequences}")},
    {"kv.window_flags", ENGINE_MESSAGE("EngineMessage", "KV cache: the window flags name {flags} layers, the cache has {layers}")},
    {"kv.negative_window", ENGINE_MESSAGE("EngineMessage", "KV cache: negative sliding window {window}")},
    {"kv.capacity_not_positive", ENGINE_MESSAGE("EngineMessage", "KV cache capacity must be positive, got {capacity} tokens")},
    {"kv.needs_capacity", ENGINE_MESSAGE("EngineMessage", "KV cache needs a positive capacity, got {capacity} tokens")},
    {"kv.block_size", ENGINE_MESSAGE("EngineMessage", "KV cache block size must be one of {sizes}, got {block}")},
    {"kv.slots_above_capacity", ENGINE_MESSAGE("EngineMessage", "KV cache of {capacity} tokens cannot give each of {sequences} sequence slots a position")},
    {"kv.cannot_allocate", ENGINE_MESSAGE("EngineMessage", "KV cache of {tokens} tokens needs {bytes}, which could not be allocated. {reasons}")},
    {"kv.too_many_bytes", ENGINE_MESSAGE("EngineMessage", "KV cache of {tokens} tokens needs more bytes than can be counted")},
    {"kv.not_enough_memory", ENGINE_MESSAGE("EngineMessage", "KV cache of {tokens} tokens needs {bytes} but only {available} of memory is available")},
    {"kv.not_enough_memory_on", ENGINE_MESSAGE("EngineMessage", "KV cache of {tokens} tokens needs {bytes} on {device} but only {available} of memory is available")},
    {"kv.request_blocks", ENGINE_MESSAGE("EngineMessage", "request needs {need} blocks of {block} tokens ({need_bytes}), the pool has {have} ({have_bytes})")},
    {"kv.request_slot", ENGINE_MESSAGE("EngineMessage", "request needs {tokens} tokens of KV cache ({bytes}) but a sequence slot holds {slot} ({capacity} tokens / {sequences} sequences)")},
    {"kv.slots_in_use", ENGINE_MESSAGE("EngineMessage", "KV cache: all {slots} sequence slots are in use")},
    {"kv.window_sequences_in_use", ENGINE_MESSAGE("EngineMessage", "KV cache: all {sequences} sequences of the sliding-window pool are in use")},
    {"kv.sequence_over_slot", ENGINE_MESSAGE("EngineMessage", "KV cache: sequence of {tokens} tokens exceeds its slot of {slot} tokens")},
    {"kv.grow_blocks", ENGINE_MESSAGE("EngineMessage", "KV cache: growing a sequence to {tokens} tokens needs {need} blocks, {free} of {total} are free")},
    {"kv.window_gap", ENGINE_MESSAGE("EngineMessage", "KV cache: a pass from position {from} needs positions {first}..{last} of the sliding-window layers, but their ring of {ring} positions holds only positions from {held} on; restart the sequence from position 0")},
    {"kv.block_table", ENGINE_MESSAGE("EngineMessage", "KV cache: the block table of a new sequence could not be allocated on {device}")},
    {"kv.invalid_mode", ENGINE_MESSAGE("EngineMessage", "KV cache: invalid mode or precision")},
    {"kv.bad_shard", ENGINE_MESSAGE("EngineMessage", "KV cache shard {shard} (layers {first_layer}..{end_layer}, kv heads {first_head}..{end_head}) is empty or outside the model's {layers} layers and {kv_heads} kv heads")},
    {"kv.shard_ops", ENGINE_MESSAGE("EngineMessage", "KV cache has {shards} shards but was given ops of {devices} devices")},
    {"kv.not_live", ENGINE_MESSAGE("EngineMessage", "KV cache: sequence {sequence} is not live")},
    {"kv.negative_length", ENGINE_MESSAGE("EngineMessage", "KV cache: negative sequence length")},
    {"kv.write_gap", ENGINE_MESSAGE("EngineMessage", "KV cache: a pass writing from position {from} would leave a gap after the {cached} cached positions")},
    {"kv.pool_blocks", ENGINE_MESSAGE("EngineMessage", "needs {count} blocks, {free} of {total} are free")},

    // ---- loading a model and generating (engine/session/engine.cc, generator.cc)
    {"load.gpu_split", ENGINE_MESSAGE("EngineMessage", "a split over GPUs is not available yet: run on one GPU (devices.gpus [N] with split \"none\") or split over virtual CPU devices")},
    {"load.no_cuda", ENGINE_MESSAGE("EngineMessage", "devices.gpus asks for {device} but no CUDA device is available: {reason}")},
    {"load.one_cuda_device", ENGINE_MESSAGE("EngineMessage", "devices.gpus asks for {device} but this machine has 1 CUDA device (cuda:0 .. cuda:0)")},
    {"load.cuda_devices", ENGINE_MESSAGE("EngineMessage", "devices.gpus asks for {device} but this machine has {count} CUDA devices (cuda:0 .. cuda:{last})")},
    {"load.threads", ENGINE_MESSAGE("EngineMessage", "threads must be 0 (all cores) or positive, got {threads}")},
    {"load.reference_on_gpu", ENGINE_MESSAGE("EngineMessage", "the reference ops run on the CPU only, not on {device}")},
    {"load.cannot_run_on", ENGINE_MESSAGE("EngineMessage", "the model cannot run on {device}: {reasons}")},
    {"generate.not_finite", ENGINE_MESSAGE("EngineMessage", "generate: the logits of step {step} are not finite (token {token} is {value}): the model's weights hold NaN or Inf values")},
    {"generate.empty_prompt", ENGINE_MESSAGE("EngineMessage", "generate: the prompt has no tokens")},
    {"generate.prompt_no_tokens", ENGINE_MESSAGE("EngineMessage", "generate: the prompt encoded to no tokens")},
    {"generate.max_tokens", ENGINE_MESSAGE("EngineMessage", "generate: max tokens must be at least 1, got {tokens}")},
    {"generate.over_context", ENGINE_MESSAGE("EngineMessage", "generate: prompt of {prompt} tokens + {max} max tokens = {total} exceeds the model context of {context} tokens")},
    {"generate.over_capacity", ENGINE_MESSAGE("EngineMessage", "generate: prompt of {prompt} tokens + {max} max tokens needs {need} positions of KV cache, but kv_cache.capacity_tokens is {capacity}")},
    {"generate.cancelled", ENGINE_MESSAGE("EngineMessage", "generate: cancelled after {tokens} tokens")},

    // ---- the model's forward pass (engine/model/llama_model.cc)
    {"model.tensor_parallel_gpus", ENGINE_MESSAGE("EngineMessage", "devices.split: tensor parallel over GPUs needs their all-reduce (NCCL), which this build does not run yet; use the pipeline split or one GPU")},
    {"model.cache_over_context", ENGINE_MESSAGE("EngineMessage", "KV cache of {capacity} tokens exceeds the model context of {context}")},
    {"model.positions_over_context", ENGINE_MESSAGE("EngineMessage", "forward: positions {first}..{last} exceed the model context of {context} tokens")},
    {"model.positions_over_capacity", ENGINE_MESSAGE("EngineMessage", "forward: positions {first}..{last} exceed the KV cache capacity of {capacity} tokens")},
    {"model.cancelled", ENGINE_MESSAGE("EngineMessage", "forward cancelled before layer {layer}")},

    // ---- files the engine writes (engine/common/output_file.cc, engine/trace/chrome_trace.cc,
    //      engine/config/framework_export.cc)
    {"output.cannot_write", ENGINE_MESSAGE("EngineMessage", "cannot write {path}: {reason}")},
    {"output.not_regular", ENGINE_MESSAGE("EngineMessage", "cannot write {path}: it is {kind}; name a new file or a regular file to replace")},
    {"output.kind.directory", ENGINE_MESSAGE("EngineMessage", "a directory")},
    {"output.kind.fifo", ENGINE_MESSAGE("EngineMessage", "a FIFO")},
    {"output.kind.device", ENGINE_MESSAGE("EngineMessage", "a device")},
    {"output.kind.socket", ENGINE_MESSAGE("EngineMessage", "a socket")},
    {"output.kind.other", ENGINE_MESSAGE("EngineMessage", "not a regular file")},
    {"output.cannot_create", ENGINE_MESSAGE("EngineMessage", "{path}: cannot create: {reason}")},
    {"output.cannot_make_folder", ENGINE_MESSAGE("EngineMessage", "cannot create {path}: {reason}")},
    {"output.cannot_write_file", ENGINE_MESSAGE("EngineMessage", "cannot write {path}")},
    {"output.cannot_open", ENGINE_MESSAGE("EngineMessage", "{path}: cannot open for writing: {reason}")},
    {"trace.cannot_open", ENGINE_MESSAGE("EngineMessage", "cannot open trace file for writing: {path}")},
    {"trace.cannot_write", ENGINE_MESSAGE("EngineMessage", "cannot write trace file: {path}")},

    // ---- the batching scheduler (engine/sched/scheduler.cc)
    {"sched.bad_limits", ENGINE_MESSAGE("EngineMessage", "scheduler: max batch and max sequences must be at least 1 (got {batch} and {sequences})")},
    {"sched.in_request", ENGINE_MESSAGE("EngineMessage", "request {id}: {cause}")},
    {"sched.empty_prompt", ENGINE_MESSAGE("EngineMessage", "the prompt has no tokens")},
    {"sched.no_output", ENGINE_MESSAGE("EngineMessage", "output tokens must be at least 1, got {tokens}")},
    {"sched.token_outside_vocab", ENGINE_MESSAGE("EngineMessage", "prompt token id {id} is outside the vocabulary")},
    {"sched.over_context", ENGINE_MESSAGE("EngineMessage", "prompt of {prompt} tokens + {output} output tokens exceeds the model context of {context} tokens")},
    {"sched.cancelled", ENGINE_MESSAGE("EngineMessage", "scheduler: cancelled")},

    // ---- workload files and presets (engine/sched/workload.cc)
    {"workload.missing_integer", ENGINE_MESSAGE("EngineMessage", "missing (an integer >= {min})")},
    {"workload.expected_integer", ENGINE_MESSAGE("EngineMessage", "expected an integer, got {kind} {value}")},
    {"workload.expected_number", ENGINE_MESSAGE("EngineMessage", "expected a number, got {kind} {value}")},
    {"workload.expected_string", ENGINE_MESSAGE("EngineMessage", "expected a string, got {kind} {value}")},
    {"workload.expected_seed", ENGINE_MESSAGE("EngineMessage", "expected an integer >= 0, got {value}")},
    {"workload.above_max", ENGINE_MESSAGE("EngineMessage", "{value} is above the maximum {max}")},
    {"workload.below_min", ENGINE_MESSAGE("EngineMessage", "{value} is below the minimum {min}")},
    {"workload.negative", ENGINE_MESSAGE("EngineMessage", "{value} must be >= 0")},
    {"workload.unknown_key", ENGINE_MESSAGE("EngineMessage", "unknown key \"{key}\"")},
    {"workload.duplicate_key", ENGINE_MESSAGE("EngineMessage", "duplicate key \"{key}\"")},
    {"workload.expected_object", ENGINE_MESSAGE("EngineMessage", "expected an object, got {kind}")},
    {"workload.expected_array", ENGINE_MESSAGE("EngineMessage", "expected an array, got {kind}")},
    {"workload.prompt_both", ENGINE_MESSAGE("EngineMessage", "give either \"prompt\" or \"prompt_tokens\", not both")},
    {"workload.prompt_missing", ENGINE_MESSAGE("EngineMessage", "needs \"prompt\" (text) or \"prompt_tokens\" (a length)")},
    {"workload.bad_arrival", ENGINE_MESSAGE("EngineMessage", "\"{value}\" is not one of poisson, fixed")},
    {"workload.schema_mismatch", ENGINE_MESSAGE("EngineMessage", "\"{schema}\" is not \"{expected}\"")},
    {"workload.requests_both", ENGINE_MESSAGE("EngineMessage", "give either \"requests\" or \"generator\", not both")},
    {"workload.requests_missing", ENGINE_MESSAGE("EngineMessage", "needs \"requests\" (a list) or \"generator\" (an arrival process)")},
    {"workload.no_requests", ENGINE_MESSAGE("EngineMessage", "is empty (a workload needs at least one request)")},
    {"workload.too_many_requests", ENGINE_MESSAGE("EngineMessage", "more than {count} requests")},
    {"workload.unknown_preset", ENGINE_MESSAGE("EngineMessage", "unknown workload preset \"{name}\" (known: {known})")},

    // ---- quality evaluations (engine/eval/perplexity.cc, compare.cc)
    {"eval.too_few_tokens", ENGINE_MESSAGE("EngineMessage", "evaluation needs at least 2 tokens, got {tokens}")},
    {"eval.token_outside_vocab", ENGINE_MESSAGE("EngineMessage", "token {token} at index {index} is outside the vocabulary of {vocab}")},
    {"eval.window_too_small", ENGINE_MESSAGE("EngineMessage", "window must be at least 2, got {window}")},
    {"eval.stride_range", ENGINE_MESSAGE("EngineMessage", "stride must be in [1, window - 1] = [1, {last}], got {stride}")},
    {"eval.llamacpp_window", ENGINE_MESSAGE("EngineMessage", "llama.cpp-style perplexity needs at least one whole window of {window} tokens; the text has {tokens}")},
    {"eval.bad_options", ENGINE_MESSAGE("EngineMessage", "window and stride must be >= 0 (0 = default) and batch >= 1")},
    {"eval.window_over_context", ENGINE_MESSAGE("EngineMessage", "window of {window} tokens exceeds the model context of {context}")},
    {"eval.window_min", ENGINE_MESSAGE("EngineMessage", "window must be at least 2 tokens")},
    {"eval.llamacpp_window_min", ENGINE_MESSAGE("EngineMessage", "llama.cpp-style windows need at least 4 tokens")},
    {"eval.stride_not_below", ENGINE_MESSAGE("EngineMessage", "stride {stride} must be smaller than the window of {window}")},
    {"eval.cancelled", ENGINE_MESSAGE("EngineMessage", "evaluation cancelled")},
    {"eval.text_too_short", ENGINE_MESSAGE("EngineMessage", "the evaluation text gives only {tokens} token(s); at least 2 are needed")},
    {"eval.vocab_mismatch", ENGINE_MESSAGE("EngineMessage", "cannot compare models with different vocabularies ({first} and {second} tokens)")},
    {"eval.greedy_empty_prompt", ENGINE_MESSAGE("EngineMessage", "greedy generation needs a non-empty prompt")},
    {"eval.greedy_count", ENGINE_MESSAGE("EngineMessage", "greedy generation needs a count >= 1")},
    {"eval.prompt_outside_vocab", ENGINE_MESSAGE("EngineMessage", "prompt token {token} is outside the vocabulary of {vocab}")},
    {"eval.greedy_over_context", ENGINE_MESSAGE("EngineMessage", "a prompt of {prompt} tokens plus {count} generated exceeds the context of {context}")},

    // ---- sweep results files (engine/sweep/sweep_file.cc)
    {"sweep_file.bad_header", ENGINE_MESSAGE("EngineMessage", "not a sweep header: {cause}")},
    {"sweep_file.not_sweep", ENGINE_MESSAGE("EngineMessage", "the first line is not {expected}")},
    {"sweep_file.workload", ENGINE_MESSAGE("EngineMessage", "workload: {cause}")},
    {"sweep_file.no_axes", ENGINE_MESSAGE("EngineMessage", "no grid axes")},
    {"sweep_file.cannot_read", ENGINE_MESSAGE("EngineMessage", "cannot read {path}")},
    {"sweep_file.not_results", ENGINE_MESSAGE("EngineMessage", "{path} is not a sweep results file (line 1 is not JSON)")},
    {"sweep_file.bad_line", ENGINE_MESSAGE("EngineMessage", "{path}:{line}: not a JSON line")},
    {"sweep_file.other_header", ENGINE_MESSAGE("EngineMessage", "{path} holds another sweep (its header differs)")},
    {"sweep_file.other_sweep_one", ENGINE_MESSAGE("EngineMessage", "{path} holds another sweep ({keys} differs)")},
    {"sweep_file.other_sweep_many", ENGINE_MESSAGE("EngineMessage", "{path} holds another sweep ({keys} differ)")},
    {"sweep_file.empty", ENGINE_MESSAGE("EngineMessage", "{path} is empty")},
    {"sweep_file.cannot_write", ENGINE_MESSAGE("EngineMessage", "cannot write {path}")},
    {"sweep_file.cannot_append", ENGINE_MESSAGE("EngineMessage", "cannot append to {path}")},
    {"sweep_file.append_failed", ENGINE_MESSAGE("EngineMessage", "cannot append to the results file")},

    // ---- weight quantization and pruning (engine/passes/quantize_pass.cc, prune_pass.cc)
    {"pass.data_short", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' data is shorter than its shape {shape}")},
    {"pass.quantize_cancelled", ENGINE_MESSAGE("EngineMessage", "weight quantization cancelled")},
    {"pass.invalid_value", ENGINE_MESSAGE("EngineMessage", "{key}: invalid value")},
    {"pass.group_size", ENGINE_MESSAGE("EngineMessage", "weights.group_size: {group} is not one of 32, 64, 128")},
    {"pass.no_dequantizer", ENGINE_MESSAGE("EngineMessage", "{path}: tensor '{name}' of type {type} cannot be converted (no dequantizer)")},
    {"pass.convert_memory", ENGINE_MESSAGE("EngineMessage", "converting the weights needs {bytes} for the new tensors, but only {available} of memory is available")},
    {"pass.convert_allocate", ENGINE_MESSAGE("EngineMessage", "converting the weights: {bytes} for tensor '{name}' could not be allocated")},
    {"prune.no_dequantizer", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' of type {type} cannot be pruned (no dequantizer)")},
    {"prune.missing_tensor", ENGINE_MESSAGE("EngineMessage", "{path}: missing tensor '{name}'")},
    {"prune.missing_attention", ENGINE_MESSAGE("EngineMessage", "{path}: missing attention tensors of layer {layer}")},
    {"prune.biases", ENGINE_MESSAGE("EngineMessage", "{path}: structured pruning of attention heads does not cut the {arch} Q/K/V biases yet; use pruning.scope \"ffn\" for this model")},
    {"prune.fused", ENGINE_MESSAGE("EngineMessage", "{path}: pruning.method \"{method}\" needs per-matrix activations, which fused {arch} matrices (attn_qkv, ffn_up) do not have yet; use magnitude or nm")},
    {"prune.cancelled", ENGINE_MESSAGE("EngineMessage", "pruning cancelled")},
    {"prune.no_statistics", ENGINE_MESSAGE("EngineMessage", "wanda: no calibration statistics for tensor '{name}'")},
    {"prune.ratio_with_nm", ENGINE_MESSAGE("EngineMessage", "pruning.ratio cannot be combined with pruning.method \"nm\" (it removes 1 - n/m)")},
    {"prune.bad_nm", ENGINE_MESSAGE("EngineMessage", "pruning.n / pruning.m: need 1 <= n < m <= 64, got {n}:{m}")},
    {"prune.ratio_required", ENGINE_MESSAGE("EngineMessage", "pruning.ratio is required when pruning.method is \"{method}\"")},
    {"prune.ratio_range", ENGINE_MESSAGE("EngineMessage", "pruning.ratio: {ratio} is outside [0, 0.9]")},
    {"prune.structured_shape", ENGINE_MESSAGE("EngineMessage", "{path}: structured pruning needs the model's layers, FFN width and heads")},
    {"prune.wanda_needs_activations", ENGINE_MESSAGE("EngineMessage", "pruning.method \"wanda\" needs calibration activations (run the dense model over a text first; see engine/passes/calibration.h)")},
    {"prune.allocate", ENGINE_MESSAGE("EngineMessage", "pruning: {bytes} for tensor '{name}' could not be allocated")},
    {"prune.needs_text", ENGINE_MESSAGE("EngineMessage", "pruning.method \"{method}\" needs a calibration text: {cause}; pass one explicitly")},
    {"prune.calibration", ENGINE_MESSAGE("EngineMessage", "pruning calibration: {cause}")},

    // ---- teaching studies (engine/study/) and the sensitivity scan (engine/sweep/sensitivity.cc)
    {"study.quant_no_target", ENGINE_MESSAGE("EngineMessage", "quantization error study: no target dtype")},
    {"study.quant_bins", ENGINE_MESSAGE("EngineMessage", "quantization error study: bins must be >= 1")},
    {"study.cannot_dequantize", ENGINE_MESSAGE("EngineMessage", "{tensor}: cannot dequantize its storage type")},
    {"study.cancelled", ENGINE_MESSAGE("EngineMessage", "cancelled")},
    {"study.pruning_text_too_short", ENGINE_MESSAGE("EngineMessage", "pruning study: the quality text needs at least 2 tokens")},
    {"sensitivity.no_target", ENGINE_MESSAGE("EngineMessage", "sensitivity needs a target weights dtype")},
    {"sensitivity.cancelled", ENGINE_MESSAGE("EngineMessage", "sensitivity cancelled")},

    // ---- calibration and the bundled texts (engine/passes/calibration.cc)
    {"calibration.no_tokens", ENGINE_MESSAGE("EngineMessage", "calibration: no tokens to run")},
    {"calibration.too_few_tokens", ENGINE_MESSAGE("EngineMessage", "calibration text gives {tokens} token(s); at least 2 are needed")},
    {"calibration.bundled_not_found", ENGINE_MESSAGE("EngineMessage", "bundled text '{name}' not found in resources/eval/ or share/inferscope/eval/ above {folder} or in the working folder")},
    {"calibration.the_executable", ENGINE_MESSAGE("EngineMessage", "the executable")},

    // ---- synthetic models (engine/model/synth.cc)
    {"synth.unknown_shape", ENGINE_MESSAGE("EngineMessage", "unknown synthetic shape")},
    {"synth.dtype", ENGINE_MESSAGE("EngineMessage", "synthetic models can be written as f32, f16, bf16, q8_0 or q4_0, not {dtype}")},
    {"synth.no_output", ENGINE_MESSAGE("EngineMessage", "no output path for the synthetic model")},
    {"synth.cancelled", ENGINE_MESSAGE("EngineMessage", "{path}: synthesis cancelled")},

    // ---- writing GGUF files (engine/formats/gguf_writer.cc)
    {"gguf_writer.write_failed", ENGINE_MESSAGE("EngineMessage", "{path}: write failed: {reason}")},
    {"gguf_writer.flush_failed", ENGINE_MESSAGE("EngineMessage", "{path}: flush failed: {reason}")},
    {"gguf_writer.close_failed", ENGINE_MESSAGE("EngineMessage", "{path}: close failed: {reason}")},
    {"gguf_writer.disk_full", ENGINE_MESSAGE("EngineMessage", "disk full ({reason})")},
    {"gguf_writer.cannot_rename", ENGINE_MESSAGE("EngineMessage", "{path}: cannot rename {temporary} into place: {reason}")},
    {"gguf_writer.empty_key", ENGINE_MESSAGE("EngineMessage", "{path}: empty metadata key")},
    {"gguf_writer.duplicate_key", ENGINE_MESSAGE("EngineMessage", "{path}: duplicate metadata key '{key}'")},
    {"gguf_writer.duplicate_tensor", ENGINE_MESSAGE("EngineMessage", "{path}: duplicate tensor name '{name}'")},
    {"gguf_writer.dimensions", ENGINE_MESSAGE("EngineMessage", "tensor '{name}': {dims} dimensions (1 to 4 allowed)")},
    {"gguf_writer.unknown_type", ENGINE_MESSAGE("EngineMessage", "tensor '{name}': unknown type id {type}")},
    {"gguf_writer.zero_dimension", ENGINE_MESSAGE("EngineMessage", "tensor '{name}' has a zero dimension")},
    {"gguf_writer.row_blocks", ENGINE_MESSAGE("EngineMessage", "tensor '{name}': row length {row} is not a multiple of the {type} block size {block}")},
    {"gguf_writer.alignment", ENGINE_MESSAGE("EngineMessage", "{path}: alignment {alignment} must be a power of two >= 8")},
    {"gguf_writer.alignment_differs", ENGINE_MESSAGE("EngineMessage", "{path}: general.alignment {declared} differs from the writer's {alignment}")},

    // ---- the weights on a device (engine/model/llama_residency.cc)
    {"residency.weights_too_large", ENGINE_MESSAGE("EngineMessage", "the weights of {share} need {need} on {device}, which has {free} free of {total}")},
    {"residency.whole_model", ENGINE_MESSAGE("EngineMessage", "the whole model")},
    {"residency.allocate", ENGINE_MESSAGE("EngineMessage", "the weights on {device}: {reason}")},
};
// clang-format on

namespace catalogdetail {
template <std::size_t A, std::size_t B>
constexpr std::array<MessageTemplate, A + B> join(const MessageTemplate (&a)[A], const MessageTemplate (&b)[B])
{
    std::array<MessageTemplate, A + B> out{};
    for (std::size_t i = 0; i < A; ++i) out[i] = a[i];
    for (std::size_t i = 0; i < B; ++i) out[A + i] = b[i];
    return out;
}
}  // namespace catalogdetail

// The whole catalog: the core messages, then the framework exports'.
inline constexpr auto kMessageCatalog = catalogdetail::join(kCoreMessageCatalog, kExportMessageCatalog);

constexpr std::string_view messageTemplate(std::string_view id)
{
    for (const MessageTemplate& t : kMessageCatalog)
        if (t.id == id) return t.english;
    return {};
}

// Every catalogued message.
constexpr std::span<const MessageTemplate> messageCatalog() { return kMessageCatalog; }

// A catalogued id, checked at compile time.
struct MessageId {
    std::string_view id;
    consteval MessageId(const char* text) : id(text)
    {
        if (messageTemplate(id).empty()) throw "message id is not in engine/common/message_catalog.h";
    }
};

// The reason behind a failed system call: catalogued for the errors people
// meet (missing file, no permission, disk full), strerror's text otherwise.
Message systemErrorMessage(int error);

inline Message msg(MessageId id, std::initializer_list<MessageArg> args = {})
{
    return Message{std::string(id.id), std::vector<MessageArg>(args), {}};
}

// `pattern` with every "{name}" (lower-case letters, digits, '_') replaced by
// value(name); other braces are kept as they are.
template <typename ValueOf>
std::string fillTemplate(std::string_view pattern, const ValueOf& value)
{
    std::string out;
    size_t at = 0;
    while (at < pattern.size()) {
        const size_t open = pattern.find('{', at);
        const size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
        if (close == std::string_view::npos) break;
        const std::string_view name = pattern.substr(open + 1, close - open - 1);
        const bool isName = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
                                                 std::string_view::npos;
        out.append(pattern.substr(at, open - at));
        if (isName) out += value(name);
        else out.append(pattern.substr(open, close - open + 1));
        at = close + 1;
    }
    out.append(pattern.substr(at));
    return out;
}

}  // namespace engine
