// Panel 7, "The whole network": the lecture's 5-layer fully connected network, SimpleConvNet
// (433 890 parameters) and the two-stage CNN (Conv-ReLU-Pooling twice), each layer with its
// shape and parameter count from the architecture (cnn::make_network), a click on a layer of the
// model the Demo shows opens it there; the receptive field growing stage by stage (5, 6, 14, 16);
// the strongest crops of a few conv1 and conv2 channels of the shipped two-stage CNN beside the
// lecture's sentences on edges and abstraction; the first layer's learned filters, one's
// response to the drawing and to edges.
#include "app/lesson/panel.h"

#include <algorithm>
#include <memory>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/demo/channel_crops.h"
#include "app/demo/crops_view.h"
#include "app/lesson/shapes.h"
#include "app/lesson/widgets.h"
#include "app/ui/i18n.h"
#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/mnist.h"
#include "imgui.h"

namespace app {

using namespace lesson;

class NetworkPanel final : public LessonPanel {
  bool summary_ready_ = false;  // the summaries are made on first show
  lesson::NetworkSummary cnn_summary_, two_summary_, fc_summary_;
  std::vector<lesson::FieldStep> fields_;  // the two-stage CNN's receptive fields
  // SimpleConvNet's facts in the comparison sentence: its first Affine layer's inputs, its
  // convolution's filters and their size.
  std::size_t affine_inputs_ = 0;
  int conv_filters_ = 0, conv_fh_ = 0, conv_fw_ = 0;
  int filter_ = 0;  // the first layer's filter picked
  // The crops of a few conv1 and conv2 channels of the shipped two-stage CNN, made once.
  const cnn::Network* crops_net_ = nullptr;
  std::vector<CropSet> crop_sets_[2];
  double crops_ms_ = 0;
  void make_crops(cnn::Network& net, const std::vector<SampleDigit>& samples);
  void show_hierarchy(PanelContext& ctx);

