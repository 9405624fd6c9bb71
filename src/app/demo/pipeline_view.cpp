#include "app/demo/pipeline_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/demo/pipeline_layout.h"
#include "app/demo/prediction.h"
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

// The header's two lines close together (kHeaderSpacing apart); PipelineView::show's metrics
// say how tall it is.
constexpr float kHeaderSpacing = 2;
void stage_header(const char* name, const std::string& shape) {
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, kHeaderSpacing));
  ImGui::TextUnformatted(name);
  ImGui::TextDisabled("%s", shape.c_str());
  ImGui::PopStyleVar();
}

// Labels in the output column and the softmax bars: a smaller type when a class's row is lower
// than a line of text (kSmallType of the body size; PipelineMetrics::label_row allows for it).
constexpr float kSmallType = 0.8f;
struct LabelType {
  explicit LabelType(float row_h) : small(row_h < ImGui::GetTextLineHeight()) {
    if (small) ImGui::SetWindowFontScale(kSmallType);
  }
  ~LabelType() {
    if (small) ImGui::SetWindowFontScale(1.0f);
  }
  bool small;
};

// "Conv1", "ReLU2": the stage's kind in the current language and the layer's number (conv1).
std::string stage_name(const cnn::Layer& layer) {
  std::string digits;
  for (char ch : layer.name())
    if (ch >= '0' && ch <= '9') digits += ch;
  return std::string(tr(("stage." + std::string(layer.kind())).c_str())) + digits;
}

void arrow(ImDrawList* dl, float x0, float x1, float y) {
  const ImU32 c = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float tip = x1 - 3, shaft = std::max(x0 + 2, tip - 6);
  dl->AddLine(ImVec2(x0 + 2, y), ImVec2(shaft, y), c, 2.0f);
  dl->AddTriangleFilled(ImVec2(shaft, y - 5), ImVec2(tip, y), ImVec2(shaft, y + 5), c);
}

}  // namespace

