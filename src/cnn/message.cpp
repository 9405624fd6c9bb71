#include "cnn/message.h"

#include <cstring>

namespace cnn {

namespace {

// The core's messages in English, one line each. The demo words the same keys in Korean in
// src/app/ui/i18n_core_ko.inc (a native test checks that every key here has a Korean wording).
const Wording kCatalogue[] = {
    // .cnnw weights files (weights_io.cpp)
    {"weights.null", "weights data pointer is null"},
    {"weights.truncated", "weights file truncated at byte {0}: expected {1} at byte {2} ({3} bytes)"},
    {"weights.truncated_tensor", "weights file truncated at byte {0}: expected {1} for {2} at bytes {3}..{4}"},
    {"weights.stored_f32", "{0} floats {1}"},
    {"weights.stored_f16", "{0} float16 values {1}"},
    {"weights.stored_int8", "{0} float32 scales and {1} int8 values {2}"},
    {"weights.truncated_crc", "weights file truncated at byte {0}: expected the CRC-32 at byte {1}"},
    {"weights.part.magic", "the magic \"CNNW\""},
    {"weights.part.version", "the format version"},
    {"weights.part.input", "the input {0}"},
    {"weights.part.layer_count", "the layer count"},
    {"weights.part.kind", "the kind of layer {0}"},
    {"weights.part.name_length", "the name length of layer {0}"},
    {"weights.part.name", "the name of layer {0}"},
    {"weights.part.shape", "the shape of {0} '{1}'"},
    {"weights.part.checksum", "the checksum"},
    {"weights.part.float", "a float"},
    {"weights.part.encoding", "the encoding of {0}"},
    {"weights.part.scale", "a scale"},
    {"weights.invalid_at", "weights file invalid at byte {0}: {1}"},
    {"weights.magic", "wrong magic: this is not a .cnnw weights file (expected \"CNNW\")"},
    {"weights.version", "unknown format version {0} (this program reads versions 1 to {1})"},
    {"weights.input_too_big", "the input {0} has more than {1} values"},
    {"weights.encoding", "unknown encoding {0} for {1} (1 float32, 2 float16, 3 int8 with per-channel scales)"},
    {"weights.int8_bias", "int8 encoding is for weights only, not for the bias {0}"},
    {"weights.tensor_too_big", "{0} {1} would have more than {2} parameters"},
    {"weights.scale", "int8 scale {0} of {1} channel {2} must be a positive finite number"},
    {"weights.which_layer", "layer {0} ({1} '{2}')"},
    {"weights.layer_too_big", "{0} would hold {1} values for one image (limit {2})"},
    {"weights.too_much_work", "the network would need more than {0} operations per image (reached at {1})"},
    {"weights.test_blank", "a blank test image (every pixel 0)"},
    {"weights.test_full", "a full test image (every pixel 1)"},
    {"weights.test_random", "a fixed pseudo-random test image"},
    {"weights.absurd_output", "weights refused: the values are finite but absurd: on {0} the network's output for class {1} is {2}, so it could never give a valid prediction"},
    {"weights.absurd_probability", "weights refused: the values are finite but absurd: on {0} the network's probability for class {1} is {2}, so it could never give a valid prediction"},
    {"weights.save_non_finite", "cannot save {0}[{1}] in version 2: it is not finite"},
    {"weights.save_f16_range", "cannot save {0}[{1}] = {2} as float16 (its largest value is 65504)"},
    {"weights.save_version", "save_weights: unknown format version {0}"},
    {"weights.save_int8_bias", "save_weights: int8 encoding is for weights only, not for biases"},
    {"weights.input_range", "input {0} = {1} is out of range"},
    {"weights.layer_count", "layer count {0} is out of range (1..{1})"},
    {"weights.kind", "unknown layer kind {0} for layer {1}"},
    {"weights.name_length", "name length {0} of layer {1} is out of range"},
    {"weights.name_char", "the name of layer {0} has a non-printable character"},
    {"weights.field", "field {0} of {1} '{2}' = {3} is out of range"},
    {"weights.too_many_params", "the network would have more than {0} parameters"},
    {"weights.extra_bytes", "{0} unexpected bytes after the checksum (file is {1} bytes, the architecture needs {2})"},
    {"weights.checksum", "checksum mismatch: stored CRC-32 {0}, computed {1} (the file is damaged)"},
    {"weights.non_finite", "non-finite value ({0}) in {1}[{2}]"},
    {"weights.nan", "NaN"},
    {"weights.infinity", "infinity"},
    {"weights.impossible", "weights file describes an impossible network: {0}"},
    {"weights.in_file", "{0}: {1}"},
    {"weights.mismatch_input", "architecture mismatch: the file's input is {0}, the network's is {1}"},
    {"weights.mismatch_count", "architecture mismatch: the file has {0} layers, the network has {1}"},
    {"weights.mismatch_kind", "architecture mismatch at layer {0}: the file has {1} '{2}', the network has {3} '{4}'"},
    {"weights.mismatch_shape", "architecture mismatch at layer {0} ({1} '{2}'): the file's {3} {4} vs the network's {5}"},
    {"weights.mismatch_fields", "architecture mismatch at layer {0} ({1} '{2}'): stride, padding or window differ"},
    {"weights.cannot_save_kind", "cannot save layer kind {0}"},
    {"weights.save_input", "save_weights: the network input must be (C, H, W)"},
    {"weights.cannot_write", "cannot open '{0}' for writing"},
    {"weights.write_failed", "failed writing '{0}'"},
    // .cnnd training data files (mnist_subset.cpp)
    {"data.subset_sizes", "subset sizes must be within the training ({0}) and test ({1}) set sizes"},
    {"data.invalid_at", "training data file invalid at byte {0}: {1}"},
    {"data.too_short", "file too short ({0} bytes) for the header"},
    {"data.magic", "wrong magic (expected \"CNND\")"},
    {"data.version", "unknown format version {0}"},
    {"data.image_size", "images must be {0}x{1}"},
    {"data.counts", "image counts out of range"},
    {"data.truncated", "truncated: expected {0} bytes, got {1}"},
    {"data.too_long", "too long: expected {0} bytes, got {1}"},
    {"data.checksum", "checksum mismatch (the file is damaged)"},
    {"data.label", "label is not a digit 0..9"},
    // Training (trainer.cpp, optimizer.cpp)
    {"trainer.empty", "Trainer: empty training set"},
    {"trainer.batch", "Trainer: batch size must be positive"},
    {"trainer.shape", "Trainer: the network takes {0} but the images are (1, {1}, {2})"},
    {"optimizer.lr", "learning rate must be a positive number"},
    {"optimizer.unknown", "unknown optimizer '{0}' (choose {1})"},
    {"optimizer.choices", "{0}, {1} or {2}"},
};

}  // namespace

Message text(std::string value) {
  Message m;
  m.text = std::move(value);
  return m;
}

Message number(long long value) { return text(std::to_string(value)); }

std::string grouped(long long value) {
  const unsigned long long magnitude = value < 0 ? 0ull - static_cast<unsigned long long>(value) : value;
  const std::string digits = std::to_string(magnitude);
  std::string out = value < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

Message grouped_number(long long value) { return text(grouped(value)); }

Message phrase(std::string key, std::vector<Message> args) {
  Message m;
  m.key = std::move(key);
  m.args = std::move(args);
  return m;
}

std::string fill(const std::string& wording, const std::vector<std::string>& values) {
  std::string out;
  out.reserve(wording.size() + 32);
  for (std::size_t i = 0; i < wording.size(); ++i) {
    const char c = wording[i];
    if ((c == '{' || c == '}') && i + 1 < wording.size() && wording[i + 1] == c) {  // "{{", "}}": literal
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      std::size_t j = i + 1, n = 0;
      while (j < wording.size() && wording[j] >= '0' && wording[j] <= '9') n = n * 10 + (wording[j++] - '0');
      if (j > i + 1 && j < wording.size() && wording[j] == '}') {
        if (n < values.size()) out += values[n];
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const char* english_wording(const std::string& key) {
  for (const Wording& w : kCatalogue)
    if (key == w.key) return w.text;
  return nullptr;
}

std::vector<std::string> message_keys() {
  std::vector<std::string> keys;
  for (const Wording& w : kCatalogue) keys.push_back(w.key);
  return keys;
}

std::string english(const Message& m) {
  if (m.key.empty()) return m.text;
  std::vector<std::string> values;
  for (const Message& a : m.args) values.push_back(english(a));
  const char* wording = english_wording(m.key);
  return fill(wording ? wording : m.key, values);
}

Message message_of(const std::exception& e) {
  if (const auto* carrier = dynamic_cast<const MessageCarrier*>(&e)) return carrier->message();
  return text(e.what());
}

}  // namespace cnn
