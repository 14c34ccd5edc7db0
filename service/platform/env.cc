// env.cc — the POSIX Env, and the atomic replacement of a file built on any Env.
#include "platform/env.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <system_error>

#include <date/date.h>

namespace caremeter {

namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& path, const std::string& what, int err) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(err), "", path};
}

Error too_large(const std::string& path, std::uint64_t max_bytes, const std::string& size) {
  return Error{ErrorCode::kInvalidInput,
               "the file is larger than the " + std::to_string(max_bytes) + " bytes accepted (" + size + ")", "", path};
}

// A descriptor written with write(2), retried on EINTR and after short writes.
class PosixWritableFile final : public WritableFile {
 public:
  // early_writeback: start writing to disk every few megabytes, so the final fsync waits only
  // for the last few (for a county's output it was a fifth of the run's time).
  PosixWritableFile(int fd, std::string path, bool owns_fd, bool early_writeback)
      : fd_(fd), path_(std::move(path)), owns_fd_(owns_fd), early_writeback_(early_writeback) {}
  ~PosixWritableFile() override {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
  }

  Status append(std::string_view data) override {
    if (fd_ < 0) return Error{ErrorCode::kInternal, "write after close", "", path_};
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return io_error(path_, "cannot write", errno);
      }
      done += static_cast<std::size_t>(n);
    }
    written_ += data.size();
    constexpr std::uint64_t kWritebackStep = std::uint64_t{4} << 20;
    if (early_writeback_ && written_ - writeback_ >= kWritebackStep) {
      // Only a hint: sync() is what makes the file durable, so a failure here is ignored.
      ::sync_file_range(fd_, static_cast<off_t>(writeback_), static_cast<off_t>(written_ - writeback_),
                        SYNC_FILE_RANGE_WRITE);
      writeback_ = written_;
    }
    return ok_status();
  }

  Status sync() override {
    if (fd_ < 0) return Error{ErrorCode::kInternal, "sync after close", "", path_};
    if (::fsync(fd_) != 0) return io_error(path_, "cannot fsync", errno);
    return ok_status();
  }

  Status close() override {
    if (fd_ < 0) return ok_status();
    int fd = fd_;
    fd_ = -1;
    if (owns_fd_ && ::close(fd) != 0) return io_error(path_, "cannot close", errno);
    return ok_status();
  }

  const std::string& path() const override { return path_; }

 private:
  int fd_;
  std::string path_;
  bool owns_fd_;
  bool early_writeback_;
  std::uint64_t written_ = 0;
  std::uint64_t writeback_ = 0;
};

// Reads fd to its end into out, which already holds `done` bytes; refuses more than max_bytes.
Status read_to_end(int fd, const std::string& path, std::uint64_t max_bytes, std::string& out, std::size_t done) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  for (;;) {
    if (out.size() - done < kBlock) out.resize(done + kBlock);
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(path, "cannot read", errno);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
    if (done > max_bytes) return too_large(path, max_bytes, "more than that arrived");
  }
  out.resize(done);
  return ok_status();
}

// A regular file of `size` bytes, read straight into place: one copy, from the page cache.
Status read_regular(int fd, const std::string& path, std::uint64_t size, std::string& out) {
  out.resize(static_cast<std::size_t>(size));
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(path, "cannot read", errno);
    }
    if (n == 0) {
      return Error{ErrorCode::kIo,
                   "the file changed while it was being read (it was " + std::to_string(size) + " bytes, " +
                       std::to_string(done) + " could be read): read it again once nothing is writing it",
                   "", path};
    }
    done += static_cast<std::size_t>(n);
  }
  char extra = 0;
  ssize_t n;
  while ((n = ::read(fd, &extra, 1)) < 0 && errno == EINTR) {
  }
  if (n != 0) {
    return Error{ErrorCode::kIo, "the file grew while it was being read: read it again once nothing is writing it",
                 "", path};
  }
  return ok_status();
}

