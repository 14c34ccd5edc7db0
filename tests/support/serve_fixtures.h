// serve_fixtures.h — what the service's tests share: a SQLite VFS that fails fsync or writes on
// demand, the repository's rules directory, a person document; and, from their own headers, the
// fake Env (a clock the test sets, faults) and temporary directories.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/env.h"
#include "store/store.h"
#include "support/fake_env.h"
#include "support/temp_dir.h"

namespace caremeter::test_support {

// A SQLite VFS named "caremeter-fault" that passes everything to the default VFS, except that
// while fail_sync is set every fsync reports SQLITE_IOERR_FSYNC, and while fail_write is set
// every write reports SQLITE_FULL: the failures a durable store must not shrug off.
struct FaultVfs {
  static constexpr const char* kName = "caremeter-fault";
  static inline std::atomic<bool> fail_sync{false};
  static inline std::atomic<bool> fail_write{false};

  struct File {
    sqlite3_file base;    // pMethods → our methods
    sqlite3_file* real;   // the default VFS's file, allocated just after this struct
  };

  static sqlite3_vfs* base_vfs() { return sqlite3_vfs_find(nullptr); }

  static void install() {
    static bool done = [] {
      static sqlite3_vfs vfs = *base_vfs();
      vfs.zName = kName;
      vfs.pNext = nullptr;
      vfs.szOsFile = static_cast<int>(sizeof(File)) + base_vfs()->szOsFile;
      vfs.xOpen = &open;
      sqlite3_vfs_register(&vfs, 0);
      return true;
    }();
    (void)done;
  }

  static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    File* f = reinterpret_cast<File*>(file);
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    int rc = base_vfs()->xOpen(base_vfs(), name, f->real, flags, out_flags);
    f->base.pMethods = rc == SQLITE_OK && f->real->pMethods ? methods() : nullptr;
    return rc;
  }

  static const sqlite3_io_methods* methods() {
    static sqlite3_io_methods m = [] {
      sqlite3_io_methods io{};
      io.iVersion = 3;
      io.xClose = [](sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); };
      io.xRead = [](sqlite3_file* f, void* b, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), b, n, o); };
      io.xWrite = [](sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
        if (fail_write) return SQLITE_FULL;
        return real(f)->pMethods->xWrite(real(f), b, n, o);
      };
      io.xTruncate = [](sqlite3_file* f, sqlite3_int64 n) { return real(f)->pMethods->xTruncate(real(f), n); };
      io.xSync = [](sqlite3_file* f, int flags) {
        if (fail_sync) return SQLITE_IOERR_FSYNC;
        return real(f)->pMethods->xSync(real(f), flags);
      };
      io.xFileSize = [](sqlite3_file* f, sqlite3_int64* n) { return real(f)->pMethods->xFileSize(real(f), n); };
      io.xLock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); };
      io.xUnlock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); };
      io.xCheckReservedLock = [](sqlite3_file* f, int* r) { return real(f)->pMethods->xCheckReservedLock(real(f), r); };
      io.xFileControl = [](sqlite3_file* f, int op, void* a) { return real(f)->pMethods->xFileControl(real(f), op, a); };
      io.xSectorSize = [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); };
      io.xDeviceCharacteristics = [](sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); };
      io.xShmMap = [](sqlite3_file* f, int pg, int sz, int ext, void volatile** p) {
        return real(f)->pMethods->xShmMap(real(f), pg, sz, ext, p);
      };
      io.xShmLock = [](sqlite3_file* f, int o, int n, int fl) { return real(f)->pMethods->xShmLock(real(f), o, n, fl); };
      io.xShmBarrier = [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); };
      io.xShmUnmap = [](sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); };
      io.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return real(f)->pMethods->xFetch(real(f), o, n, p); };
      io.xUnfetch = [](sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); };
      return io;
    }();
    return &m;
  }
};

// Store options with a SQLite VFS by name (FaultVfs::kName), or a short wait for a held lock.
inline StoreOptions store_options_with_vfs(const std::string& vfs) {
  StoreOptions options;
  options.vfs = vfs;
  return options;
}
inline StoreOptions store_options_with_busy_timeout(int ms) {
  StoreOptions options;
  options.busy_timeout_ms = ms;
  return options;
}

inline std::string rules_dir() { return std::string(CAREMETER_SOURCE_DIR) + "/rules"; }

// A person document: a permanent self-funding care-home resident with £250,000 in savings and no
// home — domain examples 5–7 ("Yusuf"), with the weekly fee and B given.
inline nlohmann::json yusuf(const std::string& id = "P-YUSUF", const std::string& fee = "700.00") {
  return nlohmann::json::parse(R"({
    "id": ")" + id + R"(",
    "birth_date": "1940-05-01",
    "household": {"type": "single", "dependent_children": 0, "premiums": []},
    "needs": [{"from": "2023-10-01", "to": null}],
    "care": [{"from": "2023-10-01", "to": null, "setting": "care_home", "category": "residential",
              "stay": "permanent", "arranged_by": "self",
              "personal_budget": ")" + fee + R"(", "weekly_fee": ")" + fee + R"("}],
    "finances": [{"from": "2023-10-01", "savings": "250000.00", "other_capital": "0.00",
                  "income": [{"type": "state_pension", "weekly": "221.20"}],
                  "housing_costs": "0.00", "disability_related_expenditure": "0.00"}]
  })");
}

}  // namespace caremeter::test_support
