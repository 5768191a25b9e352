#include "cli/release_view.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "core/redact.h"

namespace kanaria::cli {
namespace {

// The width of the terminal on stdout, asked at every redraw (it may be resized); COLUMNS or 80
// when it cannot be asked.
int TerminalColumns() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && std::atoi(columns) > 0) {
    return std::atoi(columns);
  }
  return 80;
}

double SecondsBetween(WallTime from, WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string Clock(WallTime t) {
  auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(t);
  return fmt::format("{:%H:%M:%S}", seconds);
}

const char* Paint(bool color, const std::string& state) {
  if (!color) return "";
  if (state == "done") return "\x1b[32m";
  if (state == "failed") return "\x1b[31m";
  if (state == "running") return "\x1b[33m";
  return "\x1b[2m";
}

const char* Mark(const std::string& state) {
  if (state == "done") return "✓";
  if (state == "failed") return "✗";
  if (state == "running") return "▶";
  return "·";
}

}  // namespace

void ReleaseStory::Apply(const engine::ReleaseEvent& event) {
  const auto& data = event.data;
  if (event.type == "release.started") {
    started = event.at;
    title = event.text;
    stages.clear();
    const int next = data.value("nextStage", 0);
    for (const auto& stage : data.value("stages", nlohmann::json::array())) {
      StageLine line;
      line.id = stage.value("label", stage.value("id", ""));
      if (static_cast<int>(stages.size()) < next) line.state = "done";
      stages.push_back(line);
    }
  } else if (event.type == "stage.started" || event.type == "stage.finished") {
    const auto index = data.value("index", std::size_t{0});
    if (index < stages.size()) {
      auto& line = stages[index];
      if (event.type == "stage.started") {
        line.state = "running";
        line.started = event.at;
      } else {
        line.state = data.value("ok", false) ? "done" : "failed";
        line.elapsed_seconds = data.value("elapsedSeconds", 0.0);
      }
    }
  } else if (event.type == "weights") {
    weights.emplace_back(SecondsBetween(started, event.at), data.value("primary", 0), data.value("canary", 0));
  } else if (event.type == "task-sets") {
    task_sets = event.text;
  } else if (event.type == "rollback.started") {
    rolling_back = true;
    last_message = event.text;
  } else if (event.type == "analysis") {
    const std::string check = data.value("check", "");
    auto it = std::find_if(analysis.begin(), analysis.end(), [&](const auto& entry) { return entry.first == check; });
    const std::string line = fmt::format("look {}/{}: {}", data.value("look", 0), data.value("looks", 0), event.text);
    if (it == analysis.end()) {
      analysis.emplace_back(check, line);
    } else {
      it->second = line;
    }
  } else if (event.type == "message" || event.type == "call") {
    last_message = event.text;
  }
}

ReleaseView::Style ReleaseView::Detect(bool json_output) {
  if (json_output) return Style::kJson;
  return isatty(STDOUT_FILENO) ? Style::kLive : Style::kLines;
}

bool ReleaseView::ColorAllowed() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
}

ReleaseView::ReleaseView(std::ostream& out, Style style, bool color)
    : out_(out), style_(style), color_(color) {
  if (style_ == Style::kLive) {
    ticker_ = std::thread([this] {
      while (true) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        std::lock_guard<std::mutex> lock(mu_);
        if (closed_) return;
        if (!story_.title.empty()) Redraw();
      }
    });
  }
}

ReleaseView::~ReleaseView() { Close(); }

void ReleaseView::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    if (style_ == Style::kLive && !story_.title.empty()) Redraw();
  }
  if (ticker_.joinable()) ticker_.join();
}

