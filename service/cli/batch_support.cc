// batch_support.cc — see batch_support.h.
#include "cli/batch_support.h"

#include <exception>
#include <string>
#include <thread>

#include "batch/compare_report.h"
#include "cli/cli_common.h"
#include "platform/rules_dir.h"

namespace caremeter {

int guarded(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const MoneyOverflow& e) {
    return report_error(Error{ErrorCode::kOverflow, std::string("an amount is too large to add up exactly: ") + e.what(), "", ""});
  } catch (const std::exception& e) {
    return report_error(Error{ErrorCode::kInternal, std::string(command) + ": internal error: " + e.what(), "", ""});
  }
}

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

Status check_threads(int threads) {
  if (threads < 1 || threads > 1024) {
    return invalid_input("", "option --threads: expected 1 to 1024, got " + std::to_string(threads));
  }
  return ok_status();
}

// "£1,234,567.89"; a total too large for an exact amount says so.
std::string pounds(const std::optional<Exact>& total) {
  if (!total) return "too large to add up exactly";
  return "£" + with_separators(total->round_half_up());
}

// "23,000"
std::string count_with_separators(std::size_t n) {
  std::string plain = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    out += plain[i];
    std::size_t remaining = plain.size() - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Result<std::unique_ptr<LoadedRules>> load_rule_set(Env& env, const std::string& rules_dir, const std::string& version) {
  auto loaded = std::make_unique<LoadedRules>();
  std::string dir = rules_dir.empty() ? default_rules_dir(env) : rules_dir;
  auto catalog = load_rule_catalog(env, dir);
  if (!catalog) return std::move(catalog).error();
  loaded->catalog = std::move(catalog).value();
  auto rules = loaded->catalog.find(version);
  if (!rules) return std::move(rules).error();
  loaded->rules = *rules;
  return loaded;
}

}  // namespace caremeter
