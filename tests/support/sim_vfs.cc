// sim_vfs.cc — the simulated machine behind SimVfs (see sim_vfs.h).
#include "support/sim_vfs.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>

namespace caremeter::test_support {

// A file as the machine holds it: what a read sees (the page cache), what survives a power loss
// (the disk), and the changes between the two in the order they were made.
struct SimVfs::FileState {
  struct Change {
    bool truncate = false;
    int64_t offset = 0;  // a write's offset, or a truncation's new size
    std::string data;
  };
  std::string current;
  std::string durable;
  std::vector<Change> pending;
  // The wal-index shared memory of a database file: process memory, gone when the process is.
  std::vector<std::unique_ptr<char[]>> shm;
};

// SQLite's file object; SQLite allocates szOsFile bytes and SimVfs builds this in them.
struct SimVfs::OpenFile {
  sqlite3_file base;  // first: SQLite sees only this
  SimVfs* vfs;
  std::string name;
  std::shared_ptr<FileState> state;
  bool delete_on_close;
};

namespace {

void write_into(std::string& file, int64_t offset, const char* data, std::size_t n) {
  const auto at = static_cast<std::size_t>(offset);
  if (file.size() < at + n) file.resize(at + n, '\0');
  std::memcpy(file.data() + at, data, n);
}

}  // namespace

// The callbacks SQLite calls; each finds the machine through the file or the VFS.
struct SimVfsCallbacks {
  static SimVfs::OpenFile& of(sqlite3_file* f) { return *reinterpret_cast<SimVfs::OpenFile*>(f); }
  static SimVfs& machine(sqlite3_vfs* v) { return *static_cast<SimVfs*>(v->pAppData); }

