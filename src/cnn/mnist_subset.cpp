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

MnistSubset parse_mnist_subset(const uint8_t* data, std::size_t size) {
  auto fail = [](std::size_t at, Message why) -> MnistError {
    return MnistError(phrase("data.invalid_at", {number(static_cast<long long>(at)), std::move(why)}));
  };
  auto num = [](uint64_t v) { return number(static_cast<long long>(v)); };
  if (data == nullptr || size < 28) throw fail(size, phrase("data.too_short", {num(size)}));
  if (std::memcmp(data, "CNND", 4) != 0) throw fail(0, phrase("data.magic"));
  if (get_u32(data + 4) != 1) throw fail(4, phrase("data.version", {num(get_u32(data + 4))}));
  const uint32_t ntrain = get_u32(data + 8), ntest = get_u32(data + 12), rows = get_u32(data + 16),
                 cols = get_u32(data + 20);
  if (rows != kMnistRows || cols != kMnistCols) throw fail(16, phrase("data.image_size", {num(kMnistRows), num(kMnistCols)}));
  if (ntrain == 0 || ntrain > 60000 || ntest == 0 || ntest > 10000) throw fail(8, phrase("data.counts"));
  const uint64_t expected = 24 + uint64_t(ntrain + ntest) * (1 + 784) + 4;
  if (size != expected)
    throw fail(size < expected ? size : expected,
               phrase(size < expected ? "data.truncated" : "data.too_long", {num(expected), num(size)}));
  const uint32_t stored = get_u32(data + size - 4), computed = crc32(data, size - 4);
  if (stored != computed) throw fail(size - 4, phrase("data.checksum"));
  MnistSubset s;
  const uint8_t* p = data + 24;
  auto take = [&](MnistSet& set, uint32_t n) {
    set.count = static_cast<int>(n);
    set.labels.assign(p, p + n);
    for (uint32_t i = 0; i < n; ++i)
      if (set.labels[i] > 9) throw fail(static_cast<std::size_t>(p - data) + i, phrase("data.label"));
    p += n;
    set.images.assign(p, p + static_cast<size_t>(n) * 784);
    p += static_cast<size_t>(n) * 784;
  };
  take(s.train, ntrain);
  take(s.test, ntest);
  return s;
}

}  // namespace cnn
