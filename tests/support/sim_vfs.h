// sim_vfs.h — a SQLite VFS that keeps its files in memory with a model of a disk, for the
// store's seeded simulation test: writes reach the "page cache" at once and the "disk" only
// when synced; a power loss keeps what was synced and a random part of what was not (whole
// writes, or torn at a sector); the process can be made to die at the n-th write or sync; a disk
// can fill up; reads and fsyncs can fail. Every random choice (SQLite's own randomness too) comes
// from one seeded generator, so a seed replays the same run.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace caremeter::test_support {

class SimVfs {
 public:
  static constexpr const char* kName = "caremeter-sim";

  // The one simulated machine (SQLite finds a VFS by name, process-wide). Registered on first use.
  static SimVfs& instance();

  // A new machine: no files, no faults, the generator seeded.
  void reset(uint64_t seed);

  // The process dies when it makes its n-th write, truncate, sync or delete from now (n ≥ 1):
  // that call and every later one fail, and nothing more reaches the files.
  void die_after(int operations);
  bool dead() const { return dead_; }
  // After the process died (or to stop it): the machine loses power. Each file keeps what was
  // synced, then a random choice of the writes made since, each whole or torn at a sector.
  void power_loss();
  // After the process died: it is started again; the files keep everything written (the page
  // cache survived). Shared memory is gone either way.
  void restart_process();

  // The disk holds this many bytes more than its files hold now; writes past it are SQLITE_FULL.
  void fill_disk_after(int64_t bytes);
  // The n-th read from now fails (SQLITE_IOERR_READ); the n-th sync fails (SQLITE_IOERR_FSYNC),
  // and what it should have made durable is not.
  void fail_read_after(int reads);
  void fail_sync_after(int syncs);
  void clear_faults();

  uint64_t random();
  int64_t bytes_used() const;
  // Counts since reset, for the test's report.
  int power_losses = 0;
  int process_deaths = 0;

 private:
  SimVfs();
  struct FileState;
  struct OpenFile;
  friend struct SimVfsCallbacks;

  bool fault(int& countdown);
  bool kill_point();

  sqlite3_vfs vfs_{};
  std::mt19937_64 rng_;
  std::map<std::string, std::shared_ptr<FileState>> files_;
  int temp_files_ = 0;
  bool dead_ = false;
  int die_countdown_ = 0;
  int read_countdown_ = 0;
  int sync_countdown_ = 0;
  bool disk_limited_ = false;
  int64_t disk_limit_ = 0;
};

}  // namespace caremeter::test_support
