// Architectures as text: a network is a list of layers, and this file writes that list as a
// short line a student can read and type, e.g. SimpleConvNet is
//   conv30x5,relu,pool2,affine100,relu,affine10
// and the two-stage CNN of the lecture's "Conv-ReLU-Pooling" blocks is
//   conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10
// Items:  conv<FN>x<F>[p<P>][s<S>]   FN filters of F×F, padding P (default 0), stride S (default 1)
//         pool<K>[s<S>]              K×K max pooling, stride S (default K)
//         relu
//         affine<N>                  N outputs (the input size follows from the previous layer)
// Layers are named as the book does: conv1, relu1, pool1, affine1, … counted per kind.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cnn/network.h"

namespace cnn {

// The architectures with names (`cnn train --arch NAME`, the demo's model switch).
struct NamedArchitecture {
  const char* name;  // "simple", "two-stage"
  const char* spec;  // the layer list
};
const std::vector<NamedArchitecture>& named_architectures();

// The layer list of a name, or `spec_or_name` itself when it is no name.
std::string architecture_spec(const std::string& spec_or_name);

// Builds the network a layer list (or a name) describes, for one input of `input` (C, H, W).
// Throws std::invalid_argument naming the item that cannot be read or does not fit.
std::unique_ptr<Network> make_network(const std::string& spec_or_name, const Shape& input);

// The layer list of an existing network ("conv30x5,relu,pool2,affine100,relu,affine10").
std::string architecture_of(const Network& net);
// The name of the network's architecture ("simple", "two-stage"), or "" when it has none.
std::string architecture_name(const Network& net);

}  // namespace cnn