void PipelineView::refresh(FeatureMapRenderer& renderer, const Model& model) {
  const cnn::Network& net = model.net();
  const cnn::Shape in = net.input_shape();  // (1, H, W)
  renderer.upload(input_texture_, model.input(), in.back(), in[in.size() - 2]);
  const int classes = static_cast<int>(net.output_shape().back());
  if (stages_.size() < net.size()) stages_.resize(net.size());  // never shrinks: no texture is lost
  if (filters_.size() < net.size()) filters_.resize(net.size());
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

// Input, every layer, Softmax: what layout_pipeline places, each at least as wide as its header.
std::vector<StageSpec> PipelineView::stage_specs(const cnn::Network& net) const {
  auto header_w = [](const std::string& name, const std::vector<int>& shape) {
    return std::max(ImGui::CalcTextSize(name.c_str()).x, ImGui::CalcTextSize(shape_label(shape).c_str()).x);
  };
  std::vector<StageSpec> specs = pipeline_stages(net);
  specs.front().min_w = header_w(tr("stage.input"), net.input_shape());
  for (std::size_t i = 0; i < net.size(); ++i) {
    std::string name = stage_name(net.layer(i));
    if (i + 1 == net.size()) name += std::string(" (") + tr("stage.logits") + ")";
    specs[i + 1].min_w = header_w(name, net.layer_output_shape(i));
  }
  specs.back().min_w = header_w(tr("stage.softmax"), net.output_shape());
  return specs;
}

PipelineMetrics PipelineView::metrics() const {
  PipelineMetrics m;
  m.header_h = ImGui::GetTextLineHeight() * 2 + 2 * kHeaderSpacing;
  m.arrow_w = 24;
  m.label_row = std::ceil(ImGui::GetTextLineHeight() * kSmallType);
  return m;
}

PipelineLayout PipelineView::layout(const cnn::Network& net, float width, float height) const {
  return layout_pipeline(stage_specs(net), width, height, metrics());
}

void PipelineView::show(FeatureMapRenderer& renderer, const Model& model, UiState& ui, bool empty, float height) {
  const cnn::Network& net = model.net();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float alpha = empty ? 0.35f : 1.0f;  // an empty pad: the maps of a blank input, dimmed
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);

  const PipelineMetrics metrics = this->metrics();
  const float width = std::floor(ImGui::GetContentRegionAvail().x - 2);
  const PipelineLayout layout = this->layout(net, width, height);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  grids_.assign(net.size(), Grid{});
  stage_boxes_.clear();
  hovered_ = FieldHighlight{};

  for (std::size_t s = 0; s < layout.boxes.size(); ++s) {
    const StageBox& box = layout.boxes[s];
    const ImVec2 p(origin.x + box.rect.x, origin.y + box.rect.y);
    stage_boxes_.push_back(box);
    stage_boxes_.back().rect = {p.x, p.y, box.rect.w, box.rect.h};
    // The arrow from the stage before sits halfway down the shorter of the two (stages are top-
    // aligned: halfway down the row, it pointed past a short tile or at one class of a column).
    if (s > 0) {
      const StageBox& before = layout.boxes[s - 1];
      const float h = before.row == box.row ? std::min(before.rect.h, box.rect.h) : box.rect.h;
      arrow(dl, p.x - metrics.arrow_w, p.x, p.y + metrics.header_h + (h - metrics.header_h) * 0.5f);
    }
    ImGui::SetCursorScreenPos(p);
    ImGui::BeginGroup();
    ImGui::PushID(static_cast<int>(s));
    if (s == 0) {  // the input 28×28
      stage_header(tr("stage.input"), shape_label(net.input_shape()));
      const ImVec2 q = ImGui::GetCursorScreenPos();
      renderer.draw(dl, input_texture_, MapStyle{Colormap::Grey, 1.0f, ui.grid_lines}, q,
                    ImVec2(q.x + box.cell, q.y + box.cell));
    } else if (s + 1 == layout.boxes.size()) {
      stage_header(tr("stage.softmax"), shape_label(net.output_shape()));
      show_softmax(model, ui, empty, box);
    } else {
      const int i = static_cast<int>(s) - 1;
      std::string name = stage_name(net.layer(i));
      if (i + 1 == static_cast<int>(net.size())) name += std::string(" (") + tr("stage.logits") + ")";
      stage_header(name.c_str(), shape_label(stages_[i].shape));
      if (stages_[i].shape.size() == 3)
        show_maps(renderer, model, ui, i, box);
      else
        show_vector(renderer, model, ui, i, box);
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(layout.width, layout.height));
  ImGui::PopStyleVar();

  // The receptive field: of the unit under the pointer, else of the one last clicked or tapped.
  highlight_ = hovered_;
  if (highlight_.layer < 0 && ui.selected_layer >= 0 && ui.selected_y >= 0 &&
      ui.selected_layer < static_cast<int>(net.size()) && net.layer_output_shape(ui.selected_layer).size() == 3) {
    highlight_ = {ui.selected_layer, ui.selected_y, ui.selected_x,
                  cnn::receptive_rect(net, ui.selected_layer, ui.selected_y, ui.selected_x)};
  }
  // Drawn over the input image, which this frame's show_input already drew (above the strip).
  if (hovered_.layer >= 0) draw_field(ImGui::GetForegroundDrawList(), hovered_, colour_u32(kTheme.accent));
}

void PipelineView::draw_field(ImDrawList* dl, const FieldHighlight& h, ImU32 colour) const {
  if (h.layer < 0 || input_rect_.w <= 0) return;
  const float px = input_rect_.w / kInputSide;
  const ImVec2 a(input_rect_.x + h.rect.x0 * px, input_rect_.y + h.rect.y0 * px);
  const ImVec2 b(input_rect_.x + h.rect.x1 * px, input_rect_.y + h.rect.y1 * px);
  dl->AddRectFilled(a, b, (colour & 0x00FFFFFFu) | 0x30000000u);
  dl->AddRect(a, b, colour, 0, 0, 2.0f);
}

// A (C, H, W) stage: every channel a square cell of the grid; hover shows a unit's receptive
// field, a click selects the channel (and pins the unit's field).
void PipelineView::show_maps(FeatureMapRenderer& renderer, const Model& model, UiState& ui, int layer,
                             const StageBox& box) {
  const cnn::Network& net = model.net();
  const Stage& st = stages_[layer];
  const int channels = st.shape[0], h = st.shape[1], w = st.shape[2];
  const float cell = box.cell, gap = PipelineMetrics{}.gap;
  const int columns = std::max(1, box.columns), rows = (channels + columns - 1) / columns;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  grids_[layer] = Grid{origin.x, origin.y, cell, columns, channels};
  renderer.draw_grid(dl, st.texture, st.style, origin, channels, h, columns, ImVec2(cell, cell), gap);
  const ImVec2 size(columns * (cell + gap) - gap, rows * (cell + gap) - gap);
  auto cell_origin = [&](int c) {
    return ImVec2(origin.x + (c % columns) * (cell + gap), origin.y + (c / columns) * (cell + gap));
  };
  for (int c = 0; c < channels; ++c) {  // one item per channel (hover, click, trace mode)
    const ImVec2 p0 = cell_origin(c);
    ImGui::SetCursorScreenPos(p0);
    ImGui::PushID(c);
    // Selected on release (as a button is): selecting shows the detail panel, which can move the
    // strip, and a press that selected at once would then be released over another cell.
    const bool released = ImGui::InvisibleButton("##map", ImVec2(cell, cell));
    trace_map_item(ui, layer, c, h, w);  // trace mode: right after the item (a tooltip becomes the last item)
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const MapUnit u = unit_at(m.x - p0.x, m.y - p0.y, cell, h, w);
      hovered_ = {layer, u.y, u.x, cnn::receptive_rect(net, layer, u.y, u.x)};
      if (released) {
        ui.selected_layer = layer;
        ui.selected_channel = c;
        ui.selected_y = u.y, ui.selected_x = u.x;
      }
      const float v = net.output(layer)[(static_cast<std::size_t>(c) * h + u.y) * w + u.x];
      ImGui::SetTooltip(tr("pipeline.unit_tip"), c, u.y, u.x, v, hovered_.rect.y1 - hovered_.rect.y0,
                        hovered_.rect.x1 - hovered_.rect.x0);
      dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + cell + 1, p0.y + cell + 1), colour_u32(kTheme.outline, 0.8f),
                  0, 0, 2.0f);
      // The unit itself, when the cell is large enough to show it.
      const float ux = cell / w, uy = cell / h;
      if (ux >= 2)
        dl->AddRect(ImVec2(p0.x + u.x * ux, p0.y + u.y * uy), ImVec2(p0.x + (u.x + 1) * ux, p0.y + (u.y + 1) * uy),
                    colour_u32(kTheme.accent), 0, 0, 1.0f);
    }
    ImGui::PopID();
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(size);
  if (ui.selected_layer == layer && ui.selected_channel >= 0 && ui.selected_channel < channels) {
    const ImVec2 p0 = cell_origin(ui.selected_channel);
    dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + cell + 1, p0.y + cell + 1), colour_u32(kTheme.accent), 0, 0,
                2.0f);
  }
  if (box.rect.h - PipelineMetrics{}.header_h > size.y) ImGui::Dummy(ImVec2(size.x, 0));
}

