#include "app/demo/trace.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "app/ui/i18n.h"

namespace app {

namespace {

// printf with a format from the string tables (not a literal, so no format check).
std::string trf(const char* key, ...) {
  va_list ap;
  va_start(ap, key);
  std::string s = vformat(tr(key), ap);
  va_end(ap);
  return s;
}

const float* stage_input(const cnn::Network& net, int stage) {
  return stage == 0 ? net.input().data() : net.output(stage - 1).data();
}

std::vector<int> input_shape_of(const cnn::Network& net, int stage) {
  return stage == 0 ? net.input_shape() : net.layer_output_shape(stage - 1);
}

std::string range(int n) { return n <= 1 ? "0" : "0.." + std::to_string(n - 1); }

std::string json_num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string json_str(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

template <class T, class F>
std::string json_list(const std::vector<T>& v, F each) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + each(v[i]);
  return out + "]";
}

}  // namespace

int stage_count(const cnn::Network& net) { return static_cast<int>(net.size()) + 1; }

std::vector<int> stage_shape(const cnn::Network& net, int stage) {
  return stage < static_cast<int>(net.size()) ? net.layer_output_shape(stage) : net.output_shape();
}

std::string stage_kind(const cnn::Network& net, int stage) {
  return stage < static_cast<int>(net.size()) ? net.layer(stage).kind() : "Softmax";
}

std::string stage_name(const cnn::Network& net, int stage) {
  return stage < static_cast<int>(net.size()) ? net.layer(stage).name() : "softmax";
}

std::string check_trace_cell(const cnn::Network& net, const TraceCell& c) {
  const int n = stage_count(net);
  if (c.stage < 0 || c.stage >= n) {
    std::string names;
    for (int s = 0; s < n; ++s) {
      if (n > 4 && s == 2) {
        names += ", …";
        s = n - 3;
        continue;
      }
      names += (s ? ", " : "") + std::to_string(s) + " " + stage_name(net, s);
    }
    return "stage must be an integer in 0.." + std::to_string(n - 1) + " (" + names + "), got " + std::to_string(c.stage);
  }
  const std::vector<int> shape = stage_shape(net, c.stage);
  const std::string what = "stage " + std::to_string(c.stage) + " (" + stage_name(net, c.stage) + ", " +
                           cnn::shape_str(shape) + ")";
  const std::string kind = stage_kind(net, c.stage);
  if (kind != "Convolution" && kind != "Relu" && kind != "Pooling" && kind != "Affine" && kind != "Softmax")
    return what + " is a " + kind + " layer, which trace mode cannot explain";
  const int channels = shape[0];
  const int H = shape.size() == 3 ? shape[1] : 1, W = shape.size() == 3 ? shape[2] : 1;
  const char* unit = shape.size() == 3 ? "channel" : (kind == "Softmax" ? "class (channel)" : "unit (channel)");
  if (c.channel < 0 || c.channel >= channels)
    return std::string(unit) + " must be in " + range(channels) + " for " + what + ", got " + std::to_string(c.channel);
  if (c.y < 0 || c.y >= H) return "y must be in " + range(H) + " for " + what + ", got " + std::to_string(c.y);
  if (c.x < 0 || c.x >= W) return "x must be in " + range(W) + " for " + what + ", got " + std::to_string(c.x);
  return "";
}

TraceCell move_cell(const cnn::Network& net, TraceCell c, int dy, int dx, int row) {
  if (check_trace_cell(net, c) != "") return c;
  const std::vector<int> shape = stage_shape(net, c.stage);
  if (shape.size() == 3) {
    c.y = std::clamp(c.y + dy, 0, shape[1] - 1);
    c.x = std::clamp(c.x + dx, 0, shape[2] - 1);
  } else {
    c.channel = std::clamp(c.channel + dx + dy * row, 0, shape[0] - 1);
  }
  return c;
}

Trace trace_cell(const cnn::Network& net, const TraceCell& c) {
  Trace t;
  t.cell = c;
  const std::string kind = stage_kind(net, c.stage);
  const std::vector<int> shape = stage_shape(net, c.stage);
  const bool map = shape.size() == 3;
  const std::size_t at = map ? (static_cast<std::size_t>(c.channel) * shape[1] + c.y) * shape[2] + c.x : c.channel;
  if (kind == "Softmax") {
    t.kind = TraceKind::Softmax;
    const cnn::Tensor& logits = net.output(net.size() - 1);
    t.softmax = cnn::explain_softmax(logits.data(), static_cast<int>(logits.size()), c.channel);
    std::vector<float> probs(logits.size());
    cnn::softmax(logits.data(), probs.data(), static_cast<int>(probs.size()));
    t.value = probs[c.channel];
    t.sum = t.softmax.prob;
    t.in_shape = {static_cast<int>(logits.size())};
    return t;
  }
  t.in_shape = input_shape_of(net, c.stage);
  t.value = net.output(c.stage)[at];
  const float* in = stage_input(net, c.stage);
  const cnn::Layer& layer = net.layer(c.stage);
  if (kind == "Convolution") {
    t.kind = TraceKind::Convolution;
    t.conv = cnn::explain_convolution(static_cast<const cnn::Convolution&>(layer), in, t.in_shape, c.channel, c.y, c.x);
    t.sum = t.conv.total;
  } else if (kind == "Pooling") {
    t.kind = TraceKind::Pooling;
    t.pool = cnn::explain_pooling(static_cast<const cnn::Pooling&>(layer), in, t.in_shape, c.channel, c.y, c.x);
    t.sum = t.pool.value;
  } else if (kind == "Affine") {
    t.kind = TraceKind::Affine;
    t.affine = cnn::explain_affine(static_cast<const cnn::Affine&>(layer), in, c.channel, 10);
    t.sum = t.affine.total;
  } else {
    t.kind = TraceKind::Relu;
    t.relu_x = in[at];  // ReLU keeps the shape: the same position in its input
    t.sum = std::max(0.0f, t.relu_x);
  }
  return t;
}

std::string fmt2(float v) {
  std::string s = format("%.2f", v);
  if (s == "-0.00") s = "0.00";
  return s;
}

std::string fmt2_term(float v) {
  const std::string s = fmt2(v);
  return s[0] == '-' ? "(" + s + ")" : s;
}

std::string product(float x, float w) { return fmt2_term(x) + "*" + fmt2_term(w); }

std::string trace_title(const cnn::Network& net, const Trace& t) {
  const std::string kind = stage_kind(net, t.cell.stage);
  const std::string stage = std::string(tr(kind == "Softmax" ? "stage.softmax" : ("stage." + kind).c_str())) + " " +
                            (kind == "Softmax" ? "" : stage_name(net, t.cell.stage));
  if (stage_shape(net, t.cell.stage).size() == 3)
    return trf("trace.title_map", stage.c_str(), t.cell.channel, t.cell.y, t.cell.x, fmt2(t.value).c_str());
  return trf(kind == "Softmax" ? "trace.title_class" : "trace.title_unit", stage.c_str(), t.cell.channel,
             fmt2(t.value).c_str());
}

std::vector<std::string> trace_lines(const cnn::Network&, const Trace& t) {
  std::vector<std::string> lines;
  switch (t.kind) {
    case TraceKind::Convolution: {
      const cnn::ConvExplanation& e = t.conv;
      const int C = static_cast<int>(e.channel_sums.size());
      const std::size_t per = e.terms.size() / std::max(1, C);
      lines.push_back(trf("trace.conv_what", C, static_cast<int>(per), fmt2(e.bias).c_str()));
      for (int c = 0; c < C; ++c) {
        std::string f;
        for (std::size_t i = 0; i < per; ++i) {
          const cnn::ConvTerm& term = e.terms[c * per + i];
          f += (i ? " + " : "") + product(term.x, term.w);
        }
        if (C == 1)
          lines.push_back(f + " + " + trf("trace.bias", fmt2_term(e.bias).c_str()) + " = " + fmt2(e.total));
        else
          lines.push_back(trf("trace.channel", c) + ": " + f + " = " + fmt2(e.channel_sums[c]));
      }
      if (C > 1) {
        std::string f;
        for (int c = 0; c < C; ++c) f += (c ? " + " : "") + fmt2_term(e.channel_sums[c]);
        lines.push_back(std::string(tr("trace.total")) + ": " + f + " + " + trf("trace.bias", fmt2_term(e.bias).c_str()) +
                        " = " + fmt2(e.total));
      }
      break;
    }
    case TraceKind::Relu:
      lines.push_back(tr("trace.relu_what"));
      lines.push_back("max(0, " + fmt2(t.relu_x) + ") = " + fmt2(t.sum));
      break;
    case TraceKind::Pooling: {
      const cnn::PoolExplanation& e = t.pool;
      lines.push_back(trf("trace.pool_what", e.rows, e.cols));
      std::string f;
      for (std::size_t i = 0; i < e.window.size(); ++i) f += (i ? ", " : "") + fmt2(e.window[i]);
      lines.push_back("max(" + f + ") = " + fmt2(e.value));
      break;
    }
    case TraceKind::Affine: {
      const cnn::AffineExplanation& e = t.affine;
      lines.push_back(trf("trace.affine_what", static_cast<int>(e.top.size()) + e.rest_count, static_cast<int>(e.top.size())));
      std::string f;
      for (std::size_t i = 0; i < e.top.size(); ++i) f += (i ? " + " : "") + product(e.top[i].x, e.top[i].w);
      if (e.rest_count > 0) f += " + " + trf("trace.rest", e.rest_count, fmt2_term(e.rest).c_str());
      lines.push_back(f + " + " + trf("trace.bias", fmt2_term(e.bias).c_str()) + " = " + fmt2(e.total));
      break;
    }
    case TraceKind::Softmax: {
      const cnn::SoftmaxExplanation& e = t.softmax;
      const int k = t.cell.channel;
      lines.push_back(trf("trace.softmax_what", k, k));
      std::string z, den;
      for (std::size_t j = 0; j < e.logits.size(); ++j) {
        z += (j ? ", " : "") + fmt2(e.logits[j]);
        den += std::string(j ? " + " : "") + "exp(" + fmt2(e.logits[j]) + ")";
      }
      lines.push_back("z = (" + z + ")");
      lines.push_back("exp(" + fmt2(e.logits[k]) + ") / (" + den + ") = " + fmt2(e.prob));
      break;
    }
  }
  return lines;
}

std::string trace_description(const cnn::Network& net, const Trace& t) {
  std::string s = trace_title(net, t);
  for (const std::string& l : trace_lines(net, t)) s += ". " + l;
  return s;
}

std::string trace_json(const cnn::Network& net, const Trace& t) {
  const TraceCell& c = t.cell;
  std::string j = "{\"stage\":" + std::to_string(c.stage) + ",\"kind\":" + json_str(stage_kind(net, c.stage)) +
                  ",\"layer\":" + json_str(stage_name(net, c.stage)) + ",\"channel\":" + std::to_string(c.channel) +
                  ",\"y\":" + std::to_string(c.y) + ",\"x\":" + std::to_string(c.x) + ",\"value\":" + json_num(t.value) +
                  ",\"sum\":" + json_num(t.sum) +
                  ",\"inputShape\":" + json_list(t.in_shape, [](int v) { return std::to_string(v); });
  switch (t.kind) {
    case TraceKind::Convolution: {
      const cnn::ConvExplanation& e = t.conv;
      j += ",\"bias\":" + json_num(e.bias) + ",\"window\":{\"y\":" + std::to_string(e.y0) + ",\"x\":" + std::to_string(e.x0) +
           "},\"channelSums\":" + json_list(e.channel_sums, [](float v) { return json_num(v); }) +
           ",\"terms\":" + json_list(e.terms, [](const cnn::ConvTerm& term) {
             return "{\"channel\":" + std::to_string(term.channel) + ",\"ky\":" + std::to_string(term.ky) + ",\"kx\":" +
                    std::to_string(term.kx) + ",\"iy\":" + std::to_string(term.iy) + ",\"ix\":" + std::to_string(term.ix) +
                    ",\"padding\":" + (term.padding ? "true" : "false") + ",\"w\":" + json_num(term.w) + ",\"x\":" +
                    json_num(term.x) + "}";
           });
      break;
    }
    case TraceKind::Relu:
      j += ",\"terms\":[{\"x\":" + json_num(t.relu_x) + "}]";
      break;
    case TraceKind::Pooling:
      j += ",\"window\":{\"y\":" + std::to_string(t.pool.y0) + ",\"x\":" + std::to_string(t.pool.x0) + ",\"rows\":" +
           std::to_string(t.pool.rows) + ",\"cols\":" + std::to_string(t.pool.cols) + "},\"argmax\":" +
           std::to_string(t.pool.argmax) + ",\"terms\":" + json_list(t.pool.window, [](float v) { return json_num(v); });
      break;
    case TraceKind::Affine:
      j += ",\"bias\":" + json_num(t.affine.bias) + ",\"rest\":" + json_num(t.affine.rest) + ",\"restCount\":" +
           std::to_string(t.affine.rest_count) + ",\"terms\":" + json_list(t.affine.top, [](const cnn::AffineTerm& a) {
             return "{\"index\":" + std::to_string(a.index) + ",\"w\":" + json_num(a.w) + ",\"x\":" + json_num(a.x) + "}";
           });
      break;
    case TraceKind::Softmax:
      j += ",\"denominator\":" + json_num(t.softmax.sum) + ",\"maxLogit\":" + json_num(t.softmax.max_logit) +
           ",\"terms\":" + json_list(t.softmax.logits, [](float z) { return json_num(z); });
      break;
  }
  j += ",\"title\":" + json_str(trace_title(net, t)) +
       ",\"lines\":" + json_list(trace_lines(net, t), [](const std::string& s) { return json_str(s); }) + "}";
  return j;
}

}  // namespace app
