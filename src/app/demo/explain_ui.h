// The Demo tab's explanations (issue 15) as the App holds them: trace mode's window, the "why
// this digit" overlay and the first-layer filter switch. Each view lives in its own file; the
// App, the views and the page's API (src/web/explain_exports.cpp) reach them through this one
// member.
#pragma once
#include "app/demo/crops_view.h"
#include "app/demo/intervene_view.h"
#include "app/demo/saliency_view.h"
#include "app/demo/trace_view.h"

namespace app {

struct ExplainUi {
  TraceView trace;
  SaliencyView saliency;
  InterveneView intervene;
  CropsView crops;  // what the selected channel looks for (issue 14)
  bool busy() const { return saliency.busy(); }  // work left that needs more frames
};

}  // namespace app
