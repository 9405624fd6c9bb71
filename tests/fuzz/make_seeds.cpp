// Writes the small seed corpora the fuzz targets start from: valid files of each kind,
// made by the project's own code (no third-party data).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cnn/weights_io.h"

static void write(const std::string& path, const std::vector<uint8_t>& b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<long>(b.size()));
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string dir = argv[1];
  // Weights: two small networks of the SimpleConvNet family, in version 1 (float32) and in
  // version 2's encodings (int8 weights with float32 biases, float16 throughout).
  for (int filters : {2, 3}) {
    cnn::SimpleConvNetConfig c;
    c.height = c.width = 8;
    c.filters = filters;
    c.filter_size = 3;
    c.hidden = 4;
    auto net = cnn::make_simple_conv_net(c);
    cnn::Rng rng(filters);
    cnn::init_weights(*net, rng);
    const std::string name = dir + "/weights/net" + std::to_string(filters);
    write(name + ".cnnw", cnn::save_weights(*net));
    write(name + "-v2-int8.cnnw", cnn::save_weights(*net, {2, cnn::Encoding::Int8, cnn::Encoding::Float32}));
    write(name + "-v2-float16.cnnw", cnn::save_weights(*net, {2, cnn::Encoding::Float16, cnn::Encoding::Float16}));
  }
  // IDX: 2 images of 3x2, and 3 labels.
  write(dir + "/idx/images", {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  write(dir + "/idx/labels", {0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9});
  // Preprocess: an 8x8 image with a diagonal stroke, and one with a NaN.
  std::vector<uint8_t> img{8, 8};
  for (int i = 0; i < 64; ++i) {
    float v = (i % 9 == 0) ? 1.0f : 0.0f;
    if (i == 20) v = std::nanf("");
    const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
    img.insert(img.end(), p, p + 4);
  }
  write(dir + "/preprocess/stroke", img);
  std::printf("seed corpora written to %s\n", dir.c_str());
  return 0;
}
