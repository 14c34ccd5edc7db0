// env_test.cc — the POSIX Env (reading with size limits, listing that is never cut short,
// temporary files) and ReplacementFile, the one atomic-replace path, with faults injected at
// each of its steps through the fake Env.
#include "platform/env.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/fake_env.h"
#include "support/temp_dir.h"
#include "support/unprivileged.h"

namespace caremeter {
namespace {

using test_support::EnvFault;
using test_support::EnvOp;
using test_support::FakeEnv;
using test_support::TempDir;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PosixEnv, ReadsAWholeFile) {
  TempDir dir;
  std::string text(3'000'000, 'x');  // more than one read's block
  text[1'234'567] = 'y';
  std::string path = dir.write("f.txt", text);
  auto read = Env::posix()->read_file(path, text.size());
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_TRUE(*read == text);
  auto empty = Env::posix()->read_file(dir.write("empty", ""), 10);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST(PosixEnv, RefusesAFileLargerThanTheLimitBeforeReadingIt) {
  TempDir dir;
  // A sparse file of 1 GiB: refused from its size, in no time and without the memory.
  std::string path = dir.file("big.json");
  ASSERT_EQ(::truncate(dir.write("big.json", "").c_str(), off_t{1} << 30), 0);
  auto read = Env::posix()->read_file(path, 1 << 20);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().file, path);
  EXPECT_TRUE(has(read.error().message, "larger than the 1048576 bytes accepted (1073741824 bytes)"))
      << read.error().message;
}

TEST(PosixEnv, RefusesAnEndlessStreamOnceItPassesTheLimit) {
  auto read = Env::posix()->read_file("/dev/zero", 1 << 20);
  ASSERT_FALSE(read);
  EXPECT_TRUE(has(read.error().message, "larger than the 1048576 bytes accepted")) << read.error().message;
}

TEST(PosixEnv, ErrorsNameTheFile) {
  TempDir dir;
  auto missing = Env::posix()->read_file(dir.file("nope"), 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(missing.error().file, dir.file("nope"));
  auto directory = Env::posix()->read_file(dir.path(), 100);
  ASSERT_FALSE(directory);
  EXPECT_TRUE(has(directory.error().message, "directory")) << directory.error().message;
}

TEST(PosixEnv, StatTellsKindsAndTheSameFileUnderTwoNames) {
  TempDir dir;
  std::string a = dir.write("a", "x");
  ASSERT_EQ(::symlink(a.c_str(), dir.file("b").c_str()), 0);
  auto ia = Env::posix()->stat(a);
  auto ib = Env::posix()->stat(dir.path() + "/./b");
  auto missing = Env::posix()->stat(dir.file("c"));
  ASSERT_TRUE(ia && ib && missing);
  EXPECT_EQ(ia->kind, FileInfo::Kind::kRegular);
  EXPECT_TRUE(ia->same_file_as(*ib));
  EXPECT_EQ(missing->kind, FileInfo::Kind::kMissing);
  EXPECT_FALSE(missing->same_file_as(*missing));
  EXPECT_EQ(Env::posix()->stat(dir.path())->kind, FileInfo::Kind::kDirectory);
  EXPECT_EQ(Env::posix()->stat("/dev/null")->kind, FileInfo::Kind::kOther);
}

TEST(PosixEnv, ListsRegularFilesRecursivelyAndSorted) {
  TempDir dir;
  dir.write("b/z.json", "");
  dir.write("a.json", "");
  dir.write("b/c/d.json", "");
  ASSERT_EQ(::symlink("a.json", dir.file("link.json").c_str()), 0);  // a link to a file is that file
  auto listed = Env::posix()->list_files(dir.path());
  ASSERT_TRUE(listed) << listed.error().to_string();
  EXPECT_EQ(*listed, (std::vector<std::string>{"a.json", "b/c/d.json", "b/z.json", "link.json"}));
}

// Issue 14, defect 6: a symbolic link loop aborted the program (an exception thrown from
// is_regular_file). It is an error naming the link.
TEST(PosixEnv, ASymbolicLinkLoopIsAnErrorNamingIt) {
  TempDir dir;
  dir.write("england/2025-04.json", "{}");
  ASSERT_EQ(::symlink("loop", dir.file("england/loop").c_str()), 0);
  auto listed = Env::posix()->list_files(dir.path());
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().file, dir.file("england/loop"));
  EXPECT_TRUE(has(listed.error().message, "looping symbolic link")) << listed.error().message;
}

TEST(PosixEnv, BrokenLinksAndLinksToDirectoriesAreErrorsNotSilentGaps) {
  TempDir dir;
  dir.write("england/2025-04.json", "{}");
  ASSERT_EQ(::symlink("nowhere.json", dir.file("england/2026-04.json").c_str()), 0);
  auto broken = Env::posix()->list_files(dir.path());
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().file, dir.file("england/2026-04.json"));

