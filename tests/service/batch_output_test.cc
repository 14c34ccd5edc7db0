// batch_output_test.cc — the batch's files: the county mapped through Env with a guard, results
// written through ReplacementFile (early writeback past a few megabytes, nothing shown before
// the end, no temporary left), devices written in place, and the issue 14 defects of the batch's
// files: the fixed, followed temporary name (3), the truncated mapped input (9), `--out` equal to
// `--people` (a risk).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "batch/batch.h"
#include "support/fake_env.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::EnvFault;
using test_support::EnvOp;
using test_support::FakeEnv;
using test_support::TempDir;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(BatchOutput, ALargeFileWrittenInPiecesReadsBackExactly) {
  TempDir dir;
  const std::string path = dir.file("batch_output_large.jsonl");
  std::string expected;
  {
    auto out = OutputFile::open(*Env::posix(), path);
    ASSERT_TRUE(out.ok()) << out.error().to_string();
    // 20 MB in uneven pieces, so the early writeback runs several times and not on a boundary.
    for (int piece = 0; piece < 97; ++piece) {
      std::string data(210'000 + 1'000 * static_cast<std::size_t>(piece), static_cast<char>('a' + piece % 26));
      data.back() = '\n';
      expected += data;
      ASSERT_TRUE((*out)->write(data).ok());
    }
    EXPECT_NE(::access(path.c_str(), F_OK), 0) << "the file must not appear before it is finished";
    ASSERT_TRUE((*out)->finish().ok());
  }
  auto in = open_county_file(*Env::posix(), path);
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  ASSERT_EQ((*in)->data().size(), expected.size());
  EXPECT_TRUE((*in)->data() == expected);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"batch_output_large.jsonl"}) << "a temporary was left behind";
}

// `--out /dev/null` or a named pipe: the output goes through the device, which is still a
// device afterwards (a rename over it would have replaced it with a plain file).
TEST(BatchOutput, APipeIsWrittenInPlaceAndStaysAPipe) {
  TempDir dir;
  const std::string path = dir.file("batch_output_fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    char buf[256];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) received.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
  });
  {
    auto out = OutputFile::open(*Env::posix(), path);
    ASSERT_TRUE(out.ok()) << out.error().to_string();
    ASSERT_TRUE((*out)->write("one\ntwo\n").ok());
    ASSERT_TRUE((*out)->finish().ok());
  }
  reader.join();
  EXPECT_EQ(received, "one\ntwo\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(dir.list(), std::vector<std::string>{"batch_output_fifo"});
}

TEST(BatchOutput, ADirectoryIsRefusedByName) {
  TempDir dir;
  auto out = OutputFile::open(*Env::posix(), dir.path());
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().to_string().find("directory"), std::string::npos) << out.error().to_string();
}

// Issue 14, defect 3: the temporary was always OUT.tmp, opened without O_EXCL or O_NOFOLLOW,
// so a symbolic link planted there had its target overwritten. The temporary's name is now
// unpredictable and created new, never through a link.
TEST(BatchOutput, ALinkPlantedAtTheOldTemporaryNameIsNotFollowed) {
  TempDir dir;
  const std::string victim = dir.write("victim.txt", "precious\n");
  const std::string out_path = dir.file("out.jsonl");
  ASSERT_EQ(::symlink(victim.c_str(), (out_path + ".tmp").c_str()), 0);
  auto out = OutputFile::open(*Env::posix(), out_path);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  ASSERT_TRUE((*out)->write("result\n").ok());
  ASSERT_TRUE((*out)->finish().ok());
  EXPECT_EQ(dir.read("victim.txt"), "precious\n");
  EXPECT_EQ(dir.read("out.jsonl"), "result\n");
}