// Vectors: hidden units as a tile, the output (one value per class) as a labelled column.
void PipelineView::show_vector(FeatureMapRenderer& renderer, const Model& model, UiState& ui, int layer, const StageBox& box) {
  const cnn::Network& net = model.net();
  const Stage& st = stages_[layer];
  const int classes = static_cast<int>(net.output_shape().back());
  const int n = st.shape[0];
  const cnn::Tensor& out = net.output(layer);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (draw_as_tile(n, classes)) {
    const VectorTile t = vector_tile(n);
    const float unit = box.cell;
    const float sw = unit * t.cols, sh = unit * t.rows;
    renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, true}, origin,
                  ImVec2(origin.x + sw, origin.y + sh));
    ImGui::InvisibleButton("##vec", ImVec2(sw, sh));
    trace_vector_item(ui, layer, t.cols, t.rows, n);  // trace mode
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int x = std::clamp(int((m.x - origin.x) / unit), 0, t.cols - 1);
      const int y = std::clamp(int((m.y - origin.y) / unit), 0, t.rows - 1);
      if (y * t.cols + x < n) ImGui::SetTooltip("unit %d = %.4f", y * t.cols + x, out[y * t.cols + x]);
    }
    return;
  }
  if (box.columns >= n) {  // one row of classes: a coloured cell each, its number under it
    const float q = box.cell;
    {
      const LabelType type(0);
      ImGui::SetWindowFontScale(kSmallType);
      for (int k = 0; k < n; ++k) {
        const ImVec2 c0(origin.x + k * (q + 1), origin.y);
        renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, true}, c0, ImVec2(c0.x + q, c0.y + q), k, 1);
        char buf[8];
        std::snprintf(buf, sizeof buf, "%d", k);
        dl->AddText(ImVec2(c0.x + (q - ImGui::CalcTextSize(buf).x) / 2, c0.y + q + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
      }
      ImGui::SetWindowFontScale(1.0f);
    }
    ImGui::InvisibleButton("##logits", ImVec2(n * (q + 1), 2 * q));
    trace_vector_item(ui, layer, n, 1, n);  // trace mode
    if (ImGui::IsItemHovered()) {
      const int k = std::clamp(int((ImGui::GetIO().MousePos.x - origin.x) / (q + 1)), 0, n - 1);
      ImGui::SetTooltip("%d: %+.4f", k, out[k]);
    }
    return;
  }
  // One row per class, in box.columns columns (0-4 | 5-9 when one would be too tall).
  const float ch = box.cell;
  const int per = (n + box.columns - 1) / box.columns;
  const float col_w = box.columns > 1 ? std::floor(box.rect.w / box.columns) : box.rect.w;
  {
    const LabelType type(ch);
    // One type size for all values: smaller where one would run into the next column's class
    // number ("+30.3 8" read "+30.38"), 12 px clear of it, never below 60 % (one smaller value
    // among full-sized ones looked like a different kind of number).
    const float room = col_w - 18 - ch - 12;
    float scale = 1;
    char buf[24];
    for (int k = 0; k < n; ++k) {
      std::snprintf(buf, sizeof buf, "%+.1f", out[k]);
      const float text_w = ImGui::CalcTextSize(buf).x;
      if (k / per + 1 < box.columns && text_w > room) scale = std::min(scale, std::max(0.6f, room / text_w));
    }
    const float size = ImGui::GetFontSize() * scale;
    for (int k = 0; k < n; ++k) {
      const ImVec2 q(origin.x + (k / per) * col_w, origin.y + (k % per) * ch);
      renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, true}, ImVec2(q.x + 14, q.y),
                    ImVec2(q.x + 14 + ch, q.y + ch), k, 1);
      const float ty = q.y + (ch - ImGui::GetFontSize()) / 2;
      std::snprintf(buf, sizeof buf, "%d", k);
      dl->AddText(ImVec2(q.x, ty), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
      std::snprintf(buf, sizeof buf, "%+.1f", out[k]);
      dl->AddText(ImGui::GetFont(), size, ImVec2(q.x + 18 + ch, ty + (ImGui::GetFontSize() - size) / 2),
                  ImGui::GetColorU32(ImGuiCol_Text), buf);
    }
  }
  ImGui::InvisibleButton("##logits", ImVec2(std::min(box.rect.w, box.columns * col_w), ch * per));
  trace_vector_item(ui, layer, box.columns, per, n, true);  // trace mode
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int c = std::clamp(int((m.x - origin.x) / col_w), 0, box.columns - 1);
    const int k = std::clamp(c * per + int((m.y - origin.y) / ch), 0, n - 1);
    ImGui::SetTooltip("%d: %+.4f", k, out[k]);
  }
}

