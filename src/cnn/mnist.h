// Reader for the original MNIST IDX files (train-images-idx3-ubyte, ...).
// IDX: big-endian magic 0x00000803 (images) / 0x00000801 (labels), then the dimensions,
// then unsigned bytes. Every check failure throws MnistError with the file name and why.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cnn/message.h"

namespace cnn {

// MNIST's geometry, defined once: every digit is 28×28 grey pixels (784 values), of 10 classes.
// Everything else in the project (the demo's input, the preprocessing, the data files, the
// tools) takes these; code that assumes them says so with a static_assert.
constexpr int kMnistRows = 28, kMnistCols = 28;
constexpr int kMnistPixels = kMnistRows * kMnistCols;  // 784
constexpr int kMnistClasses = 10;

// what() in English; message() as a key and values (cnn/message.h). The IDX reader's messages
// (read only by the `cnn` tool) are plain English values; the .cnnd subset's are keyed.
class MnistError : public std::runtime_error, public MessageCarrier {
 public:
  explicit MnistError(Message m) : std::runtime_error(english(m)), MessageCarrier(std::move(m)) {}
  explicit MnistError(const std::string& english_text) : MnistError(text(english_text)) {}
};

struct IdxImages {
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels;  // count * rows * cols, 0 = background, 255 = ink
};

IdxImages parse_idx_images(const uint8_t* data, std::size_t size, const std::string& name = "images");
std::vector<uint8_t> parse_idx_labels(const uint8_t* data, std::size_t size, const std::string& name = "labels");

// A labelled set: images (count×rows×cols bytes) and labels (0..9).
struct MnistSet {
  int count = 0, rows = kMnistRows, cols = kMnistCols;
  std::vector<uint8_t> images;
  std::vector<uint8_t> labels;
};

// Reads <dir>/<prefix>-images-idx3-ubyte and <dir>/<prefix>-labels-idx1-ubyte,
// prefix "train" or "t10k"; checks the counts agree and the labels are 0..9.
MnistSet load_mnist(const std::string& dir, const std::string& prefix);

std::vector<uint8_t> read_file_bytes(const std::string& path);  // throws std::runtime_error

}  // namespace cnn