  static int close(sqlite3_file* f) {
    SimVfs::OpenFile& file = of(f);
    if (file.delete_on_close) file.vfs->files_.erase(file.name);
    file.~OpenFile();
    return SQLITE_OK;
  }
  static int read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
    SimVfs::OpenFile& file = of(f);
    SimVfs& m = *file.vfs;
    if (m.dead_ || m.fault(m.read_countdown_)) return SQLITE_IOERR_READ;
    const std::string& data = file.state->current;
    const auto at = static_cast<std::size_t>(offset);
    const auto n = static_cast<std::size_t>(amount);
    const std::size_t available = at < data.size() ? std::min(n, data.size() - at) : 0;
    if (available > 0) std::memcpy(buf, data.data() + at, available);
    if (available < n) {
      std::memset(static_cast<char*>(buf) + available, 0, n - available);
      return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
  }
  static int write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
    SimVfs::OpenFile& file = of(f);
    SimVfs& m = *file.vfs;
    if (m.dead_ || m.kill_point()) return SQLITE_IOERR_WRITE;
    std::string& data = file.state->current;
    const int64_t grows = std::max<int64_t>(0, offset + amount - static_cast<int64_t>(data.size()));
    if (m.disk_limited_ && m.bytes_used() + grows > m.disk_limit_) return SQLITE_FULL;
    write_into(data, offset, static_cast<const char*>(buf), static_cast<std::size_t>(amount));
    file.state->pending.push_back({false, offset, std::string(static_cast<const char*>(buf), static_cast<std::size_t>(amount))});
    return SQLITE_OK;
  }
  static int truncate(sqlite3_file* f, sqlite3_int64 size) {
    SimVfs::OpenFile& file = of(f);
    SimVfs& m = *file.vfs;
    if (m.dead_ || m.kill_point()) return SQLITE_IOERR_TRUNCATE;
    file.state->current.resize(static_cast<std::size_t>(size), '\0');
    file.state->pending.push_back({true, size, {}});
    return SQLITE_OK;
  }
  static int sync(sqlite3_file* f, int) {
    SimVfs::OpenFile& file = of(f);
    SimVfs& m = *file.vfs;
    if (m.dead_ || m.kill_point()) return SQLITE_IOERR_FSYNC;
    if (m.fault(m.sync_countdown_)) return SQLITE_IOERR_FSYNC;  // and nothing became durable
    file.state->durable = file.state->current;
    file.state->pending.clear();
    return SQLITE_OK;
  }
  static int file_size(sqlite3_file* f, sqlite3_int64* size) {
    SimVfs::OpenFile& file = of(f);
    if (file.vfs->dead_) return SQLITE_IOERR_FSTAT;
    *size = static_cast<sqlite3_int64>(file.state->current.size());
    return SQLITE_OK;
  }
  // One process, one connection at a time: every lock is granted.
  static int lock(sqlite3_file*, int) { return SQLITE_OK; }
  static int unlock(sqlite3_file*, int) { return SQLITE_OK; }
  static int check_reserved_lock(sqlite3_file*, int* out) {
    *out = 0;
    return SQLITE_OK;
  }
  static int file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
  static int sector_size(sqlite3_file*) { return 512; }
  static int device_characteristics(sqlite3_file*) { return 0; }
  static int shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    SimVfs::OpenFile& file = of(f);
    if (file.vfs->dead_) return SQLITE_IOERR_SHMMAP;
    auto& shm = file.state->shm;
    const auto i = static_cast<std::size_t>(region);
    if (i >= shm.size()) {
      if (!extend) {
        *out = nullptr;
        return SQLITE_OK;
      }
      while (shm.size() <= i) {
        shm.push_back(std::unique_ptr<char[]>(new char[static_cast<std::size_t>(size)]()));
      }
    }
    *out = shm[i].get();
    return SQLITE_OK;
  }
  static int shm_lock(sqlite3_file*, int, int, int) { return SQLITE_OK; }
  static void shm_barrier(sqlite3_file*) { std::atomic_thread_fence(std::memory_order_seq_cst); }
  static int shm_unmap(sqlite3_file* f, int delete_it) {
    if (delete_it) of(f).state->shm.clear();
    return SQLITE_OK;
  }

  static const sqlite3_io_methods* methods() {
    static const sqlite3_io_methods m = [] {
      sqlite3_io_methods io{};
      io.iVersion = 2;  // shared memory for WAL; no memory-mapped I/O
      io.xClose = close;
      io.xRead = read;
      io.xWrite = write;
      io.xTruncate = truncate;
      io.xSync = sync;
      io.xFileSize = file_size;
      io.xLock = lock;
      io.xUnlock = unlock;
      io.xCheckReservedLock = check_reserved_lock;
      io.xFileControl = file_control;
      io.xSectorSize = sector_size;
      io.xDeviceCharacteristics = device_characteristics;
      io.xShmMap = shm_map;
      io.xShmLock = shm_lock;
      io.xShmBarrier = shm_barrier;
      io.xShmUnmap = shm_unmap;
      return io;
    }();
    return &m;
  }

  static int open(sqlite3_vfs* v, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    SimVfs& m = machine(v);
    f->pMethods = nullptr;
    if (m.dead_) return SQLITE_CANTOPEN;
    std::string path = name ? std::string(name) : "temp-" + std::to_string(++m.temp_files_);
    auto it = m.files_.find(path);
    if (it == m.files_.end()) {
      if (!(flags & SQLITE_OPEN_CREATE)) return SQLITE_CANTOPEN;
      it = m.files_.emplace(path, std::make_shared<SimVfs::FileState>()).first;
    }
    auto* file = new (f) SimVfs::OpenFile{sqlite3_file{methods()}, &m, path, it->second,
                                          (flags & SQLITE_OPEN_DELETEONCLOSE) != 0};
    (void)file;
    if (out_flags) *out_flags = flags;
    return SQLITE_OK;
  }
  static int remove(sqlite3_vfs* v, const char* name, int) {
    SimVfs& m = machine(v);
    if (m.dead_ || m.kill_point()) return SQLITE_IOERR_DELETE;
    m.files_.erase(name);
    return SQLITE_OK;
  }
  static int access(sqlite3_vfs* v, const char* name, int, int* out) {
    SimVfs& m = machine(v);
    auto it = m.files_.find(name);
    *out = it != m.files_.end() && !it->second->current.empty();  // as unix: an empty file is absent
    return SQLITE_OK;
  }
  static int full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
    std::snprintf(out, static_cast<std::size_t>(n), "%s", name);
    return SQLITE_OK;
  }
  static int randomness(sqlite3_vfs* v, int n, char* out) {
    SimVfs& m = machine(v);
    for (int i = 0; i < n; ++i) out[i] = static_cast<char>(m.random() & 0xff);
    return n;
  }
  static int sleep(sqlite3_vfs*, int microseconds) { return microseconds; }
  static int current_time(sqlite3_vfs*, double* now) {
    *now = 2461041.5;  // a fixed Julian day: the store never asks SQLite for the time
    return SQLITE_OK;
  }
  static int current_time_int64(sqlite3_vfs*, sqlite3_int64* now) {
    *now = 212630140800000;
    return SQLITE_OK;
  }
  static int last_error(sqlite3_vfs*, int, char*) { return 0; }
};

