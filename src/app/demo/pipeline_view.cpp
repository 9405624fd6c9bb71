#include "app/demo/pipeline_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/demo/pipeline_layout.h"
#include "app/demo/trace_view.h"
#include "app/ui/i18n.h"
#include "app/ui/style.h"
#include "cnn/layers.h"
#include "cnn/tensor.h"
#include "imgui.h"

namespace app {

namespace {

float max_abs(const float* v, std::size_t n) {
  float m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
  return m > 0 ? m : 1.0f;
}

bool has_negative(const float* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (v[i] < 0) return true;
  return false;
}

std::string shape_label(const std::vector<int>& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "x" : "") + std::to_string(s[i]);
  return out;
}

// The conv layer whose filters made layer i's channels: the last Convolution at or before i
// while the output keeps its channels (ReLU and pooling keep them).
int producing_conv(const cnn::Network& net, int i) {
  for (int j = i; j >= 0; --j) {
    if (std::string(net.layer(j).kind()) == "Convolution") return j;
    if (net.layer_output_shape(j).size() != 3) return -1;
  }
  return -1;
}

void stage_header(const char* name, const std::string& shape) {
  ImGui::TextUnformatted(name);
  ImGui::TextDisabled("%s", shape.c_str());
}

void arrow(float height) {
  ImGui::SameLine();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float y = p.y + height * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 c = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  dl->AddLine(ImVec2(p.x + 2, y), ImVec2(p.x + 14, y), c, 2.0f);
  dl->AddTriangleFilled(ImVec2(p.x + 14, y - 5), ImVec2(p.x + 20, y), ImVec2(p.x + 14, y + 5), c);
  ImGui::Dummy(ImVec2(22, height));
  ImGui::SameLine();
}

}  // namespace

void PipelineView::refresh(FeatureMapRenderer& renderer, const Model& model) {
  const cnn::Network& net = model.net();
  const cnn::Shape in = net.input_shape();  // (1, H, W)
  renderer.upload(input_texture_, model.input(), in.back(), in[in.size() - 2]);
  const int classes = static_cast<int>(net.output_shape().back());
  stages_.resize(net.size());
  filters_.resize(net.size());
  for (std::size_t i = 0; i < net.size(); ++i) {
    Stage& st = stages_[i];
    const cnn::Tensor& out = net.output(i);
    st.shape = net.layer_output_shape(i);
    const int w = st.shape.back(), h = static_cast<int>(out.size()) / w;
    if (st.shape.size() == 1 && draw_as_tile(st.shape[0], classes)) {  // hidden units as a tile
      const VectorTile t = vector_tile(st.shape[0]);
      scratch_.assign(static_cast<std::size_t>(t.cols) * t.rows, 0.0f);
      std::copy(out.data(), out.data() + out.size(), scratch_.begin());
      renderer.upload(st.texture, scratch_.data(), t.cols, t.rows);
    } else if (st.shape.size() == 1)
      renderer.upload(st.texture, out.data(), 1, st.shape[0]);  // a column, one cell per class
    else
      renderer.upload(st.texture, out.data(), w, h);  // (C, H, W): channels stacked vertically
    const bool signed_values = has_negative(out.data(), out.size()) || std::string(net.layer(i).kind()) == "Convolution" ||
                               (std::string(net.layer(i).kind()) == "Affine");
    st.style = MapStyle{signed_values ? Colormap::Diverging : Colormap::Sequential, max_abs(out.data(), out.size()),
                        false};
    if (std::string(net.layer(i).kind()) == "Convolution") {  // every time: training changes them
      const auto& conv = static_cast<const cnn::Convolution&>(net.layer(i));
      renderer.upload(filters_[i], conv.W.data(), conv.filter_w(),
                      static_cast<int>(conv.W.size()) / conv.filter_w());
    }
  }
}

