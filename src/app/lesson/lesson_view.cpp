// The Lesson tab's frame: the panel list, Previous / Next, and panels 1 (why not fully
// connected?) and 7 (the whole network). Panels 2–4 are in lesson_conv_panels.cpp,
// 5–6 in lesson_pool_im2col_panels.cpp.
#include "app/lesson/lesson_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/ui/i18n.h"
#include "app/lesson/widgets.h"
#include "cnn/layers.h"
#include "imgui.h"

namespace app {

using namespace lesson;

namespace {
const char* const kPanelKeys[7] = {"lesson.p1", "lesson.p2", "lesson.p3", "lesson.p4",
                                   "lesson.p5", "lesson.p6", "lesson.p7"};
}

void LessonView::heading(const char* text) {
  if (fonts_ && fonts_->heading) ImGui::PushFont(fonts_->heading);
  ImGui::TextUnformatted(text);
  if (fonts_ && fonts_->heading) ImGui::PopFont();
}

void LessonView::play_controls(const char* id, int& step, int count, bool& playing, const UiState& ui) {
  ImGui::PushID(id);
  if (count <= 0) playing = false;
  if (ui.reduced_motion) playing = false;
  ImGui::BeginDisabled(count <= 0);
  if (ImGui::Button(tr("lesson.back"))) { step = (step - 1 + count) % count; playing = false; }
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.reduced_motion);
  if (ImGui::Button(playing ? tr("lesson.pause") : tr("lesson.play"), ImVec2(90, 0))) {
    playing = !playing;
    play_clock_ = 0;
  }
  ImGui::EndDisabled();
  if (ui.reduced_motion && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr("lesson.reduced_motion_tip"));
  ImGui::SameLine();
  if (ImGui::Button(tr("lesson.step"))) { step = (step + 1) % count; playing = false; }
  ImGui::EndDisabled();
  if (count > 0) {
    ImGui::SameLine();
    ImGui::TextColored(kMuted, tr("lesson.step_of"), step + 1, count);
  }
  if (playing) {
    play_clock_ += ImGui::GetIO().DeltaTime;
    if (play_clock_ >= 0.9f) {
      play_clock_ = 0;
      step = (step + 1) % count;
    }
  }
  ImGui::PopID();
}

LessonAction LessonView::show(Model& model, const float* pixels, bool pixels_empty, UiState& ui,
                              const UiFonts& fonts) {
  fonts_ = &fonts;
  LessonAction act;
  auto label = [](int i) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%d. %s", i + 1, tr(kPanelKeys[i]));
    return std::string(buf);
  };
  const float list_w = 250;
  if (ImGui::GetContentRegionAvail().x < list_w + 500) {
    // Narrow (a phone, an LMS side column): the list of panels becomes one row above the panel.
    const float arrow = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginDisabled(panel_ == 0);
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) panel_ = std::max(0, panel_ - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - arrow - gap));
    if (ImGui::BeginCombo("##panel", label(panel_).c_str())) {
      for (int i = 0; i < 7; ++i)
        if (ImGui::Selectable(label(i).c_str(), panel_ == i)) panel_ = i;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(panel_ == 6);
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) panel_ = std::min(6, panel_ + 1);
    ImGui::EndDisabled();
    ImGui::Checkbox(tr("lesson.reduced_motion"), &ui.reduced_motion);
    ImGui::Separator();
  } else {
    // Left: the seven panels, Previous / Next, reduced motion.
    ImGui::BeginChild("##lesson_list", ImVec2(list_w, 0), ImGuiChildFlags_Border);
    heading(tr("lesson.contents"));
    ImGui::Spacing();
    for (int i = 0; i < 7; ++i)
      if (ImGui::Selectable(label(i).c_str(), panel_ == i, 0, ImVec2(0, 28))) panel_ = i;
    ImGui::Spacing();
    ImGui::BeginDisabled(panel_ == 0);
    if (ImGui::Button(tr("lesson.prev"), ImVec2(105, 0))) panel_ = std::max(0, panel_ - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(panel_ == 6);
    if (ImGui::Button(tr("lesson.next"), ImVec2(105, 0))) panel_ = std::min(6, panel_ + 1);
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Checkbox(tr("lesson.reduced_motion"), &ui.reduced_motion);
    ImGui::EndChild();
    ImGui::SameLine(0, 16);
  }
  ImGui::BeginChild("##lesson_panel", ImVec2(0, 0), 0, ImGuiWindowFlags_HorizontalScrollbar);
  if (fonts.title) ImGui::PushFont(fonts.title);
  ImGui::Text("%d. %s", panel_ + 1, tr(kPanelKeys[panel_]));
  if (fonts.title) ImGui::PopFont();
  ImGui::Spacing();
  switch (panel_) {
    case 0: panel_fully_connected(pixels, pixels_empty, act); break;
    case 1: panel_convolution(ui); break;
    case 2: panel_padding_stride(ui); break;
    case 3: panel_3d_4d(); break;
    case 4: panel_pooling(ui); break;
    case 5: panel_im2col(); break;
    case 6: panel_network(model, pixels, pixels_empty, act); break;
  }
  ImGui::EndChild();
  return act;
}