SimVfs::SimVfs() {
  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(OpenFile));
  vfs_.mxPathname = 512;
  vfs_.zName = kName;
  vfs_.pAppData = this;
  vfs_.xOpen = SimVfsCallbacks::open;
  vfs_.xDelete = SimVfsCallbacks::remove;
  vfs_.xAccess = SimVfsCallbacks::access;
  vfs_.xFullPathname = SimVfsCallbacks::full_pathname;
  vfs_.xRandomness = SimVfsCallbacks::randomness;
  vfs_.xSleep = SimVfsCallbacks::sleep;
  vfs_.xCurrentTime = SimVfsCallbacks::current_time;
  vfs_.xGetLastError = SimVfsCallbacks::last_error;
  vfs_.xCurrentTimeInt64 = SimVfsCallbacks::current_time_int64;
  sqlite3_vfs_register(&vfs_, 0);
}

SimVfs& SimVfs::instance() {
  static SimVfs* machine = new SimVfs();  // registered with SQLite for the life of the process
  return *machine;
}

void SimVfs::reset(uint64_t seed) {
  files_.clear();
  rng_.seed(seed);
  temp_files_ = 0;
  dead_ = false;
  clear_faults();
  power_losses = 0;
  process_deaths = 0;
}

uint64_t SimVfs::random() { return rng_(); }

int64_t SimVfs::bytes_used() const {
  int64_t n = 0;
  for (const auto& [name, f] : files_) n += static_cast<int64_t>(f->current.size());
  return n;
}

bool SimVfs::fault(int& countdown) { return countdown > 0 && --countdown == 0; }

bool SimVfs::kill_point() {
  if (!fault(die_countdown_)) return false;
  dead_ = true;
  ++process_deaths;
  return true;
}

void SimVfs::die_after(int operations) { die_countdown_ = std::max(1, operations); }
void SimVfs::fill_disk_after(int64_t bytes) {
  disk_limited_ = true;
  disk_limit_ = bytes_used() + bytes;
}
void SimVfs::fail_read_after(int reads) { read_countdown_ = std::max(1, reads); }
void SimVfs::fail_sync_after(int syncs) { sync_countdown_ = std::max(1, syncs); }
void SimVfs::clear_faults() {
  die_countdown_ = read_countdown_ = sync_countdown_ = 0;
  disk_limited_ = false;
}

void SimVfs::power_loss() {
  ++power_losses;
  for (auto& [name, f] : files_) {
    std::string disk = f->durable;
    for (const FileState::Change& c : f->pending) {
      if (random() % 2 == 0) continue;  // this change never reached the disk
      if (c.truncate) {
        disk.resize(static_cast<std::size_t>(c.offset), '\0');
        continue;
      }
      std::size_t n = c.data.size();
      if (random() % 4 == 0) n = std::min(n, static_cast<std::size_t>(random() % (n / 512 + 1)) * 512);  // torn
      write_into(disk, c.offset, c.data.data(), n);
    }
    f->current = f->durable = std::move(disk);
    f->pending.clear();
    f->shm.clear();
  }
  dead_ = false;
  clear_faults();
}

void SimVfs::restart_process() {
  for (auto& [name, f] : files_) f->shm.clear();
  dead_ = false;
  clear_faults();
}

}  // namespace caremeter::test_support
