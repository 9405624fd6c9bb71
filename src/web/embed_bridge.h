// Embedding: C++ → page notifications beyond web_bridge.h's. After every frame the page's
// text alternative of the canvas (#screen-description, web/embed.js) is updated when the
// screen's description changes (App::screen_description).
#pragma once

namespace app {
class App;
}

namespace web {

void notify_description(const app::App& app);
// After every frame too: Module.cnnDemoProgress() when the practice / visit state changed
// (practice_exports.cpp).
void notify_progress(const app::App& app);

}  // namespace web