// Issue 14, defect 3: two runs writing one --out shared OUT.tmp and mixed their lines. Each now
// writes its own temporary; the last to finish replaces the file whole.
TEST(BatchOutput, TwoRunsWritingOneFileNeverMix) {
  TempDir dir;
  const std::string path = dir.file("out.jsonl");
  auto first = OutputFile::open(*Env::posix(), path);
  auto second = OutputFile::open(*Env::posix(), path);
  ASSERT_TRUE(first.ok() && second.ok());
  std::string a, b;
  for (int i = 0; i < 100; ++i) {
    std::string la = "{\"run\":\"first\",\"line\":" + std::to_string(i) + "}\n";
    std::string lb = "{\"run\":\"second, a longer line\",\"line\":" + std::to_string(i) + "}\n";
    ASSERT_TRUE((*first)->write(la).ok());
    ASSERT_TRUE((*second)->write(lb).ok());
    a += la;
    b += lb;
  }
  ASSERT_TRUE((*second)->finish().ok());
  EXPECT_EQ(dir.read("out.jsonl"), b);
  ASSERT_TRUE((*first)->finish().ok());
  EXPECT_EQ(dir.read("out.jsonl"), a);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.jsonl"});
}

TEST(BatchOutput, AFullDiskFailsTheRunAndLeavesTheOldFile) {
  TempDir dir;
  const std::string path = dir.write("out.jsonl", "last month's results\n");
  FakeEnv env;
  env.fill_disk_after(5'000'000);
  {
    auto out = OutputFile::open(env, path);
    ASSERT_TRUE(out.ok());
    Status s = ok_status();
    for (int i = 0; i < 100 && s; ++i) s = (*out)->write(std::string(100'000, 'x'));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().file, path);
    EXPECT_TRUE(has(s.error().message, "No space left on device")) << s.error().message;
  }
  EXPECT_EQ(dir.read("out.jsonl"), "last month's results\n");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.jsonl"});
}

TEST(BatchOutput, AnFsyncFailureFailsTheRunAndLeavesTheOldFile) {
  TempDir dir;
  const std::string path = dir.write("out.jsonl", "last month's results\n");
  FakeEnv env;
  env.fail(EnvFault{EnvOp::kSync, EIO});
  {
    auto out = OutputFile::open(env, path);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->write("new\n").ok());
    Status s = (*out)->finish();
    ASSERT_FALSE(s);
    EXPECT_TRUE(has(s.error().message, "cannot fsync")) << s.error().message;
  }
  EXPECT_EQ(dir.read("out.jsonl"), "last month's results\n");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.jsonl"});
}

// Issue 14, defect 9: the county is memory-mapped, and truncating the file while recalc ran
// killed it with SIGBUS and no message. The mapping is guarded: the vanished pages read as zeros
// and the run is told the input did not hold still.
TEST(BatchInput, TruncatingTheMappedFileCannotKillTheRun) {
  TempDir dir;
  const std::string county = test_support::generated_county(200, 9);
  const std::string path = dir.write("county.jsonl", county);
  auto in = open_county_file(*Env::posix(), path);
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  ASSERT_TRUE((*in)->check_unchanged().ok());
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  std::string_view data = (*in)->data();
  ASSERT_EQ(data.size(), county.size());
  std::size_t zeros = 0;
  for (char c : data) zeros += c == '\0';  // unguarded, the first of these reads is SIGBUS
  EXPECT_EQ(zeros, county.size());
  Status s = (*in)->check_unchanged();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, path);
  EXPECT_TRUE(has(s.error().message, "truncated or rewritten")) << s.error().message;
}

