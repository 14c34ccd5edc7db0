// env.h — the program's window on the outside world (files, durability, the clock), as an
// interface so tests can replace it to inject faults (LevelDB's Env). The engine never sees it.
//
// Every file the program reads or writes goes through an Env: the rules, the county in, the
// results out, exports. (The SQLite store's own files go through SQLite's VFS, which tests
// replace the same way.) Whatever replaces a file does so through ReplacementFile, the one
// atomic-replace path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/status.h"

namespace caremeter {

// What a path is (symbolic links followed).
struct FileInfo {
  enum class Kind { kMissing, kRegular, kDirectory, kOther };  // kOther: a device, pipe or socket
  Kind kind = Kind::kMissing;
  std::uint64_t size = 0;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;

  // The same file under two names (a link, "./x" and "x"): never true of a missing path.
  bool same_file_as(const FileInfo& other) const {
    return kind != Kind::kMissing && other.kind != Kind::kMissing && device == other.device && inode == other.inode;
  }
};

// A file open for writing: bytes are appended in order; sync() makes what was appended durable;
// close() ends it (destroying it unclosed closes it and ignores errors).
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status append(std::string_view data) = 0;
  virtual Status sync() = 0;
  virtual Status close() = 0;
  virtual const std::string& path() const = 0;
};

// A file mapped into memory to be read (see Env::map_file).
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  virtual std::string_view data() const = 0;
  // An error naming the file if it was truncated or rewritten since it was mapped: what was
  // read from it then cannot be trusted (pages cut off by a truncation read as zeros).
  virtual Status check_unchanged() = 0;
};

class Env {
 public:
  virtual ~Env() = default;

  // The whole file, read straight into memory in large blocks. A file larger than max_bytes is
  // refused before any of it is read (a pipe, as soon as more has arrived); a file that changes
  // size while it is read is an error, never a half-read answer.
  virtual Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) = 0;
  // A large input (a county) without copying it: a regular file is memory-mapped, anything else
  // (a pipe) read into memory. Refused, before reading, when larger than max_bytes. The mapping
  // is guarded: should the file be truncated meanwhile, the pages that vanish read as zeros
  // instead of killing the process with SIGBUS, and check_unchanged() says so.
  virtual Result<std::unique_ptr<MappedFile>> map_file(const std::string& path, std::uint64_t max_bytes) = 0;
  // Regular files below dir, recursively, as paths relative to dir, sorted. Anything that would
  // make the listing incomplete is an error naming it: a directory that cannot be read, a broken
  // or looping symbolic link, a symbolic link to a directory (not followed).
  virtual Result<std::vector<std::string>> list_files(const std::string& dir) = 0;
  // kMissing when nothing is there; an error only when the path cannot be looked at.
  virtual Result<FileInfo> stat(const std::string& path) = 0;

  // A new, empty file with a unique name in the directory of `target` (".NAME.RANDOM.tmp"),
  // created with O_CREAT|O_EXCL|O_NOFOLLOW and `permissions` (less the umask): never an existing
  // file, nor one a planted symbolic link points to. Use ReplacementFile rather than this.
  virtual Result<std::unique_ptr<WritableFile>> new_temporary_file(const std::string& target,
                                                                   unsigned permissions) = 0;
  // An existing device or pipe (/dev/null, a FIFO), written in place. Anything else is refused.
  virtual Result<std::unique_ptr<WritableFile>> open_device(const std::string& path) = 0;
  // Standard output (closing it leaves the descriptor open).
  virtual std::unique_ptr<WritableFile> standard_output() = 0;
  virtual Status rename_file(const std::string& from, const std::string& to) = 0;
  virtual Status remove_file(const std::string& path) = 0;
  // fsync of a directory, so a rename or creation in it survives power loss.
  virtual Status sync_directory(const std::string& dir) = 0;

  // UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ" (for recorded_at); the only clock the program reads.
  virtual std::string now_utc() = 0;

  // The real one. Never destroyed.
  static Env* posix();
};

// An Env that passes every call to another: a test or benchmark overrides only what it fakes.
class EnvWrapper : public Env {
 public:
  explicit EnvWrapper(Env& target) : target_(target) {}
  Env& target() const { return target_; }

  Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) override {
    return target_.read_file(path, max_bytes);
  }
  Result<std::unique_ptr<MappedFile>> map_file(const std::string& path, std::uint64_t max_bytes) override {
    return target_.map_file(path, max_bytes);
  }
  Result<std::vector<std::string>> list_files(const std::string& dir) override { return target_.list_files(dir); }
  Result<FileInfo> stat(const std::string& path) override { return target_.stat(path); }
  Result<std::unique_ptr<WritableFile>> new_temporary_file(const std::string& target, unsigned permissions) override {
    return target_.new_temporary_file(target, permissions);
  }
  Result<std::unique_ptr<WritableFile>> open_device(const std::string& path) override {
    return target_.open_device(path);
  }
  std::unique_ptr<WritableFile> standard_output() override { return target_.standard_output(); }
  Status rename_file(const std::string& from, const std::string& to) override { return target_.rename_file(from, to); }
  Status remove_file(const std::string& path) override { return target_.remove_file(path); }
  Status sync_directory(const std::string& dir) override { return target_.sync_directory(dir); }
  std::string now_utc() override { return target_.now_utc(); }

 private:
  Env& target_;
};

// The one way a file is replaced: written under a unique temporary name beside it, then
// commit() fsyncs it, renames it over the target and fsyncs the directory. Until commit()
// returns, the target is as it was; a reader never sees half a file; two writers of one target
// never mix (the last to commit wins whole). Destroyed without a commit, the temporary is removed.
class ReplacementFile {
 public:
  static Result<std::unique_ptr<ReplacementFile>> create(Env& env, const std::string& path,
                                                         unsigned permissions = 0644);
  ~ReplacementFile();
  ReplacementFile(const ReplacementFile&) = delete;
  ReplacementFile& operator=(const ReplacementFile&) = delete;

  Status append(std::string_view data);
  Status commit();
  const std::string& path() const { return path_; }
  const std::string& temporary_path() const { return temporary_; }

 private:
  ReplacementFile(Env& env, std::string path, std::unique_ptr<WritableFile> file);
  Error about_target(Error e) const;

  Env& env_;
  std::string path_;
  std::string temporary_;
  std::unique_ptr<WritableFile> file_;
  bool renamed_ = false;
};

// All of `data` as the new content of `path`, through ReplacementFile.
Status write_file_atomic(Env& env, const std::string& path, std::string_view data, unsigned permissions = 0644);

// The directory a path is in ("." for a bare name).
std::string directory_of(const std::string& path);

}  // namespace caremeter
