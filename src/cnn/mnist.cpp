#include "cnn/mnist.h"

#include <fstream>
#include <iterator>

namespace cnn {

namespace {
uint32_t be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}
}  // namespace

IdxImages parse_idx_images(const uint8_t* data, std::size_t size, const std::string& name) {
  if (size < 16 || data == nullptr)
    throw MnistError(name + ": file too short for an IDX image header (" + std::to_string(size) + " of 16 bytes)");
  const uint32_t magic = be32(data);
  if (magic != 0x00000803)
    throw MnistError(name + ": wrong magic number " + hex(magic) + " (an IDX image file starts with 0x00000803" +
                     (magic == 0x00000801 ? "; this looks like a label file" : "") + ")");
  IdxImages out;
  const uint32_t count = be32(data + 4), rows = be32(data + 8), cols = be32(data + 12);
  if (rows == 0 || cols == 0 || rows > 1024 || cols > 1024)
    throw MnistError(name + ": image size " + std::to_string(rows) + "x" + std::to_string(cols) + " is out of range");
  if (count > 10000000) throw MnistError(name + ": image count " + std::to_string(count) + " is out of range");
  const uint64_t expected = 16 + uint64_t(count) * rows * cols;
  if (size != expected)
    throw MnistError(name + ": " + (size < expected ? "truncated" : "too long") + ": the header says " +
                     std::to_string(count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols) +
                     " = " + std::to_string(expected) + " bytes, the file has " + std::to_string(size));
  out.count = static_cast<int>(count);
  out.rows = static_cast<int>(rows);
  out.cols = static_cast<int>(cols);
  out.pixels.assign(data + 16, data + size);
  return out;
}

std::vector<uint8_t> parse_idx_labels(const uint8_t* data, std::size_t size, const std::string& name) {
  if (size < 8 || data == nullptr)
    throw MnistError(name + ": file too short for an IDX label header (" + std::to_string(size) + " of 8 bytes)");
  const uint32_t magic = be32(data);
  if (magic != 0x00000801)
    throw MnistError(name + ": wrong magic number " + hex(magic) + " (an IDX label file starts with 0x00000801" +
                     (magic == 0x00000803 ? "; this looks like an image file" : "") + ")");
  const uint32_t count = be32(data + 4);
  const uint64_t expected = 8 + uint64_t(count);
  if (size != expected)
    throw MnistError(name + ": " + (size < expected ? "truncated" : "too long") + ": the header says " +
                     std::to_string(count) + " labels = " + std::to_string(expected) + " bytes, the file has " +
                     std::to_string(size));
  return std::vector<uint8_t>(data + 8, data + size);
}

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open '" + path + "'");
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

MnistSet load_mnist(const std::string& dir, const std::string& prefix) {
  const std::string ip = dir + "/" + prefix + "-images-idx3-ubyte", lp = dir + "/" + prefix + "-labels-idx1-ubyte";
  std::vector<uint8_t> ib, lb;
  try {
    ib = read_file_bytes(ip);
    lb = read_file_bytes(lp);
  } catch (const std::exception& e) {
    throw MnistError(std::string(e.what()) + " (run scripts/fetch_mnist.sh to download MNIST)");
  }
  IdxImages images = parse_idx_images(ib.data(), ib.size(), ip);
  std::vector<uint8_t> labels = parse_idx_labels(lb.data(), lb.size(), lp);
  if (static_cast<std::size_t>(images.count) != labels.size())
    throw MnistError(ip + " has " + std::to_string(images.count) + " images but " + lp + " has " +
                     std::to_string(labels.size()) + " labels");
  if (images.rows != 28 || images.cols != 28)
    throw MnistError(ip + ": images are " + std::to_string(images.rows) + "x" + std::to_string(images.cols) +
                     ", MNIST digits are 28x28");
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] > 9)
      throw MnistError(lp + ": label " + std::to_string(labels[i]) + " at byte " + std::to_string(8 + i) +
                       " is not a digit 0..9");
  MnistSet set;
  set.count = images.count;
  set.rows = images.rows;
  set.cols = images.cols;
  set.images = std::move(images.pixels);
  set.labels = std::move(labels);
  return set;
}

}  // namespace cnn
