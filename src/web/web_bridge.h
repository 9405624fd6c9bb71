// The link between the app and the page's JavaScript (web/cnn_demo_api.js): main.cpp
// attaches the App here and reports start-up and every frame; the extern "C" functions in
// cnn_demo_exports.cpp answer window.CNNDemo's calls.
#pragma once
#include <string>

namespace app {
class App;
class TrainHost;
}

namespace web {

void attach(app::App* app);
// The App, for the page's calls (nullptr before start-up finished). Any call may change what
// the canvas shows, so it also wakes the main loop (take_wake()) if it was resting; except a
// call from the page's handlers inside after_frame(), which answers the frame just drawn.
app::App* attached();
// Asks the page to fetch shipped model `index` (src/web/model_exports.cpp; app::App::set_model_fetcher).
void fetch_model_file(int index, const char* name);
bool take_wake();
// The App for a report that only changes what the next frame shows (a training worker's
// progress, a few a second): it asks for one frame (take_news()) without waking the loop for
// kRestAfter seconds as attached() does, so a page that trains in a worker still rests.
app::App* attached_for_news();
bool take_news();
// The App for a call that only reads (a status poll): it asks for no frame at all.
app::App* peek();
// The page's side of the Train tab (train_exports.cpp): main.cpp gives it to the TrainController.
app::TrainHost& train_host();

// `s` as a JSON string literal, quotes included (", \ and control characters escaped).
std::string json_string(const std::string& s);

// Start-up failed (no WebGL2, model not loadable): the page shows `message` in words.
void report_failure(const char* message);
// After every frame: the first one resolves CNNDemo.ready; a changed prediction updates #prediction.
void after_frame();

}  // namespace web
