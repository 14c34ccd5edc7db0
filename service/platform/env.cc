// env.cc — the POSIX Env.
#include "platform/env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <date/date.h>

namespace caremeter {

namespace {

Error io_error(const std::string& path, const std::string& what) {
  Error e{ErrorCode::kIo, what + ": " + std::strerror(errno), "", path};
  return e;
}

class PosixEnv final : public Env {
 public:
  Result<std::string> read_file(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open");
    std::string out;
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        Error e = io_error(path, "cannot read");
        ::close(fd);
        return e;
      }
      if (n == 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
  }

  Result<std::vector<std::string>> list_files(const std::string& dir) override {
    std::error_code ec;
    std::vector<std::string> out;
    std::filesystem::recursive_directory_iterator it(dir, ec), end;
    if (ec) return Error{ErrorCode::kIo, "cannot list directory: " + ec.message(), "", dir};
    for (; it != end; it.increment(ec)) {
      if (ec) return Error{ErrorCode::kIo, "cannot list directory: " + ec.message(), "", dir};
      if (it->is_regular_file()) {
        out.push_back(std::filesystem::relative(it->path(), dir).generic_string());
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Status write_file_atomic(const std::string& path, std::string_view data) override {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error(tmp, "cannot create");
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        Error e = io_error(tmp, "cannot write");
        ::close(fd);
        return e;
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
      Error e = io_error(tmp, "cannot fsync");
      ::close(fd);
      return e;
    }
    if (::close(fd) != 0) return io_error(tmp, "cannot close");
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error(path, "cannot rename into place");
    return ok_status();
  }

  bool is_directory(const std::string& path) override {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  std::string now_utc() override {
    auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    return date::format("%Y-%m-%dT%H:%M:%SZ", now);
  }
};

}  // namespace

Env* Env::posix() {
  static Env* env = new PosixEnv();  // never destroyed: safe at exit from any thread
  return env;
}

}  // namespace caremeter
