// The .cnnw weights file (format in docs/cnnw-format.md): magic, version, the
// architecture (layer kinds and shapes), the parameters and a CRC-32. Version 1 stores every
// parameter as little-endian float32; version 2 stores each tensor in the encoding its layer
// record names (float32, float16, or int8 with one float32 scale per output channel), and
// loading turns every one of them into float32 the same way on every platform.
// Every problem is reported as a WeightsError naming the problem and its byte offset: what()
// in English, message() as a key and values (cnn/message.h) for an interface to word.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cnn/message.h"
#include "cnn/network.h"

namespace cnn {

class WeightsError : public std::runtime_error, public MessageCarrier {
 public:
  explicit WeightsError(Message m) : std::runtime_error(english(m)), MessageCarrier(std::move(m)) {}
};

// How version 2 stores one parameter tensor (the code written in its layer record).
enum class Encoding : uint32_t {
  Float32 = 1,  // 4 bytes a value
  Float16 = 2,  // IEEE-754 binary16, 2 bytes a value
  Int8 = 3,     // weights only: one float32 scale per output channel, then one signed byte a value,
                // value = q * scale (channels: a Convolution's filters, an Affine's output columns)
};
const char* encoding_name(Encoding e);  // "float32", "float16", "int8"

struct WeightsFormat {
  uint32_t version = 1;                  // 1: everything float32 (the encodings below are ignored)
  Encoding weights = Encoding::Float32;  // every W (version 2)
  Encoding biases = Encoding::Float32;   // every b (version 2; Float32 or Float16)
};
// Version 2 with the encodings chosen for shipping (docs/cnnw-format.md has the measurements).
WeightsFormat compact_weights_format();

// Version 1 (lossless) unless told otherwise. A version-2 writer refuses values it cannot
// store (non-finite, or beyond float16's range).
std::vector<uint8_t> save_weights(Network& net, const WeightsFormat& format = {});
void save_weights_file(Network& net, const std::string& path, const WeightsFormat& format = {});

// Builds the network the file describes and loads its parameters. Weights that are finite but
// absurd are refused too: the network must give finite outputs and probabilities on three fixed
// images (blank, full, pseudo-random).
std::unique_ptr<Network> load_network(const uint8_t* data, std::size_t size);
std::unique_ptr<Network> load_network_file(const std::string& path);

// Loads parameters into an existing network; the file's architecture must match it
// exactly (otherwise the error names both shapes), and the weights pass the same checks as in
// load_network (the test images run on a copy). On error `net` is left unchanged.
void load_weights(Network& net, const uint8_t* data, std::size_t size);

uint32_t crc32(const uint8_t* data, std::size_t size);

// IEEE-754 binary16 conversions used by version 2 (round to nearest, ties to even; values beyond
// 65504 become infinity). half_to_float is exact.
uint16_t float_to_half(float f);
float half_to_float(uint16_t h);

}  // namespace cnn
