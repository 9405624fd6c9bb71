// Browser entry point: SDL2 + WebGL2 (OpenGL ES 3) + Dear ImGui, after ImGui's
// examples/example_sdl2_opengl3/main.cpp. The demo itself is app::App (app.h); the page's
// JavaScript API lives in src/web/ and web/.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <utility>
#include <vector>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "app/ui/fonts.h"
#include "embedded_model.h"    // kEmbeddedModels: the models of CNN_MODELS (cmake/web.cmake)
#include "embedded_samples.h"  // 100 MNIST test digits from `cnn samples`
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "web/pointer_trail.h"
#include "web/web_bridge.h"

namespace {

SDL_Window* g_window = nullptr;
app::App g_app;


// Resting: kRestAfter seconds after the last input event (mouse, touch, keys, resize), call
// from the page or animation, the main loop stops building and drawing frames; the canvas keeps
// the last one, and the loop only looks for input every kRestPollMs (a timer instead of
// requestAnimationFrame, so the browser has no frames to make either). An idle tab (a student
// listening to the lecture, several demos on one course page) then costs next to no CPU or GPU.
// The delay covers ImGui's hover effects and tooltips; SDL queues the input that wakes it.
// A report of the training worker draws one frame (web::take_news()) and lets it rest again:
// training in the worker takes no frames from the page, only its few reports a second do.
constexpr double kRestAfter = 2.0;
constexpr int kRestPollMs = 50;
double g_last_activity_ms = 0;
bool g_resting = false;

bool should_rest() {
  SDL_Event event;
  bool input = false;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    input = true;
  }
  const double now = emscripten_get_now();
  const bool news = web::take_news();  // one frame for it, resting or not
  // (take_wake() first: it must be cleared every frame.)
  if (web::take_wake() || input || g_app.animating() || ImGui::GetIO().WantTextInput || g_last_activity_ms == 0)
    g_last_activity_ms = now;
  return !news && now - g_last_activity_ms > kRestAfter * 1000.0;
}

void main_loop() {
  const bool rest = should_rest();
  std::vector<ImVec2> trail = web::take_pointer_trail();  // taken every time: never a stale one
  if (rest != g_resting) {
    g_resting = rest;
    if (rest)
      emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, kRestPollMs);
    else
      emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
  }
  if (rest) return;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  g_app.set_pointer_trail(std::move(trail));
  g_app.frame();
  ImGui::Render();
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the window background: app.cpp draws none
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(g_window);
  web::after_frame();
}

}  // namespace

int main(int, char**) {
  // 1. The model, once (never per prediction).
  std::vector<app::ShippedModel> models;
  for (const EmbeddedModel& m : kEmbeddedModels) models.push_back({m.name, m.bytes, m.size, m.file, m.file_size});
  if (!g_app.load(std::move(models), kEmbeddedSamples, kEmbeddedSamples_size)) {
    char msg[512];
    std::snprintf(msg, sizeof msg, app::tr("error.model"), g_app.model_error().c_str());
    web::report_failure(msg);
    return 1;
  }

  // 2. SDL with a WebGL2 (OpenGL ES 3.0) context on #canvas; keys only while it has focus.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    web::report_failure(SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  double css_w = 1280, css_h = 800;  // the canvas fills the window (CSS); SDL follows resizes
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  g_window = SDL_CreateWindow("CNN demo", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, static_cast<int>(css_w),
                              static_cast<int>(css_h), SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext gl = g_window ? SDL_GL_CreateContext(g_window) : nullptr;
  if (!gl) {
    web::report_failure(app::tr("error.webgl"));
    return 1;
  }
  SDL_GL_MakeCurrent(g_window, gl);
  SDL_GL_SetSwapInterval(1);

  // 3. Dear ImGui.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to save on the web
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  app::apply_theme();
  g_app.set_fonts(app::load_ui_fonts(static_cast<float>(emscripten_get_device_pixel_ratio())));
  ImGui_ImplSDL2_InitForOpenGL(g_window, gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  // 4. The app's GL resources, then the page's API, then the main loop.
  if (!g_app.init_graphics()) {
    web::report_failure(g_app.renderer_error());
    return 1;
  }
  g_app.train().set_host(&web::train_host());
  web::attach(&g_app);
  web::listen_pointer_trail();
  emscripten_set_main_loop(main_loop, 0, true);
  return 0;
}