void ReleaseView::Emit(const engine::ReleaseEvent& event) {
  std::lock_guard<std::mutex> lock(mu_);
  story_.Apply(event);
  switch (style_) {
    case Style::kJson: {
      nlohmann::json line = {{"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::time_point_cast<std::chrono::seconds>(event.at))},
                             {"type", event.type},
                             {"text", event.text},
                             {"data", event.data}};
      out_ << Scrub(line.dump()) << std::endl;
      break;
    }
    case Style::kLines:
      if (event.type == "task-sets" && event.text == last_task_sets_) break;  // only changes
      if (event.type == "task-sets") last_task_sets_ = event.text;
      out_ << Clock(event.at) << "  " << fmt::format("{:<17}", event.type) << Scrub(event.text) << std::endl;
      break;
    case Style::kLive:
      if (!closed_) Redraw();
      break;
  }
}

std::string ReleaseView::Render() const {
  const WallTime now = std::chrono::system_clock::now();
  const char* reset = color_ ? "\x1b[0m" : "";
  const char* bold = color_ ? "\x1b[1m" : "";
  std::string text = fmt::format("{}{}{}\n", bold, story_.title, reset);
  for (const auto& stage : story_.stages) {
    double elapsed = stage.state == "running" ? SecondsBetween(stage.started, now) : stage.elapsed_seconds;
    text += fmt::format("  {}{} {:<28}{} {}\n", Paint(color_, stage.state), Mark(stage.state), stage.id, reset,
                        stage.state == "pending" ? std::string() : fmt::format("{:6.1f}s", elapsed));
  }
  if (!story_.weights.empty()) {
    auto [t, primary, canary] = story_.weights.back();
    text += fmt::format("  weights    primary {} / canary {}\n", primary, canary);
  }
  if (!story_.task_sets.empty()) text += "  task sets  " + story_.task_sets + "\n";
  for (const auto& [check, line] : story_.analysis) text += "  analysis   " + line.substr(0, 400) + "\n";
  if (!story_.last_message.empty()) {
    std::string last = story_.last_message.substr(0, 110);
    text += fmt::format("  {}{}{}\n", story_.rolling_back && color_ ? "\x1b[31m" : "", last, reset);
  }
  return Scrub(text);
}

void ReleaseView::Redraw() {
  if (drawn_lines_ > 0) out_ << "\x1b[" << drawn_lines_ << "F\x1b[J";
  const std::string text = WrapToColumns(Render(), TerminalColumns());
  out_ << text << std::flush;
  drawn_lines_ = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

namespace {

// One character as the terminal shows it, with the escapes written just before it (or, for the
// line's end, the escapes that close it).
struct Cell {
  std::string bytes;
  bool space = false;
};

std::vector<Cell> CellsOf(std::string_view line) {
  std::vector<Cell> cells;
  std::string pending;  // escapes waiting for the next character
  for (std::size_t i = 0; i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == 0x1b) {  // CSI: ESC [ parameters, then a final byte in @..~
      std::size_t end = i + 1;
      if (end < line.size() && line[end] == '[') {
        ++end;
        while (end < line.size() && !(line[end] >= '@' && line[end] <= '~')) ++end;
      }
      end = std::min(end + 1, line.size());
      pending.append(line, i, end - i);
      i = end;
      continue;
    }
    std::size_t length = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    length = std::min(length, line.size() - i);
    cells.push_back({pending + std::string(line.substr(i, length)), c == ' '});
    pending.clear();
    i += length;
  }
  if (!pending.empty()) {
    if (cells.empty()) cells.push_back({"", false});
    cells.back().bytes += pending;
  }
  return cells;
}

// Greedy word wrap of one line (no '\n') into rows of at most `room` cells; a word longer than a
// row is broken. Continuation rows are indented two more than the line.
void WrapLine(std::string_view line, int room, std::string& out) {
  const std::vector<Cell> cells = CellsOf(line);
  std::size_t indent = 0;
  while (indent < cells.size() && cells[indent].space && cells[indent].bytes == " ") ++indent;
  const std::size_t hanging = std::min<std::size_t>(indent + 2, static_cast<std::size_t>(room) / 2);
  std::size_t at = 0;
  std::size_t width = static_cast<std::size_t>(room);
  while (true) {
    if (cells.size() - at <= width) {
      for (std::size_t k = at; k < cells.size(); ++k) out += cells[k].bytes;
      return;
    }
    std::size_t cut = at + width;  // the first cell that does not fit
    std::size_t next = cut;
    for (std::size_t k = cut; k > at; --k) {
      if (cells[k].space) {
        cut = k;
        next = k + 1;  // the space at the break is not drawn
        break;
      }
    }
    for (std::size_t k = at; k < cut; ++k) out += cells[k].bytes;
    out += '\n' + std::string(hanging, ' ');
    at = next;
    width = static_cast<std::size_t>(room) - hanging;
  }
}

}  // namespace

std::string WrapToColumns(const std::string& text, int columns) {
  const int room = std::max(columns - 1, 10);
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    WrapLine(std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start),
             room, out);
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string RenderSummary(const ReleaseStory& story, const std::map<std::string, int>& polling_calls,
                          const std::map<std::string, int>& other_calls, std::size_t mutating_calls,
                          const std::string& outcome_line) {
  std::string text = "\n" + outcome_line + "\n";
  if (!story.stages.empty()) {
    text += "stages:\n";
    for (const auto& stage : story.stages) {
      text += fmt::format("  {} {:<28} {}\n", Mark(stage.state), stage.id,
                          stage.state == "pending" ? std::string("not run")
                                                   : fmt::format("{:.1f}s", stage.elapsed_seconds));
    }
  }
  if (!story.weights.empty()) {
    text += "weights over time (primary/canary):\n ";
    for (const auto& [t, primary, canary] : story.weights) text += fmt::format(" +{:.1f}s {}/{}", t, primary, canary);
    text += "\n";
  }
  if (!story.analysis.empty()) {
    text += "analysis (each check's last look):\n";
    for (const auto& [check, line] : story.analysis) text += "  " + line + "\n";
  }
  auto list = [](const std::map<std::string, int>& calls, int& total) {
    std::string text;
    for (const auto& [operation, count] : calls) {
      total += count;
      text += fmt::format("{}{} {}", text.empty() ? "" : ", ", operation, count);
    }
    return text;
  };
  int polling = 0, other = 0;
  const std::string polling_text = list(polling_calls, polling);
  const std::string other_text = list(other_calls, other);
  text += fmt::format("AWS calls: {} ({} mutating)\n  polling {}: {}\n  the rest {}: {}\n", polling + other,
                      mutating_calls, polling, polling_text, other, other_text);
  return text;
}

}  // namespace kanaria::cli