void PipelineView::show(FeatureMapRenderer& renderer, const Model& model, UiState& ui, bool empty, float height) {
  const cnn::Network& net = model.net();
  const int classes = static_cast<int>(net.output_shape().back());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float header_h = ImGui::GetTextLineHeightWithSpacing() * 2 + 4;
  const float body_h = std::max(60.0f, height - header_h);
  const float gap = 3.0f;
  const float alpha = empty ? 0.35f : 1.0f;  // an empty pad: the maps of a blank input, dimmed
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);

  // Size of a feature-map grid cell: 6 rows must fit the height, and the three
  // 5-column grids plus the vector stages must fit the width.
  const int columns = 5;
  float cell = std::floor((body_h - 5 * gap) / 6);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float fixed = body_h * 0.55f /*input*/ + 2 * 100.0f + 90.0f /*vectors*/ + 120.0f /*softmax*/ + 8 * 22.0f + 60.0f;
  cell = std::max(12.0f, std::min(cell, std::floor(((avail - fixed) / 3 - 4 * gap) / columns)));

  // Input 28×28.
  ImGui::BeginGroup();
  stage_header(tr("stage.input"), shape_label(net.input_shape()));
  {
    const float s = std::min(body_h, cell * 3.5f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    renderer.draw(dl, input_texture_, MapStyle{Colormap::Grey, 1.0f, ui.grid_lines}, p, ImVec2(p.x + s, p.y + s));
    ImGui::Dummy(ImVec2(s, body_h));
  }
  ImGui::EndGroup();

  for (std::size_t i = 0; i < net.size(); ++i) {
    arrow(header_h + body_h * 0.5f);
    const Stage& st = stages_[i];
    const std::string kind = net.layer(i).kind();
    ImGui::BeginGroup();
    ImGui::PushID(static_cast<int>(i));
    char name[64];
    if (i + 1 == net.size())
      std::snprintf(name, sizeof name, "%s (%s)", tr(("stage." + kind).c_str()), tr("stage.logits"));
    else
      std::snprintf(name, sizeof name, "%s", tr(("stage." + kind).c_str()));
    stage_header(name, shape_label(st.shape));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    if (st.shape.size() == 3) {
      const int channels = st.shape[0];
      const int rows = (channels + columns - 1) / columns;
      // A (C, H, W) map scaled to the cell, keeping its aspect.
      renderer.draw_grid(dl, st.texture, st.style, origin, channels, st.shape[1], columns, ImVec2(cell, cell), gap);
      for (int c = 0; c < channels; ++c) {
        const ImVec2 p0(origin.x + (c % columns) * (cell + gap), origin.y + (c / columns) * (cell + gap));
        ImGui::SetCursorScreenPos(p0);
        ImGui::PushID(c);
        if (ImGui::InvisibleButton("##map", ImVec2(cell, cell))) {
          ui.selected_layer = static_cast<int>(i);
          ui.selected_channel = c;
        }
        trace_map_item(ui, static_cast<int>(i), c, st.shape[1], st.shape[2]);  // trace mode
        const bool selected = ui.selected_layer == static_cast<int>(i) && ui.selected_channel == c;
        if (selected || ImGui::IsItemHovered())
          dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + cell + 1, p0.y + cell + 1),
                      selected ? colour_u32(kTheme.accent) : colour_u32(kTheme.outline, 0.8f), 0, 0, 2.0f);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("channel %d", c);
        ImGui::PopID();
      }
      ImGui::SetCursorScreenPos(origin);
      ImGui::Dummy(ImVec2(columns * (cell + gap) - gap, std::max(body_h, rows * (cell + gap))));
    } else {
      // Vectors: hidden units as a tile, the output (one value per class) as a labelled column.
      const int n = st.shape[0];
      const cnn::Tensor& out = net.output(i);
      if (draw_as_tile(n, classes)) {
        const VectorTile t = vector_tile(n);
        const float unit = std::max(2.0f, std::floor(std::min(cell * 2.5f, body_h) / t.cols));
        const float sw = unit * t.cols, sh = unit * t.rows;
        renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, true}, origin,
                      ImVec2(origin.x + sw, origin.y + sh));
        ImGui::InvisibleButton("##vec", ImVec2(sw, sh));
        trace_vector_item(ui, static_cast<int>(i), t.cols, t.rows, n);  // trace mode
        if (ImGui::IsItemHovered()) {
          const ImVec2 m = ImGui::GetIO().MousePos;
          const int x = std::clamp(int((m.x - origin.x) / unit), 0, t.cols - 1);
          const int y = std::clamp(int((m.y - origin.y) / unit), 0, t.rows - 1);
          if (y * t.cols + x < n) ImGui::SetTooltip("unit %d = %.4f", y * t.cols + x, out[y * t.cols + x]);
        }
        ImGui::Dummy(ImVec2(sw, std::max(0.0f, body_h - sh)));
      } else {
        const float ch = std::min(18.0f, (body_h - 4) / n);
        renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, true}, ImVec2(origin.x + 14, origin.y),
                      ImVec2(origin.x + 14 + ch, origin.y + ch * n));
        const bool labels_fit = ch >= ImGui::GetFontSize() - 1;  // otherwise values on hover only
        for (int k = 0; k < n && labels_fit; ++k) {
          char buf[24];
          std::snprintf(buf, sizeof buf, "%d", k);
          dl->AddText(ImVec2(origin.x, origin.y + k * ch + (ch - ImGui::GetFontSize()) / 2),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
          std::snprintf(buf, sizeof buf, "%+.1f", out[k]);
          dl->AddText(ImVec2(origin.x + 18 + ch, origin.y + k * ch + (ch - ImGui::GetFontSize()) / 2),
                      ImGui::GetColorU32(ImGuiCol_Text), buf);
        }
        ImGui::InvisibleButton("##logits", ImVec2(70.0f, ch * n));
        trace_vector_item(ui, static_cast<int>(i), 1, n, n);  // trace mode
        if (ImGui::IsItemHovered()) {
          const int k = std::clamp(int((ImGui::GetIO().MousePos.y - origin.y) / ch), 0, n - 1);
          ImGui::SetTooltip("%d: %+.4f", k, out[k]);
        }
        ImGui::Dummy(ImVec2(70.0f, std::max(0.0f, body_h - ch * n - ImGui::GetStyle().ItemSpacing.y)));
      }
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }

  // Softmax: probabilities as a compact column of bars.
  arrow(header_h + body_h * 0.5f);
  ImGui::BeginGroup();
  stage_header(tr("stage.softmax"), shape_label(net.output_shape()));
  {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float ch = std::min(18.0f, (body_h - 4) / classes);
    const auto& probs = model.probs();
    for (int k = 0; k < classes; ++k) {
      const float y = origin.y + k * ch;
      char buf[24];
      std::snprintf(buf, sizeof buf, "%d", k);
      const bool top = !empty && k == model.label();
      const ImU32 col = top ? colour_u32(kTheme.accent) : colour_u32(kTheme.bar);
      dl->AddText(ImVec2(origin.x, y + (ch - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
      dl->AddRectFilled(ImVec2(origin.x + 14, y + 2), ImVec2(origin.x + 14 + 90, y + ch - 2),
                        ImGui::GetColorU32(ImGuiCol_FrameBg));
      if (!empty) dl->AddRectFilled(ImVec2(origin.x + 14, y + 2), ImVec2(origin.x + 14 + 90 * probs[k], y + ch - 2), col);
    }
    ImGui::InvisibleButton("##softmax", ImVec2(110.0f, ch * classes));
    trace_vector_item(ui, static_cast<int>(net.size()), 1, classes, classes);  // trace mode
    ImGui::Dummy(ImVec2(110.0f, std::max(0.0f, body_h - ch * classes - ImGui::GetStyle().ItemSpacing.y)));
  }
  ImGui::EndGroup();
  ImGui::PopStyleVar();
}

void PipelineView::show_legend(FeatureMapRenderer& renderer) {
  if (legend_texture_.id == 0) {
    float ramp[2 * 64];
    for (int i = 0; i < 64; ++i) {
      ramp[i] = -1.0f + 2.0f * (i + 0.5f) / 64;
      ramp[64 + i] = (i + 0.5f) / 64;
    }
    renderer.upload(legend_texture_, ramp, 64, 2);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = 90, h = ImGui::GetTextLineHeight() * 0.6f;
  auto key = [&](int row, Colormap map, const char* left, const char* right) {
    ImGui::TextDisabled("%s", left);
    ImGui::SameLine(0, 4);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + (ImGui::GetTextLineHeight() - h) / 2;
    renderer.draw(dl, legend_texture_, MapStyle{map, 1.0f, false}, ImVec2(p.x, y), ImVec2(p.x + w, y + h), row, 1);
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", right);
  };
  key(0, Colormap::Diverging, tr("legend.negative"), tr("legend.positive"));
  ImGui::SameLine(0, 20);
  key(1, Colormap::Sequential, "0", tr("legend.max"));
}

void PipelineView::show_input(FeatureMapRenderer& renderer, const Model& model, const UiState& ui, float size) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  renderer.draw(dl, input_texture_, MapStyle{Colormap::Grey, 1.0f, ui.grid_lines}, p, ImVec2(p.x + size, p.y + size));
  dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + size + 1, p.y + size + 1), ImGui::GetColorU32(ImGuiCol_Border));
  ImGui::InvisibleButton("##input", ImVec2(size, size));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int x = std::clamp(int((m.x - p.x) / size * 28), 0, 27), y = std::clamp(int((m.y - p.y) / size * 28), 0, 27);
    ImGui::SetTooltip(tr("detail.value"), x, y, model.input()[y * 28 + x]);
  }
}