// Softmax: probabilities as a compact column of bars (two columns, 0-4 | 5-9, in a low row).
void PipelineView::show_softmax(const Model& model, UiState& ui, bool empty, const StageBox& box) {
  const int classes = static_cast<int>(model.net().output_shape().back());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float ch = box.cell;
  const auto& probs = model.probs();
  if (box.columns >= classes) {  // one row of upright bars, the digits under them
    const float bar_h = 2 * ch;
    ImGui::SetWindowFontScale(kSmallType);
    for (int k = 0; k < classes; ++k) {
      const float x = origin.x + k * (ch + 1);
      const bool top = !empty && k == model.label();
      dl->AddRectFilled(ImVec2(x + 1, origin.y), ImVec2(x + ch - 1, origin.y + bar_h), ImGui::GetColorU32(ImGuiCol_FrameBg));
      if (!empty)
        dl->AddRectFilled(ImVec2(x + 1, origin.y + bar_h * (1 - probs[k])), ImVec2(x + ch - 1, origin.y + bar_h),
                          top ? colour_u32(kTheme.accent) : colour_u32(kTheme.bar));
      char buf[8];
      std::snprintf(buf, sizeof buf, "%d", k);
      dl->AddText(ImVec2(x + (ch - ImGui::CalcTextSize(buf).x) / 2, origin.y + bar_h + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::InvisibleButton("##softmax", ImVec2(classes * (ch + 1), bar_h + ch));
    trace_vector_item(ui, static_cast<int>(model.net().size()), classes, 1, classes);  // trace mode
    if (ImGui::IsItemHovered()) {
      const int k = std::clamp(int((ImGui::GetIO().MousePos.x - origin.x) / (ch + 1)), 0, classes - 1);
      ImGui::SetTooltip("%d: %.1f%%", k, probs[k] * 100.0f);
    }
    return;
  }
  const int per = (classes + box.columns - 1) / box.columns;
  const float col_w = box.columns > 1 ? std::floor(box.rect.w / box.columns) : box.rect.w;
  const float bar_w = std::max(20.0f, std::min(90.0f, col_w - 14 - (box.columns > 1 ? 8 : 6)));
  {
    const LabelType type(ch);
    for (int k = 0; k < classes; ++k) {
      const float x = origin.x + (k / per) * col_w, y = origin.y + (k % per) * ch;
      char buf[24];
      std::snprintf(buf, sizeof buf, "%d", k);
      const bool top = !empty && k == model.label();
      const ImU32 col = top ? colour_u32(kTheme.accent) : colour_u32(kTheme.bar);
      dl->AddText(ImVec2(x, y + (ch - ImGui::GetFontSize()) / 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
      dl->AddRectFilled(ImVec2(x + 14, y + 2), ImVec2(x + 14 + bar_w, y + ch - 2), ImGui::GetColorU32(ImGuiCol_FrameBg));
      if (!empty) dl->AddRectFilled(ImVec2(x + 14, y + 2), ImVec2(x + 14 + bar_w * probs[k], y + ch - 2), col);
    }
  }
  ImGui::InvisibleButton("##softmax", ImVec2(std::min(box.rect.w, box.columns * col_w), ch * per));
  trace_vector_item(ui, static_cast<int>(model.net().size()), box.columns, per, classes, true);  // trace mode
}

ScreenRect PipelineView::map_rect(int layer, int channel) const {
  if (layer < 0 || layer >= static_cast<int>(grids_.size())) return {};
  const Grid& g = grids_[layer];
  if (channel < 0 || channel >= g.count || g.columns <= 0) return {};
  const float gap = PipelineMetrics{}.gap;
  return {g.x + (channel % g.columns) * (g.cell + gap), g.y + (channel / g.columns) * (g.cell + gap), g.cell, g.cell};
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

void PipelineView::show_input(FeatureMapRenderer& renderer, const Model& model, const UiState& ui, float size,
                              bool with_text) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  input_rect_ = {p.x, p.y, size, size};
  renderer.draw(dl, input_texture_, MapStyle{Colormap::Grey, 1.0f, ui.grid_lines}, p, ImVec2(p.x + size, p.y + size));
  dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + size + 1, p.y + size + 1), ImGui::GetColorU32(ImGuiCol_Border));
  // The field of the unit last clicked (the hovered one is drawn over it by show()).
  if (highlight_.layer >= 0 && highlight_.layer < static_cast<int>(model.net().size()) && hovered_.layer < 0)
    draw_field(dl, highlight_, colour_u32(kTheme.accent));
  ImGui::InvisibleButton("##input", ImVec2(size, size));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int x = std::clamp(int((m.x - p.x) / size * kInputSide), 0, kInputSide - 1);
    const int y = std::clamp(int((m.y - p.y) / size * kInputSide), 0, kInputSide - 1);
    ImGui::SetTooltip(tr("detail.value"), x, y, model.input()[y * kInputSide + x]);
  }
  if (!with_text) return;  // the compact row shows field_text() in the pipeline's title lines
  // "conv2 (7, 7) sees 14×14 of the input" or the hint to hover, in a space as tall as the taller
  // of the two: hovering the strip must not change this column's height (the strip below would
  // move under the pointer).
  const float wrap = std::max(size, 190.0f);
  const float y0 = ImGui::GetCursorPosY();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  bool field = false;
  const std::string text = field_text(model, &field);
  if (field)
    ImGui::TextColored(colour(kTheme.accent), "%s", text.c_str());
  else
    ImGui::TextDisabled("%s", text.c_str());
  ImGui::PopTextWrapPos();
  const float used = ImGui::GetCursorPosY() - y0, reserve = field_text_height(size);
  if (used < reserve) {  // the next item at y0 + reserve, whichever text is shown
    ImGui::SetCursorPosY(y0 + reserve - ImGui::GetStyle().ItemSpacing.y);
    ImGui::Dummy(ImVec2(0, 0));
  }
}

std::string PipelineView::field_text(const Model& model, bool* is_field) const {
  if (is_field) *is_field = false;
  if (highlight_.layer < 0 || highlight_.layer >= static_cast<int>(model.net().size())) return tr("input.field_hint");
  if (is_field) *is_field = true;
  const cnn::ReceptiveField f = cnn::receptive_fields(model.net())[highlight_.layer];
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("input.field"), stage_name(model.net().layer(highlight_.layer)).c_str(), highlight_.y,
                highlight_.x, f.size_h, f.size_w);
  return buf;
}

float PipelineView::field_text_height(float size) {
  const float wrap = std::max(size, 190.0f);
  char field[160];
  std::snprintf(field, sizeof field, tr("input.field"), "Conv2", 99, 99, 99, 99);
  return std::max(ImGui::CalcTextSize(tr("input.field_hint"), nullptr, false, wrap).y,
                  ImGui::CalcTextSize(field, nullptr, false, wrap).y) +
         ImGui::GetStyle().ItemSpacing.y;
}

float PipelineView::legend_width() {
  const float w = 90;  // show_legend's ramps
  auto text = [](const char* t) { return ImGui::CalcTextSize(t).x; };
  return text(tr("legend.negative")) + 4 + w + 4 + text(tr("legend.positive")) + 20 + text("0") + 4 + w + 4 +
         text(tr("legend.max"));
}

// Filter c of Convolution layer `conv`: one FH×FW slice per input channel (conv1: the one 5×5
// filter; conv2: 16 slices of 5×5 in a grid), diverging colours, values on hover.
void PipelineView::show_conv_filter(FeatureMapRenderer& renderer, const cnn::Network& net, int conv, int c,
                                    float size, float width) {
  const auto& layer = static_cast<const cnn::Convolution&>(net.layer(conv));
  const int fh = layer.filter_h(), fw = layer.filter_w(), channels = layer.channels(), per = channels * fh;
  const float* wv = layer.W.data() + static_cast<std::size_t>(c) * per * fw;
  const float scale = max_abs(wv, static_cast<std::size_t>(per) * fw);
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(channels))));
  const float gap = channels > 1 ? 2.0f : 0.0f;
  const float cell = std::floor((size - (columns - 1) * gap) / columns);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char caption[160];
  if (channels > 1)
    std::snprintf(caption, sizeof caption, tr("detail.filter_slices"), stage_name(layer).c_str(), c, channels, fh, fw);
  else
    std::snprintf(caption, sizeof caption, tr("detail.filter_one"), fh, fw, c, stage_name(layer).c_str());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);  // the panel's width: never past its edge
  ImGui::TextUnformatted(caption);
  ImGui::PopTextWrapPos();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  for (int k = 0; k < channels; ++k) {
    const ImVec2 q(p.x + (k % columns) * (cell + gap), p.y + (k / columns) * (cell + gap));
    renderer.draw(dl, filters_[conv], MapStyle{Colormap::Diverging, scale, true}, q, ImVec2(q.x + cell, q.y + cell * fh / fw),
                  (c * channels + k) * fh, fh);
  }
  const int rows = (channels + columns - 1) / columns;
  ImGui::InvisibleButton("##filter", ImVec2(columns * (cell + gap) - gap, rows * (cell * fh / fw + gap) - gap));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int col = std::clamp(int((m.x - p.x) / (cell + gap)), 0, columns - 1);
    const int row = std::clamp(int((m.y - p.y) / (cell * fh / fw + gap)), 0, rows - 1);
    const int k = std::min(channels - 1, row * columns + col);
    const ImVec2 q(p.x + col * (cell + gap), p.y + row * (cell * fh / fw + gap));
    const MapUnit u = unit_at(m.x - q.x, m.y - q.y, cell, fh, fw);
    if (channels > 1)
      ImGui::SetTooltip(tr("detail.slice_value"), k, u.x, u.y, wv[(k * fh + u.y) * fw + u.x]);
    else
      ImGui::SetTooltip(tr("detail.value"), u.x, u.y, wv[u.y * fw + u.x]);
  }
  ImGui::TextDisabled(tr("detail.bias"), layer.b[c]);
}

