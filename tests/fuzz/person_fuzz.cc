// person_fuzz.cc — libFuzzer target: the batch's fast person reader against the strict one.
//
// Whatever the bytes, as one county line: when the fast reader answers, the strict reader
// accepts the line and reads the same Person (Person's operator== compares every field); when
// the strict reader refuses it, the fast reader has refused it too; and parse_batch_person,
// which recalc and compare use, gives exactly the strict reader's answer — the same Person, or
// the same error code, pointer and message. Anything else aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "batch/batch.h"
#include "batch/fast_person_reader.h"
#include "caremeter/json/json_io.h"

namespace {

[[noreturn]] void disagree(std::string_view line, const char* why) {
  std::fprintf(stderr, "person_fuzz: %s\n  line: %.*s\n", why, static_cast<int>(std::min<std::size_t>(line.size(), 2000)),
               line.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const std::optional<caremeter::Person> fast = caremeter::read_person_fast(line);
  const caremeter::Result<caremeter::Person> strict = caremeter::parse_person(line);
  if (fast && !strict.ok()) disagree(line, "the fast reader accepted a line the strict reader refuses");
  if (fast && !(*fast == *strict)) disagree(line, "the fast reader read a different person from the strict reader");

  std::optional<std::string> id;
  const caremeter::Result<caremeter::Person> batch = caremeter::parse_batch_person(line, id);
  if (batch.ok() != strict.ok()) disagree(line, "parse_batch_person and the strict reader disagree on accepting");
  if (strict.ok() && !(*batch == *strict)) disagree(line, "parse_batch_person read a different person");
  if (!strict.ok()) {
    const caremeter::Error& a = batch.error();
    const caremeter::Error& b = strict.error();
    if (a.code != b.code || a.pointer != b.pointer || a.message != b.message) {
      disagree(line, "parse_batch_person gave another error than the strict reader");
    }
  }
  return 0;
}
