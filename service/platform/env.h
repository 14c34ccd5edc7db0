// env.h — the program's window on the outside world (files, durability, the clock), as an
// interface so tests can replace it to inject faults (LevelDB's Env). The engine never sees it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/status.h"

namespace caremeter {

class Env {
 public:
  virtual ~Env() = default;

  virtual Result<std::string> read_file(const std::string& path) = 0;
  // Regular files below dir, recursively, as paths relative to dir, sorted.
  virtual Result<std::vector<std::string>> list_files(const std::string& dir) = 0;
  // Writes via a temporary file, fsyncs it and renames it over path: all or nothing.
  virtual Status write_file_atomic(const std::string& path, std::string_view data) = 0;
  virtual bool is_directory(const std::string& path) = 0;
  // UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ" (for recorded_at); the only clock the program reads.
  virtual std::string now_utc() = 0;

  // The real one. Never destroyed.
  static Env* posix();
};

}  // namespace caremeter