  TempDir other;
  other.write("councils/leeds.json", "{}");
  ASSERT_EQ(::symlink((dir.path() + "/england").c_str(), other.file("england").c_str()), 0);
  auto linked = Env::posix()->list_files(other.path());
  ASSERT_FALSE(linked);
  EXPECT_TRUE(has(linked.error().message, "symbolic link to a directory")) << linked.error().message;
}

// Issue 14, defect 1: an unreadable subdirectory ended the listing early without an error, so
// `rules check` reported fewer files and no problem. Permissions bind only a user who is not
// root, so the listing runs in a child as "nobody".
TEST(PosixEnv, AnUnreadableSubdirectoryIsAnErrorNamingIt) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  dir.write("rules/england/2025-04.json", "{}");
  dir.write("rules/zz/leeds.json", "{}");
  ASSERT_EQ(::chmod(dir.file("rules/zz").c_str(), 0), 0);
  const std::string rules = dir.file("rules");
  auto run = test_support::run_unprivileged([&]() -> std::string {
    auto listed = Env::posix()->list_files(rules);
    if (listed) return "listed without an error: " + std::to_string(listed->size()) + " files";
    if (listed.error().file != rules + "/zz") return "the error names " + listed.error().to_string();
    if (!has(listed.error().message, "cannot list directory")) return "message: " + listed.error().message;
    return "";
  });
  if (!run.ran && run.failure.empty()) GTEST_SKIP() << "cannot run a child without root's permissions";
  EXPECT_EQ(run.failure, "");
}

TEST(PosixEnv, TemporaryFilesAreNewHiddenAndBesideTheTarget) {
  TempDir dir;
  const std::string target = dir.file("out.jsonl");
  auto a = Env::posix()->new_temporary_file(target, 0600);
  auto b = Env::posix()->new_temporary_file(target, 0600);
  ASSERT_TRUE(a && b);
  EXPECT_NE((*a)->path(), (*b)->path());
  for (const auto* f : {&*a, &*b}) {
    const std::string& path = (*f)->path();
    EXPECT_EQ(path.rfind(dir.path() + "/.out.jsonl.", 0), 0u) << path;
    EXPECT_TRUE(path.size() > 4 && path.compare(path.size() - 4, 4, ".tmp") == 0) << path;
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  EXPECT_TRUE((*a)->append("x").ok());
  EXPECT_TRUE((*a)->close().ok());
}

// ---- ReplacementFile -----------------------------------------------------------------------

struct Replacing : ::testing::Test {
  TempDir dir;
  FakeEnv env;
  std::string target;
  void SetUp() override { target = dir.write("out.csv", "the old content\n"); }
  // The target as it was, and nothing else left in the directory.
  void expect_unchanged() {
    EXPECT_EQ(dir.read("out.csv"), "the old content\n");
    EXPECT_EQ(dir.list(), std::vector<std::string>{"out.csv"});
  }
};

TEST_F(Replacing, ReplacesWholeAndLeavesNoTemporary) {
  auto f = ReplacementFile::create(env, target);
  ASSERT_TRUE(f);
  ASSERT_TRUE((*f)->append("new ").ok());
  ASSERT_TRUE((*f)->append("content\n").ok());
  EXPECT_EQ(dir.read("out.csv"), "the old content\n") << "nothing shows before the commit";
  ASSERT_TRUE((*f)->commit().ok());
  EXPECT_EQ(dir.read("out.csv"), "new content\n");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.csv"});
  EXPECT_EQ(env.calls(EnvOp::kSync), 1);
  EXPECT_EQ(env.calls(EnvOp::kRename), 1);
  EXPECT_EQ(env.calls(EnvOp::kSyncDirectory), 1);
}

TEST_F(Replacing, AFullDiskPartWayLeavesTheTargetAsItWas) {
  env.fill_disk_after(10);
  {
    auto f = ReplacementFile::create(env, target);
    ASSERT_TRUE(f);
    Status s = (*f)->append(std::string(100, 'z'));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().file, target);
    EXPECT_TRUE(has(s.error().message, "No space left on device")) << s.error().message;
    EXPECT_TRUE(has(s.error().message, "is unchanged")) << s.error().message;
  }
  expect_unchanged();
}

