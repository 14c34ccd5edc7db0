// fast_person_reader.h — a quick reader for the person documents of a county batch.
//
// Reading a county line through the strict reader (parse_json_strict + person_from_json)
// builds a nlohmann tree of maps for every person and was half the time of `caremeter recalc`.
// This reader parses the line with simdjson's validating DOM parser and fills the Person
// directly. It only ever answers for documents it is sure the strict reader would accept: the
// moment anything is unusual (an error of any kind, an unknown or repeated key, a number where
// a string is written, an escape sequence, a control character, a very long line) it gives up
// and the caller uses the strict reader, so every error message and pointer stays the strict
// reader's. Both readers take the keys, names and bounds from the schema in
// caremeter/model/person.h. tests/service/fast_person_reader_test.cc checks the two agree (by
// Person's operator==) over the bundled county and mutated lines, and tests/fuzz/person_fuzz.cc
// over whatever libFuzzer makes of them.
#pragma once

#include <optional>
#include <string_view>

#include "caremeter/model/person.h"

namespace caremeter {

// The normalised Person the strict reader (parse_person) would give for `line`, or nullopt
// when this reader is not sure (never an error: the strict reader then reads the line).
// Thread-safe: each thread has its own parser.
std::optional<Person> read_person_fast(std::string_view line);

}  // namespace caremeter
