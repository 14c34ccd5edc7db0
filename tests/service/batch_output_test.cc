// The batch output file past the point where its writeback to disk is started early: the
// bytes are still exactly those written, in order, and the file appears only when finished.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "batch/batch.h"

namespace caremeter {
namespace {

TEST(BatchOutput, ALargeFileWrittenInPiecesReadsBackExactly) {
  const std::string path = ::testing::TempDir() + "batch_output_large.jsonl";
  ::unlink(path.c_str());
  std::string expected;
  {
    auto out = OutputFile::open(path);
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
  auto in = InputFile::open(path);
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  ASSERT_EQ((*in)->data().size(), expected.size());
  EXPECT_TRUE((*in)->data() == expected);
  ::unlink(path.c_str());
}

// `--out /dev/null` or a named pipe: the output goes through the device, which is still a
// device afterwards (a rename over it would have replaced it with a plain file).
TEST(BatchOutput, APipeIsWrittenInPlaceAndStaysAPipe) {
  const std::string path = ::testing::TempDir() + "batch_output_fifo";
  ::unlink(path.c_str());
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
    auto out = OutputFile::open(path);
    ASSERT_TRUE(out.ok()) << out.error().to_string();
    ASSERT_TRUE((*out)->write("one\ntwo\n").ok());
    ASSERT_TRUE((*out)->finish().ok());
  }
  reader.join();
  EXPECT_EQ(received, "one\ntwo\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_NE(::access((path + ".tmp").c_str(), F_OK), 0);
  ::unlink(path.c_str());
}

TEST(BatchOutput, ADirectoryIsRefusedByName) {
  auto out = OutputFile::open(::testing::TempDir());
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().to_string().find("directory"), std::string::npos) << out.error().to_string();
}

}  // namespace
}  // namespace caremeter
