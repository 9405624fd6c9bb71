// What the Train panel asks of the page (implemented in src/web/train_exports.cpp with
// web/cnn_demo_api.js): fetching the data file, saving a file, picking a file to upload,
// running training between frames.
#pragma once
#include <cstdint>
#include <vector>

namespace app::train_host {

// Fetches dist/mnist-train.cnnd; the answer comes back through TrainPanel::data_arrived / data_failed.
void fetch_data();
// Offers `bytes` as a download named `filename` (a Blob and a link).
void download(const std::vector<uint8_t>& bytes, const char* filename);
// Opens the browser's file chooser; the chosen file comes back through TrainPanel::import_weights.
void pick_weights_file();
// Runs TrainPanel::train_between_frames in tasks after the current frame (the page's event
// loop gets its turn between them) until it returns false; nothing if they already run.
void train_after_frame();
// Seconds from a steady clock (performance.now()).
double now_seconds();

}  // namespace app::train_host
