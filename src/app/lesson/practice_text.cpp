#include "app/lesson/practice_text.h"


#include "app/ui/i18n.h"

namespace app::lesson {

namespace {

std::string grid_rows(const Grid& g) {
  std::string s;
  for (int r = 0; r < g.rows; ++r) {
    if (r) s += " / ";
    for (int c = 0; c < g.cols; ++c) s += (c ? " " : "") + format_number(g.at(r, c));
  }
  return s;
}

}  // namespace

int answer_parts(const PracticeItem& item) { return item.impossible ? 1 : static_cast<int>(item.answer.size()); }

std::string practice_question(const PracticeItem& it, bool with_grids) {
  std::string q;
  switch (it.kind) {
    case PracticeKind::ConvCell:
    case PracticeKind::ConvCellBias:
      q = format(tr(it.kind == PracticeKind::ConvCell ? "practice.q.conv" : "practice.q.conv_bias"), it.out_row,
              it.out_col, format_number(it.bias).c_str());  // rows and columns from 0, as the walkthrough counts
      if (with_grids)
        q += " " + format(tr("practice.q.grids"), grid_rows(it.input).c_str(), grid_rows(it.filter).c_str());
      break;
    case PracticeKind::OutputSize:
      q = format(tr("practice.q.oh"), it.h, it.pad, it.fh, it.stride);
      break;
    case PracticeKind::ConvShape3D:
      q = format(tr("practice.q.shape3d"), it.c, it.h, it.w, it.fn, it.c, it.fh, it.fw, it.pad, it.stride);
      break;
    case PracticeKind::ConvShape4D:
      q = format(tr("practice.q.shape4d"), it.n, it.c, it.h, it.w, it.fn, it.c, it.fh, it.fw, it.pad, it.stride);
      break;
    case PracticeKind::PoolValue:
      q = format(tr("practice.q.pool"), it.out_row, it.out_col);
      if (with_grids) q += " " + format(tr("practice.q.pool_grid"), grid_rows(it.input).c_str());
      break;
    case PracticeKind::PoolShape:
      q = format(tr("practice.q.pool_shape"), it.c, it.h, it.w);
      break;
    case PracticeKind::Im2colShape:
      q = format(tr("practice.q.im2col"), it.n, it.c, it.h, it.w, it.fh, it.fw, it.pad, it.stride);
      break;
    case PracticeKind::ParamCount:
      q = it.affine ? format(tr("practice.q.params_affine"), it.h, it.w)
                    : format(tr("practice.q.params_conv"), it.fn, it.c, it.fh, it.fw);
      break;
  }
  return q;
}

std::string input_problem_text(InputProblem p, const PracticeItem& item) {
  switch (p) {
    case InputProblem::None: return {};
    case InputProblem::Empty: return tr("practice.err.empty");
    case InputProblem::NotNumber: return tr("practice.err.not_number");
    case InputProblem::Infinite: return tr("practice.err.infinite");
    case InputProblem::TooLarge: return tr("practice.err.too_large");
  }
  (void)item;
  return {};
}

std::string practice_feedback(const PracticeItem& it, const ItemRecord& rec) {
  if (!rec.answered) return {};
  const std::string answer = it.impossible ? tr("practice.impossible_word") : answer_text(it);
  const std::string given = rec.response == "impossible" ? tr("practice.impossible_word") : rec.response;
  std::string text = rec.correct ? format(tr("practice.correct"), answer.c_str())
                                 : format(tr("practice.wrong"), answer.c_str(), given.c_str());
  text += " " + it.worked;
  if (it.impossible) text += " " + std::string(tr("practice.why_impossible"));
  return text;
}

std::string outcome_text(const PracticeItem& it, const ItemRecord& rec, const CheckOutcome& o) {
  if (o.problem != InputProblem::None) return input_problem_text(o.problem, it);
  if (o.verdict == Verdict::Incomplete) {
    if (it.impossible) return tr("practice.err.empty");
    const int parts = answer_parts(it);
    return parts == 1 ? std::string(tr("practice.err.count_one")) : format(tr("practice.err.count"), parts);
  }
  return practice_feedback(it, rec);
}

std::string score_text(const PracticeScore& s) { return format(tr("practice.score"), s.correct, s.asked, s.total); }

}  // namespace app::lesson