FileInfo info_of(const struct stat& st) {
  FileInfo info;
  info.kind = S_ISREG(st.st_mode) ? FileInfo::Kind::kRegular
              : S_ISDIR(st.st_mode) ? FileInfo::Kind::kDirectory
                                    : FileInfo::Kind::kOther;
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.device = static_cast<std::uint64_t>(st.st_dev);
  info.inode = static_cast<std::uint64_t>(st.st_ino);
  return info;
}

Error list_error(const fs::path& path, const std::string& what, const std::error_code& ec) {
  return Error{ErrorCode::kIo, what + (ec ? ": " + ec.message() : std::string()), "", path.string()};
}

// One directory's regular files into out (relative to root), and its subdirectories' in turn.
Status list_into(const fs::path& root, const fs::path& dir, std::vector<std::string>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) return list_error(dir, "cannot list directory", ec);
  for (; it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    fs::file_status status = entry.symlink_status(ec);
    if (ec) return list_error(entry.path(), "cannot look at", ec);
    if (fs::is_symlink(status)) {
      status = entry.status(ec);
      if (ec || !fs::exists(status)) return list_error(entry.path(), "a broken or looping symbolic link", ec);
      if (fs::is_directory(status)) {
        return list_error(entry.path(), "a symbolic link to a directory (not followed: link the files instead)", {});
      }
    }
    if (fs::is_directory(status)) {
      if (Status s = list_into(root, entry.path(), out); !s) return s;
    } else if (fs::is_regular_file(status)) {
      out.push_back(entry.path().lexically_relative(root).generic_string());
    }
  }
  // A failed step ends the loop as if the directory had ended: the listing would be cut short.
  if (ec) return list_error(dir, "cannot list directory", ec);
  return ok_status();
}

std::string random_suffix() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), static_cast<unsigned>(::getpid()),
                       static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())};
    return std::mt19937_64(seed);
  }();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(generator()));
  return std::string(buf, 12);
}

// ---- Guarded mappings ----------------------------------------------------------------------
//
// A truncated file's pages vanish from every mapping of it, and the next access to one is
// SIGBUS. The handler below repairs such an access inside a guarded mapping by mapping a page of
// zeros where the vanished page was, and notes it; the run then fails with an error naming the
// file (check_unchanged) instead of dying. Anything else is passed on as it would have been.

struct GuardSlot {
  std::atomic<bool> used{false};
  std::atomic<std::uintptr_t> begin{0};  // 0: free (set last when taken, cleared first when freed)
  std::atomic<std::uintptr_t> end{0};
  std::atomic<bool> vanished{false};
};
constexpr std::size_t kGuardSlots = 64;
GuardSlot g_guards[kGuardSlots];
struct sigaction g_previous_sigbus;
std::uintptr_t g_page_size = 4096;

void on_sigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (GuardSlot& slot : g_guards) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    if (begin == 0 || addr < begin || addr >= slot.end.load(std::memory_order_acquire)) continue;
    const int saved_errno = errno;
    void* page = reinterpret_cast<void*>(addr & ~(g_page_size - 1));
    void* zeros = ::mmap(page, g_page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    slot.vanished.store(true, std::memory_order_release);
    errno = saved_errno;
    if (zeros != MAP_FAILED) return;  // the access is repeated and reads zeros
    break;
  }
  const struct sigaction& previous = g_previous_sigbus;
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(sig, info, context);
  } else if ((previous.sa_flags & SA_SIGINFO) == 0 && previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
  } else {
    ::signal(SIGBUS, SIG_DFL);  // the access is repeated and ends the process as it would have
  }
}

GuardSlot* take_guard(const char* begin, std::size_t size) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    g_page_size = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction action{};
    action.sa_sigaction = &on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous_sigbus);
  });
  for (GuardSlot& slot : g_guards) {
    bool expected = false;
    if (!slot.used.compare_exchange_strong(expected, true)) continue;
    slot.vanished.store(false);
    slot.end.store(reinterpret_cast<std::uintptr_t>(begin) + size, std::memory_order_release);
    slot.begin.store(reinterpret_cast<std::uintptr_t>(begin), std::memory_order_release);
    return &slot;
  }
  return nullptr;  // every slot taken: the caller reads the file instead
}