TEST_F(Replacing, AFailedStepOfTheCommitLeavesTheTargetAsItWas) {
  for (EnvOp op : {EnvOp::kSync, EnvOp::kClose, EnvOp::kRename}) {
    env.clear_faults();
    env.fail(EnvFault{op, EIO});
    {
      auto f = ReplacementFile::create(env, target);
      ASSERT_TRUE(f);
      ASSERT_TRUE((*f)->append("new content\n").ok());
      Status s = (*f)->commit();
      ASSERT_FALSE(s) << static_cast<int>(op);
      EXPECT_EQ(s.error().file, target);
      EXPECT_TRUE(has(s.error().message, "Input/output error")) << s.error().message;
    }
    expect_unchanged();
  }
}

TEST_F(Replacing, AFailedDirectorySyncIsReportedAfterTheRename) {
  env.fail(EnvFault{EnvOp::kSyncDirectory, EIO});
  auto f = ReplacementFile::create(env, target);
  ASSERT_TRUE(f);
  ASSERT_TRUE((*f)->append("new content\n").ok());
  Status s = (*f)->commit();
  ASSERT_FALSE(s);
  EXPECT_TRUE(has(s.error().message, "may not survive a power loss")) << s.error().message;
  EXPECT_EQ(dir.read("out.csv"), "new content\n");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.csv"});
}

TEST_F(Replacing, ACreationThatFailsNamesTheTarget) {
  env.fail(EnvFault{EnvOp::kCreate, EACCES});
  auto f = ReplacementFile::create(env, target);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().file, target);
  expect_unchanged();
}

TEST_F(Replacing, WriteFileAtomicIsTheSamePath) {
  ASSERT_TRUE(write_file_atomic(env, target, "whole\n").ok());
  EXPECT_EQ(dir.read("out.csv"), "whole\n");
  EXPECT_EQ(env.calls(EnvOp::kCreate), 1);
  EXPECT_EQ(env.calls(EnvOp::kSyncDirectory), 1);
}

TEST(FakeEnvTest, FaultsCountSkipsAndPaths) {
  TempDir dir;
  FakeEnv env("2030-01-01T00:00:00.000Z");
  EXPECT_EQ(env.now_utc(), "2030-01-01T00:00:00.000Z");
  env.set_now("2030-01-02T00:00:00.000Z");
  EXPECT_EQ(env.now_utc(), "2030-01-02T00:00:00.000Z");
  std::string a = dir.write("a.json", "A");
  std::string b = dir.write("b.json", "B");
  env.fail(EnvFault{EnvOp::kRead, EIO, /*skip=*/1, /*count=*/1, "a.json"});
  EXPECT_TRUE(env.read_file(a, 10));   // skipped
  EXPECT_TRUE(env.read_file(b, 10));   // another path
  EXPECT_FALSE(env.read_file(a, 10));  // fails once
  EXPECT_TRUE(env.read_file(a, 10));
  EXPECT_EQ(env.calls(EnvOp::kRead), 4);
}

}  // namespace
}  // namespace caremeter