void PipelineView::show_detail(FeatureMapRenderer& renderer, const Model& model, UiState& ui, float size,
                               float width) {
  const cnn::Network& net = model.net();
  if (ui.selected_layer < 0 || ui.selected_layer >= static_cast<int>(net.size()) ||
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
                (stage_name(net.layer(ui.selected_layer)) + " " + shape_label(st.shape)).c_str(), c);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(title);
  ImGui::PopTextWrapPos();

  // The filter that produced this channel, then the channel enlarged.
  const int conv = producing_conv(net, ui.selected_layer);
  ImGui::BeginGroup();
  if (conv >= 0) show_conv_filter(renderer, net, conv, c, size * 0.55f, width);
  ImGui::EndGroup();
  // The map beside the filter, made smaller to stay within `width` (its caption is as wide as
  // the filter's grid or wider); under it when that would halve it.
  const float map_gap = 16, beside = std::floor(width - ImGui::GetItemRectSize().x - map_gap);
  float map = size;
  if (beside >= size * 0.6f) {
    map = std::min(size, beside);
    ImGui::SameLine(0, map_gap);
  } else {
    map = std::min(size, std::floor(width));
  }
  ImGui::BeginGroup();
  ImGui::Text(tr("detail.map"), c);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  renderer.draw(dl, st.texture, MapStyle{st.style.colormap, st.style.scale, ui.grid_lines}, p, ImVec2(p.x + map, p.y + map),
                c * h, h);
  ImGui::InvisibleButton("##detailmap", ImVec2(map, map));
  trace_map_item(ui, ui.selected_layer, c, h, w);  // trace mode
  if (ImGui::IsItemHovered()) {
    const MapUnit u = unit_at(ImGui::GetIO().MousePos.x - p.x, ImGui::GetIO().MousePos.y - p.y, map, h, w);
    ImGui::SetTooltip(tr("detail.value"), u.x, u.y, out[(static_cast<std::size_t>(c) * h + u.y) * w + u.x]);
  }
  ImGui::EndGroup();

  // A deeper convolution reads every map of the stage before it: show them, as its input.
  if (conv > 0 && net.layer_output_shape(conv - 1).size() == 3) {
    const Stage& in = stages_[conv - 1];
    const int n = in.shape[0], columns = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
    const float gap = 2.0f, cell = std::max(6.0f, std::floor((size * 0.55f - (columns - 1) * gap) / columns));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled(tr("detail.reads"), n, stage_name(net.layer(conv - 1)).c_str());
    ImGui::PopTextWrapPos();
    const ImVec2 q = ImGui::GetCursorScreenPos();
    renderer.draw_grid(dl, in.texture, in.style, q, n, in.shape[1], columns, ImVec2(cell, cell), gap);
    ImGui::Dummy(ImVec2(columns * (cell + gap) - gap, ((n + columns - 1) / columns) * (cell + gap) - gap));
  }
}

}  // namespace app
