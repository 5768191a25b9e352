// How `deploy` (and resume, rollback, abort, demo) shows a release: a live view redrawn in place
// on a terminal, plain timestamped lines elsewhere (CI), or one JSON object per event
// (--output json). Every view also remembers what it saw for the closing summary.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/release_events.h"

namespace kanaria::cli {

// What a release looked like, for the summary.
struct ReleaseStory {
  struct StageLine {
    std::string id;
    std::string state = "pending";  // pending | running | done | failed
    double elapsed_seconds = 0;
    WallTime started;
  };
  std::string title;  // "release kr-... of prod/web"
  std::vector<StageLine> stages;
  // (seconds since the start, primary, canary)
  std::vector<std::tuple<double, int, int>> weights;
  std::string task_sets;  // the last task-sets line
  std::string last_message;
  // The last look of each analysis check, "check: line", in the order the checks first looked.
  std::vector<std::pair<std::string, std::string>> analysis;
  WallTime started;
  bool rolling_back = false;

  void Apply(const engine::ReleaseEvent& event);
};

class ReleaseView : public engine::ReleaseEventSink {
 public:
  // `terminal`: redraw in place (stdout is a TTY and output is text). `color`: ANSI colours.
  enum class Style { kLive, kLines, kJson };
  ReleaseView(std::ostream& out, Style style, bool color);
  ~ReleaseView() override;

  void Emit(const engine::ReleaseEvent& event) override;
  // Stops redrawing (before the summary is printed).
  void Close();
  const ReleaseStory& story() const { return story_; }
  Style style() const { return style_; }

  // The style for this process: kJson for --output json, kLive on a TTY, else kLines.
  static Style Detect(bool json_output);
  static bool ColorAllowed();

 private:
  void Redraw();
  std::string Render() const;

  std::ostream& out_;
  Style style_;
  bool color_;
  std::mutex mu_;
  ReleaseStory story_;
  int drawn_lines_ = 0;
  std::string last_task_sets_;
  bool closed_ = false;
  std::thread ticker_;
};

// `text` with every line broken into rows of at most `columns` - 1 visible characters (an ANSI
// escape takes no room, a UTF-8 sequence is one character), at spaces where it can, continuation
// rows indented two more than their line; so the live view, which moves the cursor up by the
// rows it counted, never loses count to the terminal's own wrapping.
std::string WrapToColumns(const std::string& text, int columns);

// The closing summary: stages with their outcome and time, weights over time, calls made.
std::string RenderSummary(const ReleaseStory& story, const std::map<std::string, int>& polling_calls,
                          const std::map<std::string, int>& other_calls, std::size_t mutating_calls,
                          const std::string& outcome_line);

}  // namespace kanaria::cli