void PipelineView::show_detail(FeatureMapRenderer& renderer, const Model& model, UiState& ui, float size,
                               float width) {
  const cnn::Network& net = model.net();
  if (ui.selected_layer < 0 || ui.selected_layer >= static_cast<int>(stages_.size()) ||
      stages_[ui.selected_layer].shape.size() != 3) {
    if (width >= 260) {  // in the narrow layout the pipeline's own hint says it
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
      ImGui::TextDisabled("%s", tr("detail.none"));
      ImGui::PopTextWrapPos();
    }
    return;
  }
  const Stage& st = stages_[ui.selected_layer];
  const int c = std::clamp(ui.selected_channel, 0, st.shape[0] - 1), h = st.shape[1], w = st.shape[2];
  const cnn::Tensor& out = net.output(ui.selected_layer);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char title[96];
  std::snprintf(title, sizeof title, tr("detail.title"),
                (std::string(tr(("stage." + std::string(net.layer(ui.selected_layer).kind())).c_str())) + " " +
                 shape_label(st.shape)).c_str(),
                c);
  ImGui::TextUnformatted(title);

  // The filter that produced this channel (conv1's filter c), 5×5, diverging colours.
  const int conv = producing_conv(net, ui.selected_layer);
  const float fsize = size * 0.55f;
  ImGui::BeginGroup();
  if (conv >= 0) {
    const auto& layer = static_cast<const cnn::Convolution&>(net.layer(conv));
    const int fh = layer.filter_h(), fw = layer.filter_w(), per = layer.channels() * fh;
    ImGui::Text(tr("detail.filter"), c);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float* wv = layer.W.data() + static_cast<std::size_t>(c) * per * fw;
    renderer.draw(dl, filters_[conv], MapStyle{Colormap::Diverging, max_abs(wv, per * fw), true}, p,
                  ImVec2(p.x + fsize, p.y + fsize * fh / fw), c * per, fh);
    ImGui::InvisibleButton("##filter", ImVec2(fsize, fsize * fh / fw));
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int x = std::clamp(int((m.x - p.x) / fsize * fw), 0, fw - 1), y = std::clamp(int((m.y - p.y) / fsize * fw), 0, fh - 1);
      ImGui::SetTooltip(tr("detail.value"), x, y, wv[y * fw + x]);
    }
    ImGui::TextDisabled(tr("detail.bias"), layer.b[c]);
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, 16);
  ImGui::BeginGroup();
  ImGui::Text(tr("detail.map"), c);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, ui.grid_lines}, p, ImVec2(p.x + size, p.y + size),
                c * h, h);
  ImGui::InvisibleButton("##detailmap", ImVec2(size, size));
  trace_map_item(ui, ui.selected_layer, c, h, w);  // trace mode
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int x = std::clamp(int((m.x - p.x) / size * w), 0, w - 1), y = std::clamp(int((m.y - p.y) / size * h), 0, h - 1);
    ImGui::SetTooltip(tr("detail.value"), x, y, out[(static_cast<std::size_t>(c) * h + y) * w + x]);
  }
  ImGui::EndGroup();
}

}  // namespace app
