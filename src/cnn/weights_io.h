// The .cnnw weights file (format in docs/cnnw-format.md): magic, version, the
// architecture (layer kinds and shapes), little-endian float32 parameters and a CRC-32.
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

std::vector<uint8_t> save_weights(Network& net);
void save_weights_file(Network& net, const std::string& path);

// Builds the network the file describes and loads its parameters.
std::unique_ptr<Network> load_network(const uint8_t* data, std::size_t size);
std::unique_ptr<Network> load_network_file(const std::string& path);

// Loads parameters into an existing network; the file's architecture must match it
// exactly (otherwise the error names both shapes). On error `net` is left unchanged.
void load_weights(Network& net, const uint8_t* data, std::size_t size);

uint32_t crc32(const uint8_t* data, std::size_t size);

}  // namespace cnn