// 1. Why not fully connected? ------------------------------------------------------------------
void LessonView::panel_fully_connected(const float* pixels, bool empty, LessonAction& act) {
  explain(tr("lesson.fc.intro"));
  if (ImGui::Button(tr("lesson.fc.sample"))) act.load_sample = true;
  if (empty) {
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "%s", tr("lesson.fc.empty"));
  }
  ImGui::Spacing();
  const int K = 5;  // SimpleConvNet's 5×5 filter window
  const FlattenWindow fw = flatten_window(28, 28, fc_row_, fc_col_, K);
  const std::vector<float> row = flatten_image(pixels, 28, 28);
  const int sel = fc_row_ * 28 + fc_col_;

  // The 28×28 image, one cell per pixel; the window around the chosen pixel.
  ImGui::BeginGroup();
  heading(tr("lesson.fc.image"));
  const float cs = 11;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  for (int r = 0; r < 28; ++r)
    for (int c = 0; c < 28; ++c) {
      const int g = static_cast<int>(std::clamp(row[r * 28 + c], 0.0f, 1.0f) * 235 + 20);
      dl->AddRectFilled(ImVec2(p0.x + c * cs, p0.y + r * cs), ImVec2(p0.x + (c + 1) * cs, p0.y + (r + 1) * cs),
                        IM_COL32(g, g, g, 255));
    }
  ImGui::InvisibleButton("##img", ImVec2(28 * cs, 28 * cs));
  if (ImGui::IsItemActive() || ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActive() || ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      fc_col_ = std::clamp(static_cast<int>((m.x - p0.x) / cs), 0, 27);
      fc_row_ = std::clamp(static_cast<int>((m.y - p0.y) / cs), 0, 27);
    }
  }
  const int r0 = fw.indices.front() / 28, c0 = fw.indices.front() % 28;
  dl->AddRect(ImVec2(p0.x + c0 * cs, p0.y + r0 * cs), ImVec2(p0.x + (c0 + K) * cs, p0.y + (r0 + K) * cs),
              ImGui::GetColorU32(kWindowBlue), 2, 0, 2.5f);
  auto mark = [&](int idx, ImVec4 col) {
    if (idx < 0) return;
    const int r = idx / 28, c = idx % 28;
    dl->AddRect(ImVec2(p0.x + c * cs, p0.y + r * cs), ImVec2(p0.x + (c + 1) * cs, p0.y + (r + 1) * cs),
                ImGui::GetColorU32(col), 0, 0, 2.0f);
  };
  mark(sel, kOutputOrange);
  mark(fw.right, kMaxGreen);
  mark(fw.below, kMaxGreen);
  ImGui::TextColored(kMuted, "%s", tr("lesson.fc.click"));
  ImGui::EndGroup();

  ImGui::SameLine(0, 30);
  ImGui::BeginGroup();
  heading(tr("lesson.fc.facts_title"));
  char buf[256];
  std::snprintf(buf, sizeof buf, tr("lesson.fc.pixel"), fc_row_, fc_col_, sel);
  ImGui::TextColored(kOutputOrange, "%s", buf);
  if (fw.right >= 0) {
    std::snprintf(buf, sizeof buf, tr("lesson.fc.right"), fw.right, fw.right - sel);
    ImGui::TextColored(kMaxGreen, "%s", buf);
  }
  if (fw.below >= 0) {
    std::snprintf(buf, sizeof buf, tr("lesson.fc.below"), fw.below, fw.below - sel);
    ImGui::TextColored(kMaxGreen, "%s", buf);
  }
  std::snprintf(buf, sizeof buf, tr("lesson.fc.window"), K, K, static_cast<int>(fw.indices.size()), fw.span,
                static_cast<int>(row.size()));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 430);
  ImGui::TextColored(kWindowBlue, "%s", buf);
  ImGui::Spacing();
  ImGui::TextWrapped("%s", tr("lesson.fc.shape"));  // within the 430 px column above
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  // The same 784 values in one row, as the first Affine layer receives them.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.fc.row_title"), static_cast<int>(row.size()));
  heading(buf);
  const float avail = ImGui::GetContentRegionAvail().x - 4;
  const float bw = std::max(1.0f, avail / static_cast<float>(row.size()));
  const ImVec2 q = ImGui::GetCursorScreenPos();
  const float h = 34;
  for (std::size_t i = 0; i < row.size(); ++i) {
    const int g = static_cast<int>(std::clamp(row[i], 0.0f, 1.0f) * 235 + 20);
    dl->AddRectFilled(ImVec2(q.x + i * bw, q.y), ImVec2(q.x + (i + 1) * bw, q.y + h), IM_COL32(g, g, g, 255));
  }
  for (int idx : fw.indices)
    dl->AddRectFilled(ImVec2(q.x + idx * bw, q.y + h + 2), ImVec2(q.x + (idx + 1) * bw, q.y + h + 10),
                      ImGui::GetColorU32(kWindowBlue));
  for (int idx : {fw.right, fw.below})
    if (idx >= 0)
      dl->AddRectFilled(ImVec2(q.x + idx * bw, q.y - 8), ImVec2(q.x + (idx + 1) * bw + 1, q.y - 1),
                        ImGui::GetColorU32(kMaxGreen));
  dl->AddRectFilled(ImVec2(q.x + sel * bw, q.y - 8), ImVec2(q.x + (sel + 1) * bw + 1, q.y + h),
                    ImGui::GetColorU32(kOutputOrange));
  ImGui::Dummy(ImVec2(row.size() * bw, h + 12));
  ImGui::TextColored(kMuted, "0");
  ImGui::SameLine(row.size() * bw - 20);
  ImGui::TextColored(kMuted, "%d", static_cast<int>(row.size()) - 1);

  // Zoom: the part of the row the window's pixels fall into.
  ImGui::Spacing();
  std::snprintf(buf, sizeof buf, tr("lesson.fc.zoom"), fw.indices.front(), fw.indices.back());
  heading(buf);
  const int first = fw.indices.front(), last = fw.indices.back();
  const float zw = std::max(3.0f, std::min(9.0f, avail / (last - first + 1)));
  const ImVec2 z = ImGui::GetCursorScreenPos();
  for (int i = first; i <= last; ++i) {
    const int g = static_cast<int>(std::clamp(row[i], 0.0f, 1.0f) * 235 + 20);
    const float x = z.x + (i - first) * zw;
    dl->AddRectFilled(ImVec2(x, z.y), ImVec2(x + zw - 1, z.y + 28), IM_COL32(g, g, g, 255));
    if (std::find(fw.indices.begin(), fw.indices.end(), i) != fw.indices.end())
      dl->AddRectFilled(ImVec2(x, z.y + 30), ImVec2(x + zw - 1, z.y + 37), ImGui::GetColorU32(kWindowBlue));
    if (i == sel) dl->AddRect(ImVec2(x - 1, z.y - 1), ImVec2(x + zw, z.y + 29), ImGui::GetColorU32(kOutputOrange), 0, 0, 2);
    if (i == fw.right || i == fw.below)
      dl->AddRect(ImVec2(x - 1, z.y - 1), ImVec2(x + zw, z.y + 29), ImGui::GetColorU32(kMaxGreen), 0, 0, 2);
  }
  ImGui::Dummy(ImVec2((last - first + 1) * zw, 40));
  explain(tr("lesson.fc.conv_keeps"));
}