 public:
  NetworkPanel() : LessonPanel("lesson.p7") {}
  void show(PanelContext& ctx) override;
};

void NetworkPanel::show(PanelContext& ctx) {
  const cnn::Shape digit{1, cnn::kMnistRows, cnn::kMnistCols};
  if (!summary_ready_) {  // from the architectures (no weights needed)
    auto simple = cnn::make_network("simple", digit);
    cnn_summary_ = summarize(*simple);
    for (const auto& b : cnn_summary_.blocks)
      if (b.kind == "Affine" && affine_inputs_ == 0) affine_inputs_ = cnn::shape_size(b.in);
    for (std::size_t i = 0; i < simple->size(); ++i)
      if (const auto* conv = dynamic_cast<const cnn::Convolution*>(&simple->layer(i))) {
        conv_filters_ = conv->filters(), conv_fh_ = conv->filter_h(), conv_fw_ = conv->filter_w();
        break;
      }
    auto two = cnn::make_network("two-stage", digit);
    two_summary_ = summarize(*two);
    fields_ = field_growth(*two);
    auto fc = make_fully_connected_net();
    fc_summary_ = summarize(*fc);
    summary_ready_ = true;
  }
  // The panel's right edge: the filters' groups below go beside each other only when they fit.
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  auto beside = [&](float w, float gap) {
    if (ImGui::GetItemRectMax().x + gap + w <= right) ImGui::SameLine(0, gap);
  };
  explain(tr("lesson.net.intro"));
  ImGui::Spacing();
  char buf[160], b2[96], b3[96];

  auto draw_row = [&](const NetworkSummary& s, bool clickable, const char* id) {
    ImGui::PushID(id);
    // Blocks share the panel's width (the FC network has 11 of them).
    const float n = static_cast<float>(s.blocks.size() + 1);
    // ... and are at least as wide as their widest line ("16×28×28", "1568→100").
    float text_w = ImGui::CalcTextSize(shape_text(s.input).c_str()).x;
    for (const NetworkBlock& b : s.blocks) {
      text_w = std::max(text_w, ImGui::CalcTextSize(shape_text(b.out).c_str()).x);
      if (b.kind == "Affine" && b.in.size() > 1)
        text_w = std::max(text_w, ImGui::CalcTextSize((std::to_string(cnn::shape_size(b.in)) + "\u2192" + shape_text(b.out)).c_str()).x);
    }
    const ImVec2 bs(std::max(text_w + 10, std::clamp((ImGui::GetContentRegionAvail().x - 34 * (n - 1)) / n, 70.0f, 118.0f)), 72);
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    snprintf(b2, sizeof b2, "%s", shape_text(s.input).c_str());
    block("in", tr("stage.input"), b2, "", bs, IM_COL32(45, 50, 62, 255), clickable);
    if (clickable && ImGui::IsItemClicked()) ctx.action.jump_to_layer = -1;
    for (std::size_t i = 0; i < s.blocks.size(); ++i) {
      const NetworkBlock& b = s.blocks[i];
      // Too narrow for the whole row (an LMS frame): the blocks wrap, the next line starts with the arrow.
      if (ImGui::GetItemRectMax().x + 34 + bs.x > right) ImGui::NewLine();
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
      snprintf(b3, sizeof b3, "%s", cnn::grouped(static_cast<long long>(b.params)).c_str());
      ImGui::PushID(static_cast<int>(i));
      if (block("b", tr(key.c_str()), b2, b3, bs, fill, clickable) && clickable)
        ctx.action.jump_to_layer = b.layer >= 0 ? b.layer : static_cast<int>(s.blocks.size()) - 2;
      if (clickable && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("lesson.net.jump"));
      ImGui::PopID();
    }
    ImGui::NewLine();
    ImGui::PopID();
  };

  // The rows of the model the Demo shows take clicks (the stage opens in its pipeline).
  const std::string shown = ctx.model.loaded() ? cnn::architecture_name(ctx.model.net()) : "";
  auto total = [&](const NetworkSummary& s) {
    snprintf(buf, sizeof buf, tr("lesson.net.total"), cnn::grouped(static_cast<long long>(s.total_params)).c_str());
    ImGui::TextColored(kOutputOrange, "%s", buf);
  };
  note(tr("lesson.net.legend"));
  ctx.heading(tr("lesson.net.fc_title"));
  draw_row(fc_summary_, false, "fc");
  total(fc_summary_);
  ImGui::Spacing();
  ctx.heading(tr("lesson.net.cnn_title"));
  const bool jumps = ctx.demo_tab();  // a block opens its stage in the Demo tab, where there is one
  draw_row(cnn_summary_, jumps && shown == "simple", "cnn");
  total(cnn_summary_);
  explain(format(tr("lesson.net.compare"), cnn::grouped(static_cast<long long>(affine_inputs_)).c_str(), conv_filters_, conv_fh_, conv_fw_, conv_filters_).c_str());
  ImGui::Spacing();
  ctx.heading(tr("lesson.net.two_title"));
  draw_row(two_summary_, jumps && shown == "two-stage", "two");
  total(two_summary_);
  if (jumps && !shown.empty()) note(tr("lesson.net.click_hint"));
  show_hierarchy(ctx);

  // The first layer's 30 learned filters, and what they respond to.
  ImGui::Spacing();
  ImGui::Separator();
  if (ctx.model.loaded() && ctx.model.net().size() > 0)
    if (auto* c = dynamic_cast<cnn::Convolution*>(&ctx.model.net().layer(0))) {
      snprintf(buf, sizeof buf, tr("lesson.net.filters_title"), c->filters());
      ctx.heading(buf);
    }
  if (!ctx.model.loaded() || ctx.model.net().size() == 0) {
    note(tr("lesson.net.no_model"));
    return;
  }
  auto* conv = dynamic_cast<cnn::Convolution*>(&ctx.model.net().layer(0));
  if (!conv) return;
  const int FN = conv->filters(), FH = conv->filter_h(), FW = conv->filter_w(), K = FH * FW;
  filter_ = std::clamp(filter_, 0, FN - 1);
  explain(tr("lesson.net.filters_intro"));
  float wmax = 0;
  for (float v : conv->W.values()) wmax = std::max(wmax, std::fabs(v));
  // Ten filters a row, fewer where ten do not fit (a phone).
  // Inset by the selection outline's reach (it lay 2 px outside the first filter, clipped
  // there), and as much room kept after the last of a row.
  constexpr float kOutline = 3;
  const int per_row = std::clamp(static_cast<int>((ImGui::GetContentRegionAvail().x - 2 * kOutline + 6) / (FW * 7.0f + 6)), 1, 10);
  ImGui::Indent(kOutline);
  ImGui::BeginGroup();
  for (int f = 0; f < FN; ++f) {
    if (f % per_row) ImGui::SameLine(0, 6);
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
  ImGui::Unindent(kOutline);

  beside(FW * 24.0f, 30);
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
  beside(150, 24);
  ImGui::BeginGroup();
  const cnn::Tensor& relu = ctx.model.net().output(std::min<std::size_t>(1, ctx.model.net().size() - 1));
  if (!ctx.pixels_empty && relu.ndim() == 4) {
    Grid map = channel_of(relu, 0, filter_);
    GridOpts mo;
    mo.cell = 5;
    mo.show_values = false;
    mo.caption = tr("lesson.net.response");
    cell_grid_view("map", map, mo);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 150);
    note(tr(ctx.demo_tab() ? "lesson.net.draw_first" : "lesson.net.draw_first_no_demo"));
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();

  // What the filter responds to: step edges in four directions, through cnn::Convolution.
  constexpr float kEdgesWidth = 180;  // the bars with their numbers, and the result line wrapped to it
  beside(kEdgesWidth, 24);
  ImGui::BeginGroup();
  const EdgeResponse e = edge_response(conv->W.data() + filter_ * K, FH, FW, conv->b[filter_]);
  ctx.heading(tr("lesson.net.edges_title"));
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
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kEdgesWidth);
  ImGui::TextColored(kOutputOrange, "%s", buf);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  explain(tr("lesson.net.edges_explain"));
}

// The three channels of each stage whose sixth-strongest crop is the largest (they respond
// strongly and consistently), lower channel first on ties; once per network.
void NetworkPanel::make_crops(cnn::Network& net, const std::vector<SampleDigit>& samples) {
  crops_net_ = &net;
  crops_ms_ = 0;
  ChannelCrops crops;
  int stage = 0;
  for (int layer = 0; layer < static_cast<int>(net.size()) && stage < 2; ++layer) {
    if (std::string(net.layer(layer).kind()) != "Convolution") continue;
    std::vector<CropSet> sets;
    for (int c = 0; c < net.layer_output_shape(layer)[0]; ++c) {
      sets.push_back(crops.get(net, layer, c, samples, nullptr));
      crops_ms_ += sets.back().ms;
    }
    std::stable_sort(sets.begin(), sets.end(), [](const CropSet& a, const CropSet& b) {
      return a.crops.back().value > b.crops.back().value;
    });
    sets.resize(std::min<std::size_t>(3, sets.size()));
    crop_sets_[stage++] = std::move(sets);
  }
}

void NetworkPanel::show_hierarchy(PanelContext& ctx) {
  char buf[200];
  // The receptive field after each Conv and Pooling layer, to scale on the 28×28 input.
  ImGui::Spacing();
  ctx.heading(tr("lesson.net.rf_title"));
  const float px = 2.5f, side = cnn::kMnistRows * px;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    char label[64];
    std::snprintf(label, sizeof label, "%s %d\u00d7%d", fields_[i].name.c_str(), fields_[i].size, fields_[i].size);
    if (i) {
      // Too narrow for the whole row (a phone): the next line starts with the arrow.
      if (ImGui::GetItemRectMax().x + 36 + std::max(side, ImGui::CalcTextSize(label).x) > right) ImGui::NewLine();
      arrow(side + ImGui::GetTextLineHeightWithSpacing(), 28);
    }
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), ImGui::GetColorU32(ImVec4(0.10f, 0.11f, 0.14f, 1)));
    dl->AddRect(p, ImVec2(p.x + side, p.y + side), ImGui::GetColorU32(kMuted));
    const float f = fields_[i].size * px, o = (side - f) / 2;
    dl->AddRectFilled(ImVec2(p.x + o, p.y + o), ImVec2(p.x + o + f, p.y + o + f), ImGui::GetColorU32(ImVec4(0.35f, 0.62f, 1.0f, 0.45f)));
    dl->AddRect(ImVec2(p.x + o, p.y + o), ImVec2(p.x + o + f, p.y + o + f), ImGui::GetColorU32(ImVec4(0.35f, 0.62f, 1.0f, 1)), 0, 0, 2);
    ImGui::Dummy(ImVec2(side, side));
    ImGui::TextUnformatted(label);
    ImGui::EndGroup();
  }
  explain(tr("lesson.net.rf_explain"));

  // What the two-stage CNN's channels look for, beside the lecture's sentences.
  ImGui::Spacing();
  ctx.heading(tr("lesson.net.hier_title"));
  const LessonModels& m = ctx.models;
  if (!m.two_stage || !m.samples || m.samples->empty()) {
    note(tr(m.two_stage_loading ? "lesson.net.loading" : "lesson.net.two_unavailable"));
    if (!m.two_stage_message.empty()) note(m.two_stage_message.c_str());
    return;
  }
  if (crops_net_ != m.two_stage) make_crops(*m.two_stage, *m.samples);
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool beside = avail >= 760;  // the sentence left of the crops, or above them
  const float text_w = beside ? std::min(360.0f, avail * 0.4f) : avail;
  const char* sentence[2] = {tr("lesson.net.edge_sentence"), tr("lesson.net.abstract_sentence")};
  const char* caption[2] = {tr("lesson.net.layer1_caption"), tr("lesson.net.layer2_caption")};
  for (int stage = 0; stage < 2; ++stage) {
    if (crop_sets_[stage].empty()) continue;
    ImGui::PushID(stage);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
    ImGui::TextColored(kOutputOrange, "%s", sentence[stage]);
    snprintf(buf, sizeof buf, caption[stage], crop_sets_[stage][0].field_h, crop_sets_[stage][0].field_w);
    ImGui::TextColored(kMuted, "%s", buf);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (beside) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    const float crops_w = beside ? avail - text_w - 24 : avail;
    for (const CropSet& s : crop_sets_[stage]) {
      ImGui::PushID(s.channel);
      snprintf(buf, sizeof buf, tr("lesson.net.channel"), ("conv" + std::to_string(stage + 1)).c_str(), s.channel);
      ImGui::TextColored(kMuted, "%s", buf);
      draw_crops(s, *m.samples, nullptr, std::floor(std::clamp((crops_w - 5 * 8) / 6, 40.0f, 52.0f)), crops_w);
      ImGui::PopID();
    }
    ImGui::EndGroup();
    ImGui::PopID();
    ImGui::Spacing();
  }
  snprintf(buf, sizeof buf, tr("lesson.net.crops_time"), m.samples->size(), crops_ms_);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
  ImGui::TextColored(kMuted, "%s", buf);
  ImGui::PopTextWrapPos();
}

std::unique_ptr<LessonPanel> make_network_panel(lesson::ConvSetup& /*example*/) { return std::make_unique<NetworkPanel>(); }

}  // namespace app
