// temp_dir.h — the tests' one scratch directory: private to a test, removed with everything in
// it when the test ends. Needs only the standard library (the engine's tests use it too).
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace caremeter::test_support {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "caremeter-test-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) != nullptr) path_ = buf.data();
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    // A test may leave a directory without permissions behind; give them back to remove it.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ignored);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ignored)) {
      if (it->is_directory(ignored) && !it->is_symlink(ignored)) {
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ignored);
      }
    }
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Empty if the directory could not be made (tests check with ASSERT_FALSE(path().empty())).
  const std::string& path() const { return path_; }
  std::string file(const std::string& relative) const { return path_ + "/" + relative; }

  // Writes `text` to `relative` (making its folders) and returns the full path.
  std::string write(const std::string& relative, std::string_view text) const {
    std::string full = file(relative);
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream(full, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
    return full;
  }
  std::string read(const std::string& relative) const {
    std::ifstream in(file(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The names directly in the directory (or in `relative` under it), sorted.
  std::vector<std::string> list(const std::string& relative = "") const {
    std::vector<std::string> out;
    std::error_code ignored;
    for (const auto& e : std::filesystem::directory_iterator(relative.empty() ? path_ : file(relative), ignored)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

}  // namespace caremeter::test_support
