#include "app/demo/samples.h"

#include <cstring>

namespace app {

namespace {
uint32_t read_u32_le(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
}  // namespace

std::string parse_samples(const uint8_t* data, std::size_t size, std::vector<SampleDigit>& out) {
  out.clear();
  if (data == nullptr || size < 16) return "sample file too short (" + std::to_string(size) + " bytes, header is 16)";
  if (std::memcmp(data, "CNNS", 4) != 0) return "sample file does not start with \"CNNS\"";
  const uint32_t count = read_u32_le(data + 4), rows = read_u32_le(data + 8), cols = read_u32_le(data + 12);
  if (rows != static_cast<uint32_t>(kInputSide) || cols != static_cast<uint32_t>(kInputSide))
    return "sample digits are " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected 28x28";
  const std::size_t record = 1 + kInputSize;
  if (count > (size - 16) / record || 16 + count * record != size)
    return "sample file holds " + std::to_string(size) + " bytes, expected " + std::to_string(16 + count * record) +
           " for " + std::to_string(count) + " digits";
  out.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* r = data + 16 + i * record;
    if (r[0] > 9) {
      out.clear();
      return "sample " + std::to_string(i) + " has label " + std::to_string(r[0]) + " (expected 0..9)";
    }
    out[i].label = r[0];
    for (int k = 0; k < kInputSize; ++k) out[i].pixels[k] = r[1 + k] / 255.0f;
  }
  return "";
}

}  // namespace app