// 7. The whole network -------------------------------------------------------------------------
void LessonView::panel_network(Model& model, const float* pixels, bool empty, LessonAction& act) {
  (void)pixels;
  if (!summary_ready_) {
    if (model.loaded()) {
      cnn_summary_ = summarize(model.net());
    } else {
      auto net = cnn::make_simple_conv_net();
      cnn_summary_ = summarize(*net);
    }
    auto fc = make_fully_connected_net();
    fc_summary_ = summarize(*fc);
    summary_ready_ = true;
  }
  explain(tr("lesson.net.intro"));
  ImGui::Spacing();
  char buf[160], b2[96], b3[96];

  auto draw_row = [&](const NetworkSummary& s, bool clickable, const char* id) {
    ImGui::PushID(id);
    // Blocks share the panel's width (the FC network has 11 of them).
    const float n = static_cast<float>(s.blocks.size() + 1);
    const ImVec2 bs(std::clamp((ImGui::GetContentRegionAvail().x - 34 * (n - 1)) / n, 70.0f, 118.0f), 72);
    snprintf(b2, sizeof b2, "%s", shape_text(s.input).c_str());
    block("in", tr("stage.input"), b2, "", bs, IM_COL32(45, 50, 62, 255), clickable);
    if (clickable && ImGui::IsItemClicked()) act.jump_to_layer = -1;
    for (std::size_t i = 0; i < s.blocks.size(); ++i) {
      const NetworkBlock& b = s.blocks[i];
      arrow(bs.y);
      // Conv/Pool: grey as in the lecture's figure (the new layers); Affine: blue; activations: dark.
      ImU32 fill = IM_COL32(40, 46, 58, 255);
      if (b.kind == "Convolution" || b.kind == "Pooling") fill = IM_COL32(78, 82, 92, 255);
      if (b.kind == "Affine") fill = IM_COL32(36, 70, 112, 255);
      if (b.kind == "Softmax") fill = IM_COL32(110, 70, 30, 255);
      const std::string key = "stage." + (b.kind == "Softmax" ? std::string("softmax") : b.kind);
      std::string shape = shape_text(b.out);
      if (b.kind == "Affine" && b.in.size() > 1) shape = std::to_string(cnn::shape_size(b.in)) + "\u2192" + shape;
      snprintf(b2, sizeof b2, "%s", shape.c_str());
      snprintf(b3, sizeof b3, "%lu", static_cast<unsigned long>(b.params));
      ImGui::PushID(static_cast<int>(i));
      if (block("b", tr(key.c_str()), b2, b3, bs, fill, clickable) && clickable)
        act.jump_to_layer = b.layer >= 0 ? b.layer : static_cast<int>(s.blocks.size()) - 2;
      if (clickable && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("lesson.net.jump"));
      ImGui::PopID();
    }
    ImGui::NewLine();
    ImGui::PopID();
  };

  ImGui::TextColored(kMuted, "%s", tr("lesson.net.legend"));
  heading(tr("lesson.net.cnn_title"));
  draw_row(cnn_summary_, model.loaded(), "cnn");
  snprintf(buf, sizeof buf, tr("lesson.net.total"), static_cast<unsigned long>(cnn_summary_.total_params));
  ImGui::TextColored(kOutputOrange, "%s", buf);
  ImGui::TextColored(kMuted, "%s", tr("lesson.net.click_hint"));
  ImGui::Spacing();
  heading(tr("lesson.net.fc_title"));
  draw_row(fc_summary_, false, "fc");
  snprintf(buf, sizeof buf, tr("lesson.net.total"), static_cast<unsigned long>(fc_summary_.total_params));
  ImGui::TextColored(kOutputOrange, "%s", buf);
  explain(tr("lesson.net.compare"));

  // The first layer's 30 learned filters, and what they respond to.
  ImGui::Spacing();
  ImGui::Separator();
  heading(tr("lesson.net.filters_title"));
  if (!model.loaded() || model.net().size() == 0) {
    ImGui::TextColored(kMuted, "%s", tr("lesson.net.no_model"));
    return;
  }
  auto* conv = dynamic_cast<cnn::Convolution*>(&model.net().layer(0));
  if (!conv) return;
  const int FN = conv->filters(), FH = conv->filter_h(), FW = conv->filter_w(), K = FH * FW;
  filter_ = std::clamp(filter_, 0, FN - 1);
  explain(tr("lesson.net.filters_intro"));
  float wmax = 0;
  for (float v : conv->W.values()) wmax = std::max(wmax, std::fabs(v));
  ImGui::BeginGroup();
  for (int f = 0; f < FN; ++f) {
    if (f % 10) ImGui::SameLine(0, 6);
    GridOpts o;
    o.cell = 7;
    o.show_values = false;
    o.value_scale = wmax;
    Grid g(FH, FW, std::vector<float>(conv->W.data() + f * K, conv->W.data() + (f + 1) * K));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(f);
    cell_grid_view("f", g, o);
    ImGui::SetCursorScreenPos(p);
    if (ImGui::InvisibleButton("pick", ImVec2(FW * 7.0f, FH * 7.0f))) filter_ = f;
    if (f == filter_ || ImGui::IsItemHovered())
      ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + FW * 7 + 2, p.y + FH * 7 + 2),
                                          ImGui::GetColorU32(f == filter_ ? kOutputOrange : kMuted), 2, 0, 2);
    ImGui::PopID();
  }
  ImGui::EndGroup();

  ImGui::SameLine(0, 30);
  ImGui::BeginGroup();
  Grid sel(FH, FW, std::vector<float>(conv->W.data() + filter_ * K, conv->W.data() + (filter_ + 1) * K));
  GridOpts o;
  o.cell = 24;
  o.value_scale = wmax;
  o.show_values = false;
  snprintf(buf, sizeof buf, tr("lesson.net.filter_n"), filter_ + 1, FN);
  o.caption = buf;
  cell_grid_view("sel", sel, o);
  ImGui::EndGroup();

  // Its response to the current drawing (the network's own conv1 output, after ReLU).
  ImGui::SameLine(0, 24);
  ImGui::BeginGroup();
  const cnn::Tensor& relu = model.net().output(std::min<std::size_t>(1, model.net().size() - 1));
  if (!empty && relu.ndim() == 4) {
    Grid map = channel_of(relu, 0, filter_);
    GridOpts mo;
    mo.cell = 5;
    mo.show_values = false;
    mo.caption = tr("lesson.net.response");
    cell_grid_view("map", map, mo);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 150);
    ImGui::TextColored(kMuted, "%s", tr("lesson.net.draw_first"));
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();

  // What the filter responds to: step edges in four directions, through cnn::Convolution.
  ImGui::SameLine(0, 24);
  ImGui::BeginGroup();
  const EdgeResponse e = edge_response(conv->W.data() + filter_ * K, FH, FW, conv->b[filter_]);
  heading(tr("lesson.net.edges_title"));
  const char* names[4] = {tr("lesson.edge.vertical"), tr("lesson.edge.horizontal"), tr("lesson.edge.diag_down"),
                          tr("lesson.edge.diag_up")};
  float emax = 1e-6f;
  for (int i = 0; i < 4; ++i) emax = std::max({emax, e.best[i], e.opposite[i]});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < 4; ++i) {
    for (int pol = 0; pol < 2; ++pol) {
      const float v = pol == 0 ? e.best[i] : e.opposite[i];
      const ImVec2 p = ImGui::GetCursorScreenPos();
      // a tiny picture of the edge (dark → light), 8×8 cells of 2 px
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
          bool light = i == 0 ? x >= 4 : i == 1 ? y >= 4 : i == 2 ? x - y > 0 : x + y >= 8;
          if (pol) light = !light;
          const ImU32 c = light ? IM_COL32(235, 235, 235, 255) : IM_COL32(25, 25, 28, 255);
          dl->AddRectFilled(ImVec2(p.x + x * 2.5f, p.y + y * 2.5f), ImVec2(p.x + (x + 1) * 2.5f, p.y + (y + 1) * 2.5f), c);
        }
      const float bar = 90 * std::max(0.0f, v) / emax;
      const bool top = e.strongest == i && e.flipped == (pol == 1);
      dl->AddRectFilled(ImVec2(p.x + 28, p.y + 4), ImVec2(p.x + 28 + bar, p.y + 16),
                        ImGui::GetColorU32(top ? kOutputOrange : ImVec4(0.35f, 0.55f, 0.85f, 1.0f)), 2);
      ImGui::Dummy(ImVec2(28 + 94, 20));
      ImGui::SameLine();
      ImGui::Text("%s", format_number(std::round(v * 100) / 100).c_str());
    }
  }
  snprintf(buf, sizeof buf, tr(e.flipped ? "lesson.net.edge_result_flipped" : "lesson.net.edge_result"),
           names[e.strongest]);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 220);
  ImGui::TextColored(kOutputOrange, "%s", buf);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  explain(tr("lesson.net.edges_explain"));
}

}  // namespace app
