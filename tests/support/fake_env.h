// fake_env.h — the one fake Env of the tests (also used by the request fuzzer and the service
// benchmark): the real POSIX Env, except that the clock says what the test sets, and the
// operations the test names fail as a failing disk would — a read error, a write that stops
// part-way on a full disk, an fsync, rename or directory fsync that fails.
//
// Header-only and free of GoogleTest, so targets built without the test suite can use it.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "platform/env.h"

namespace caremeter::test_support {

enum class EnvOp { kRead /* read_file, map_file */, kList, kStat, kCreate, kOpenDevice, kAppend, kSync, kClose, kRename, kRemove, kSyncDirectory, kCount };

// Calls of `op` fail with errno `err`: after `skip` more succeed, the next `count` (count < 0:
// every one from then on). With `path_contains`, only calls on a path containing it count.
struct EnvFault {
  EnvFault(EnvOp op_, int err_ = EIO, int skip_ = 0, int count_ = -1, std::string path_contains_ = "")
      : op(op_), err(err_), skip(skip_), count(count_), path_contains(std::move(path_contains_)) {}
  EnvOp op;
  int err;
  int skip;
  int count;
  std::string path_contains;
};

class FakeEnv final : public EnvWrapper {
 public:
  explicit FakeEnv(std::string now = "2026-01-05T09:00:00.000Z", Env& real = *Env::posix())
      : EnvWrapper(real), state_(std::make_shared<State>()) {
    state_->now = std::move(now);
  }

  void set_now(std::string now) {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->now = std::move(now);
  }
  void fail(EnvFault fault) {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->faults.push_back(std::move(fault));
  }
  // Room for `bytes` more bytes of appends: the append that crosses the line writes what fits,
  // then fails with ENOSPC (as write(2) does on a full disk); later appends fail at once.
  void fill_disk_after(std::uint64_t bytes) {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->disk_room = bytes;
    state_->disk_limited = true;
  }
  void clear_faults() {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->faults.clear();
    state_->disk_limited = false;
  }
  int calls(EnvOp op) const {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->calls[static_cast<std::size_t>(op)];
  }

  Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) override {
    if (int err = state_->should_fail(EnvOp::kRead, path)) return injected(path, "cannot read", err);
    return EnvWrapper::read_file(path, max_bytes);
  }
  Result<std::unique_ptr<MappedFile>> map_file(const std::string& path, std::uint64_t max_bytes) override {
    if (int err = state_->should_fail(EnvOp::kRead, path)) return injected(path, "cannot read", err);
    return EnvWrapper::map_file(path, max_bytes);
  }
  Result<std::vector<std::string>> list_files(const std::string& dir) override {
    if (int err = state_->should_fail(EnvOp::kList, dir)) return injected(dir, "cannot list directory", err);
    return EnvWrapper::list_files(dir);
  }
  Result<FileInfo> stat(const std::string& path) override {
    if (int err = state_->should_fail(EnvOp::kStat, path)) return injected(path, "cannot look at", err);
    return EnvWrapper::stat(path);
  }
  Result<std::unique_ptr<WritableFile>> new_temporary_file(const std::string& target, unsigned permissions) override {
    if (int err = state_->should_fail(EnvOp::kCreate, target)) {
      return injected(target, "cannot create a temporary file beside it", err);
    }
    auto file = EnvWrapper::new_temporary_file(target, permissions);
    if (!file) return std::move(file).error();
    return std::unique_ptr<WritableFile>(new File(std::move(*file), state_));
  }
  Result<std::unique_ptr<WritableFile>> open_device(const std::string& path) override {
    if (int err = state_->should_fail(EnvOp::kOpenDevice, path)) return injected(path, "cannot open", err);
    auto file = EnvWrapper::open_device(path);
    if (!file) return std::move(file).error();
    return std::unique_ptr<WritableFile>(new File(std::move(*file), state_));
  }
  Status rename_file(const std::string& from, const std::string& to) override {
    if (int err = state_->should_fail(EnvOp::kRename, to)) return injected(to, "cannot rename " + from + " into place", err);
    return EnvWrapper::rename_file(from, to);
  }
  Status remove_file(const std::string& path) override {
    if (int err = state_->should_fail(EnvOp::kRemove, path)) return injected(path, "cannot remove", err);
    return EnvWrapper::remove_file(path);
  }
  Status sync_directory(const std::string& dir) override {
    if (int err = state_->should_fail(EnvOp::kSyncDirectory, dir)) return injected(dir, "cannot fsync the directory", err);
    return EnvWrapper::sync_directory(dir);
  }
  std::string now_utc() override {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->now;
  }

 private:
  struct State {
    mutable std::mutex mu;
    std::string now;
    std::vector<EnvFault> faults;
    int calls[static_cast<std::size_t>(EnvOp::kCount)] = {};
    bool disk_limited = false;
    std::uint64_t disk_room = 0;

    // 0, or the errno the call fails with.
    int should_fail(EnvOp op, const std::string& path) {
      std::lock_guard<std::mutex> lock(mu);
      ++calls[static_cast<std::size_t>(op)];
      for (EnvFault& f : faults) {
        if (f.op != op || f.count == 0) continue;
        if (!f.path_contains.empty() && path.find(f.path_contains) == std::string::npos) continue;
        if (f.skip > 0) {
          --f.skip;
          continue;
        }
        if (f.count > 0) --f.count;
        return f.err;
      }
      return 0;
    }
    // How much of an append of n bytes fits on the disk (all of it when the disk is not full).
    std::size_t room_for(std::size_t n) {
      std::lock_guard<std::mutex> lock(mu);
      if (!disk_limited) return n;
      std::size_t fits = static_cast<std::size_t>(std::min<std::uint64_t>(n, disk_room));
      disk_room -= fits;
      return fits;
    }
  };

  static Error injected(const std::string& path, const std::string& what, int err) {
    return Error{ErrorCode::kIo, what + ": " + std::strerror(err), "", path};
  }

  // A real file whose operations can be made to fail.
  class File final : public WritableFile {
   public:
    File(std::unique_ptr<WritableFile> real, std::shared_ptr<State> state) : real_(std::move(real)), state_(std::move(state)) {}
    Status append(std::string_view data) override {
      if (int err = state_->should_fail(EnvOp::kAppend, path())) return injected(path(), "cannot write", err);
      std::size_t fits = state_->room_for(data.size());
      if (Status s = real_->append(data.substr(0, fits)); !s) return s;
      if (fits < data.size()) return injected(path(), "cannot write", ENOSPC);
      return ok_status();
    }
    Status sync() override {
      if (int err = state_->should_fail(EnvOp::kSync, path())) return injected(path(), "cannot fsync", err);
      return real_->sync();
    }
    Status close() override {
      Status real = real_->close();
      if (int err = state_->should_fail(EnvOp::kClose, path())) return injected(path(), "cannot close", err);
      return real;
    }
    const std::string& path() const override { return real_->path(); }

   private:
    std::unique_ptr<WritableFile> real_;
    std::shared_ptr<State> state_;
  };

  std::shared_ptr<State> state_;
};

}  // namespace caremeter::test_support
