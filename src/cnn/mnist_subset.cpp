#include "cnn/mnist_subset.h"

#include <cstring>
#include <string>

#include "cnn/weights_io.h"  // crc32

namespace cnn {

namespace {
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get_u32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
void append(std::vector<uint8_t>& out, const MnistSet& s, int count) {
  out.insert(out.end(), s.labels.begin(), s.labels.begin() + count);
}
}  // namespace

std::vector<uint8_t> make_mnist_subset(const MnistSet& train, const MnistSet& test, int train_count, int test_count) {
  if (train_count <= 0 || train_count > train.count || test_count <= 0 || test_count > test.count)
    throw MnistError(phrase("data.subset_sizes", {number(train.count), number(test.count)}));
  const size_t px = static_cast<size_t>(train.rows) * train.cols;
  std::vector<uint8_t> out{'C', 'N', 'N', 'D'};
  for (uint32_t v : {1u, uint32_t(train_count), uint32_t(test_count), uint32_t(train.rows), uint32_t(train.cols)})
    put_u32(out, v);
  append(out, train, train_count);
  out.insert(out.end(), train.images.begin(), train.images.begin() + static_cast<long>(train_count * px));
  append(out, test, test_count);
  out.insert(out.end(), test.images.begin(), test.images.begin() + static_cast<long>(test_count * px));
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

namespace {
MnistError invalid_at(std::size_t at, Message why) {
  return MnistError(phrase("data.invalid_at", {number(static_cast<long long>(at)), std::move(why)}));
}
Message count(uint64_t v) { return number(static_cast<long long>(v)); }
}  // namespace

std::size_t mnist_subset_bytes(uint32_t train_count, uint32_t test_count) {
  return kMnistSubsetHeaderSize + (std::size_t(train_count) + test_count) * (1 + kMnistPixels) + 4;
}

std::size_t mnist_subset_size(const uint8_t* header, std::size_t n) {
  // 28: a header and a CRC, the smallest file that can be read at all.
  if (header == nullptr || n < kMnistSubsetHeaderSize) throw invalid_at(n, phrase("data.too_short", {count(n)}));
  if (std::memcmp(header, "CNND", 4) != 0) throw invalid_at(0, phrase("data.magic"));
  if (get_u32(header + 4) != 1) throw invalid_at(4, phrase("data.version", {count(get_u32(header + 4))}));
  const uint32_t ntrain = get_u32(header + 8), ntest = get_u32(header + 12), rows = get_u32(header + 16),
                 cols = get_u32(header + 20);
  if (rows != kMnistRows || cols != kMnistCols)
    throw invalid_at(16, phrase("data.image_size", {count(kMnistRows), count(kMnistCols)}));
  if (ntrain == 0 || ntrain > kMnistSubsetMaxTrain || ntest == 0 || ntest > kMnistSubsetMaxTest)
    throw invalid_at(8, phrase("data.counts"));
  return mnist_subset_bytes(ntrain, ntest);
}

MnistSubset parse_mnist_subset(const uint8_t* data, std::size_t size) {
  if (data == nullptr || size < 28) throw invalid_at(size, phrase("data.too_short", {count(size)}));
  const std::size_t expected = mnist_subset_size(data, size);
  const uint32_t ntrain = get_u32(data + 8), ntest = get_u32(data + 12);
  if (size != expected)
    throw invalid_at(size < expected ? size : expected,
                     phrase(size < expected ? "data.truncated" : "data.too_long", {count(expected), count(size)}));
  const uint32_t stored = get_u32(data + size - 4), computed = crc32(data, size - 4);
  if (stored != computed) throw invalid_at(size - 4, phrase("data.checksum"));
  MnistSubset s;
  const uint8_t* p = data + 24;
  auto take = [&](MnistSet& set, uint32_t n) {
    set.count = static_cast<int>(n);
    set.labels.assign(p, p + n);
    for (uint32_t i = 0; i < n; ++i)
      if (set.labels[i] > 9) throw invalid_at(static_cast<std::size_t>(p - data) + i, phrase("data.label"));
    p += n;
    set.images.assign(p, p + static_cast<size_t>(n) * 784);
    p += static_cast<size_t>(n) * 784;
  };
  take(s.train, ntrain);
  take(s.test, ntest);
  return s;
}

}  // namespace cnn
