// batch_support.h — what the county commands (recalc, compare, uplift, changes) share on the
// command line: threads, the progress bar, amounts and counts for summaries, the rule set.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "caremeter/json/rule_loader.h"
#include "caremeter/model/money.h"
#include "caremeter/model/status.h"
#include "platform/env.h"

namespace caremeter {

int default_threads();

// Runs a county command's body; an amount too large to add up exactly, or any other exception
// (a bug), becomes an error on stderr and the exit status for failure, never a crash.
int guarded(const char* command, const std::function<int()>& body);
// --threads: 1 to 1024.
Status check_threads(int threads);

// A progress bar on stderr, drawn only when stderr is a terminal (never into a log file).
class ProgressBar {
 public:
  explicit ProgressBar(const char* what) : what_(what), enabled_(::isatty(STDERR_FILENO) == 1) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const std::size_t percent = done * 100 / total;
    if (percent == last_percent_ && done != total) return;
    last_percent_ = percent;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = done * kWidth / total;
    std::string bar(filled, '#');
    bar.append(kWidth - filled, ' ');
    std::fprintf(stderr, "\r%s [%s] %3zu%%  %zu / %zu", what_, bar.c_str(), percent, done, total);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fputs("\r\033[K", stderr);  // clear the bar before the summary
  }

 private:
  const char* what_;
  bool enabled_;
  bool drawn_ = false;
  std::size_t last_percent_ = 1000;
};

// "£1,234,567.89"; a total too large for an exact amount says so.
std::string pounds(const std::optional<Exact>& total);
// "23,000"
std::string count_with_separators(std::size_t n);
double seconds_since(std::chrono::steady_clock::time_point start);

struct LoadedRules {
  RuleCatalog catalog;
  const RuleSet* rules = nullptr;
};
// The rule set `version` ("" for the latest) of the rules directory (default_rules_dir when "").
Result<std::unique_ptr<LoadedRules>> load_rule_set(Env& env, const std::string& rules_dir, const std::string& version);

}  // namespace caremeter
