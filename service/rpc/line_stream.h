// line_stream.h — reading newline-delimited messages from a file descriptor (the stdio doors).
//
// Input is read in chunks, so a line of any length streams past: a line over the limit is
// discarded as it arrives (never held whole) and reported as oversized. A last line without a
// newline counts as a line.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "caremeter/model/status.h"

namespace caremeter {

// Called for each line (without its newline); `oversized` when it was longer than the limit and
// `line` is then empty. Returns false to stop reading.
using LineHandler = std::function<bool(std::string_view line, bool oversized)>;

// Reads `fd` to its end (or until `on_line` returns false). An error only when reading failed.
Status read_lines(int fd, std::size_t max_line_bytes, const LineHandler& on_line);

}  // namespace caremeter
