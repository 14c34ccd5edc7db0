// line_stream.cc — chunked line reading with a bound on a line's length.
#include "rpc/line_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace caremeter {

Status read_lines(int fd, std::size_t max_line_bytes, const LineHandler& on_line) {
  std::string line;
  bool discarding = false;  // inside a line over the limit: drop bytes until its newline
  std::string chunk(1 << 16, '\0');
  auto deliver = [&]() {
    bool go_on = on_line(discarding ? std::string_view() : std::string_view(line), discarding);
    discarding = false;
    line.clear();
    if (line.capacity() > (1u << 20)) line.shrink_to_fit();  // do not keep a big line's buffer
    return go_on;
  };
  for (;;) {
    ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{ErrorCode::kIo, "cannot read standard input: " + std::string(std::strerror(errno)), "", ""};
    }
    if (n == 0) break;
    const char* p = chunk.data();
    const char* end = p + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      std::size_t len = static_cast<std::size_t>(stop - p);
      if (!discarding) {
        if (line.size() + len > max_line_bytes) {
          discarding = true;
          std::string().swap(line);
        } else {
          line.append(p, len);
        }
      }
      if (!nl) break;
      if (!deliver()) return ok_status();
      p = nl + 1;
    }
  }
  if (discarding || !line.empty()) deliver();
  return ok_status();
}

}  // namespace caremeter