TEST(BatchInput, AFileRewrittenInPlaceIsNoticed) {
  TempDir dir;
  const std::string path = dir.write("county.jsonl", "{\"id\":\"a\"}\n");
  auto in = open_county_file(*Env::posix(), path);
  ASSERT_TRUE(in.ok());
  ::usleep(10'000);  // a later modification time
  dir.write("county.jsonl", "{\"id\":\"b\"}\n");
  EXPECT_FALSE((*in)->check_unchanged().ok());
}

// The same through the real program: whenever the truncation lands, recalc is never killed by
// a signal; if it lands during the run, the run fails naming the file and writes no results; if
// it lands before the file is read, the run reads what is there and finishes (0, or 3 for the
// line the truncation cut). The cutter waits for the run's output to appear (the run is then
// reading the county), so the cut lands during the run however slow the build (sanitizers).
TEST(BatchInput, RecalcOfACountyTruncatedWhileItRunsFailsCleanly) {
  TempDir dir;
  const std::string county = test_support::generated_county(23'000, 1);
  int failures_seen = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const std::string path = dir.write("county.jsonl", county);
    const std::string out = dir.file("out.jsonl");
    std::thread cutter([&] {
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      auto writing = [&] {
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
          if (e.path().filename() != "county.jsonl") return true;
        }
        return false;
      };
      while (!writing() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
      ::truncate(path.c_str(), 1000);
    });
    auto run = test_support::run_caremeter({"recalc", "--people", path, "--as-of", "2027-03-31", "--threads", "1",
                                            "--unpublished", "carry-forward", "--out", out});
    cutter.join();
    ASSERT_EQ(run.signal, 0) << run.err;
    if (has(run.err, "truncated or rewritten")) {
      EXPECT_EQ(run.exit_status, 2) << run.err;
      EXPECT_TRUE(has(run.err, path)) << run.err;
      EXPECT_NE(::access(out.c_str(), F_OK), 0) << "results from a changing input were kept";
      ++failures_seen;
    } else {
      EXPECT_TRUE(run.exit_status == 0 || run.exit_status == 3) << run.err;
    }
    ::unlink(out.c_str());
  }
  EXPECT_GT(failures_seen, 0) << "no truncation landed during a run";
}

TEST(BatchInput, ReadErrorsNameTheFile) {
  TempDir dir;
  const std::string path = dir.write("county.jsonl", "{}\n");
  FakeEnv env;
  env.fail(EnvFault{EnvOp::kRead, EIO});
  auto in = open_county_file(env, path);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().file, path);
  EXPECT_EQ(in.error().code, ErrorCode::kIo);
}

TEST(BatchInput, ACountyLargerThanTheLimitIsRefusedBeforeItIsRead) {
  TempDir dir;
  const std::string path = dir.write("county.jsonl", "");
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kMaxCountyFileBytes + 1)), 0);  // sparse
  auto run = test_support::run_caremeter({"recalc", "--people", path, "--as-of", "2027-03-31"});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_TRUE(has(run.err, "larger than the " + std::to_string(kMaxCountyFileBytes) + " bytes accepted")) << run.err;
}

// Issue 14 (risk): `--out` naming the `--people` file replaced the county with its results.
TEST(BatchOutput, OutputOverTheInputIsRefused) {
  TempDir dir;
  const std::string county = test_support::generated_county(3, 4);
  const std::string path = dir.write("county.jsonl", county);
  ASSERT_EQ(::symlink(path.c_str(), dir.file("alias.jsonl").c_str()), 0);
  for (const std::string& out : {path, dir.path() + "/./county.jsonl", dir.file("alias.jsonl")}) {
    auto run = test_support::run_caremeter({"recalc", "--people", path, "--as-of", "2027-03-31", "--out", out});
    EXPECT_EQ(run.exit_status, 2) << out << ": " << run.err;
    EXPECT_TRUE(has(run.err, "is the input file given as --people")) << run.err;
  }
  auto compare = test_support::run_caremeter({"compare", "--people", path, "--scenarios", "current-law", "--from",
                                              "2026-04-01", "--to", "2027-03-31", "--chart", path});
  EXPECT_EQ(compare.exit_status, 2) << compare.err;
  EXPECT_TRUE(has(compare.err, "option --chart")) << compare.err;
  EXPECT_EQ(dir.read("county.jsonl"), county);
}

}  // namespace
}  // namespace caremeter