void release_guard(GuardSlot* slot) {
  slot->begin.store(0, std::memory_order_release);
  slot->used.store(false, std::memory_order_release);
}

bool same_content_stamp(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

class GuardedMapping final : public MappedFile {
 public:
  GuardedMapping(int fd, std::string path, const char* data, std::size_t size, GuardSlot* guard, const struct stat& st)
      : fd_(fd), path_(std::move(path)), data_(data), size_(size), guard_(guard), stat_(st) {}
  ~GuardedMapping() override {
    release_guard(guard_);
    ::munmap(const_cast<char*>(data_), size_);
    ::close(fd_);
  }
  std::string_view data() const override { return {data_, size_}; }
  Status check_unchanged() override {
    struct stat now{};
    if (guard_->vanished.load(std::memory_order_acquire) || ::fstat(fd_, &now) != 0 || !same_content_stamp(now, stat_)) {
      return Error{ErrorCode::kIo,
                   "the file was truncated or rewritten while it was being read: nothing read from it can be trusted; "
                   "run again once nothing is writing it",
                   "", path_};
    }
    return ok_status();
  }

 private:
  int fd_;
  std::string path_;
  const char* data_;
  std::size_t size_;
  GuardSlot* guard_;
  struct stat stat_;
};

// A stream (or a file that could not be mapped) read into memory: a copy nothing can change.
class FileInMemory final : public MappedFile {
 public:
  explicit FileInMemory(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string_view data() const override { return bytes_; }
  Status check_unchanged() override { return ok_status(); }

 private:
  std::string bytes_;
};

class PosixEnv final : public Env {
 public:
  Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open", errno);
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
      Error e = io_error(path, "cannot read", errno);
      ::close(fd);
      return e;
    }
    std::string out;
    Status status = ok_status();
    if (S_ISDIR(st.st_mode)) {
      status = io_error(path, "cannot read", EISDIR);
    } else if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
      status = too_large(path, max_bytes, std::to_string(st.st_size) + " bytes");
    } else if (S_ISREG(st.st_mode) && st.st_size > 0) {
      status = read_regular(fd, path, static_cast<std::uint64_t>(st.st_size), out);
    } else {
      status = read_to_end(fd, path, max_bytes, out, 0);  // a pipe, or a file whose size is not known
    }
    ::close(fd);
    if (!status) return std::move(status).error();
    return out;
  }

  Result<std::unique_ptr<MappedFile>> map_file(const std::string& path, std::uint64_t max_bytes) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open", errno);
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
      Error e = io_error(path, "cannot read", errno);
      ::close(fd);
      return e;
    }
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
      ::close(fd);
      return too_large(path, max_bytes, std::to_string(st.st_size) + " bytes");
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
      const auto size = static_cast<std::size_t>(st.st_size);
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        if (GuardSlot* guard = take_guard(static_cast<const char*>(p), size)) {
          ::madvise(p, size, MADV_SEQUENTIAL);
          return std::unique_ptr<MappedFile>(new GuardedMapping(fd, path, static_cast<const char*>(p), size, guard, st));
        }
        ::munmap(p, size);
      }
    }
    ::close(fd);
    auto bytes = read_file(path, max_bytes);
    if (!bytes) return std::move(bytes).error();
    return std::unique_ptr<MappedFile>(new FileInMemory(std::move(*bytes)));
  }

  Result<std::vector<std::string>> list_files(const std::string& dir) override {
    std::vector<std::string> out;
    if (Status s = list_into(fs::path(dir), fs::path(dir), out); !s) return std::move(s).error();
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<FileInfo> stat(const std::string& path) override {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return FileInfo{};
      return io_error(path, "cannot look at", errno);
    }
    return info_of(st);
  }

  Result<std::unique_ptr<WritableFile>> new_temporary_file(const std::string& target, unsigned permissions) override {
    const std::string dir = directory_of(target);
    const std::string name = fs::path(target).filename().string();
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string path = (dir == "." ? std::string() : dir + "/") + "." + name + "." + random_suffix() + ".tmp";
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      static_cast<mode_t>(permissions));
      if (fd >= 0) return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, path, true, true));
      if (errno != EEXIST) return io_error(path, "cannot create a temporary file beside " + target, errno);
    }
    return io_error(target, "cannot find an unused temporary name beside it", EEXIST);
  }

  Result<std::unique_ptr<WritableFile>> open_device(const std::string& path) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open", errno);
    struct stat st{};
    // Checked on the descriptor opened, so a file swapped in after a stat() is not overwritten.
    if (::fstat(fd, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Error{ErrorCode::kIo, "expected a device or pipe to write in place", "", path};
    }
    return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, path, true, false));
  }

  std::unique_ptr<WritableFile> standard_output() override {
    return std::make_unique<PosixWritableFile>(STDOUT_FILENO, "standard output", false, false);
  }

  Status rename_file(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return io_error(to, "cannot rename " + from + " into place", errno);
    return ok_status();
  }

  Status remove_file(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return io_error(path, "cannot remove", errno);
    return ok_status();
  }

  Status sync_directory(const std::string& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error(dir, "cannot open the directory to fsync it", errno);
    Status s = ok_status();
    if (::fsync(fd) != 0) s = io_error(dir, "cannot fsync the directory", errno);
    ::close(fd);
    return s;
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

std::string directory_of(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// ---- ReplacementFile -----------------------------------------------------------------------

ReplacementFile::ReplacementFile(Env& env, std::string path, std::unique_ptr<WritableFile> file)
    : env_(env), path_(std::move(path)), temporary_(file->path()), file_(std::move(file)) {}

Result<std::unique_ptr<ReplacementFile>> ReplacementFile::create(Env& env, const std::string& path,
                                                                  unsigned permissions) {
  auto file = env.new_temporary_file(path, permissions);
  if (!file) return std::move(file).error();
  return std::unique_ptr<ReplacementFile>(new ReplacementFile(env, path, std::move(*file)));
}

ReplacementFile::~ReplacementFile() {
  if (renamed_) return;
  if (file_) (void)file_->close();
  (void)env_.remove_file(temporary_);
}

Error ReplacementFile::about_target(Error e) const {
  if (e.file == temporary_) {
    e.message += " (its temporary file " + temporary_ + "; " + path_ + " is unchanged)";
    e.file = path_;
  }
  return e;
}

Status ReplacementFile::append(std::string_view data) {
  if (!file_) return Error{ErrorCode::kInternal, "write after commit", "", path_};
  Status s = file_->append(data);
  if (!s) return about_target(std::move(s).error());
  return ok_status();
}

Status ReplacementFile::commit() {
  if (!file_) return Error{ErrorCode::kInternal, "committed twice", "", path_};
  if (Status s = file_->sync(); !s) return about_target(std::move(s).error());
  Status closed = file_->close();
  file_.reset();
  if (!closed) return about_target(std::move(closed).error());
  if (Status s = env_.rename_file(temporary_, path_); !s) return about_target(std::move(s).error());
  renamed_ = true;
  if (Status s = env_.sync_directory(directory_of(path_)); !s) {
    Error e = std::move(s).error();
    e.message += " (" + path_ + " has its new content, but it may not survive a power loss)";
    return e;
  }
  return ok_status();
}

Status write_file_atomic(Env& env, const std::string& path, std::string_view data, unsigned permissions) {
  auto file = ReplacementFile::create(env, path, permissions);
  if (!file) return std::move(file).error();
  if (Status s = (*file)->append(data); !s) return s;
  return (*file)->commit();
}

}  // namespace caremeter
