// uprating_json.h — reading an uprating rates file (rules/uprating/<version>.json; format in
// rules/README.md, "Uprating rates") into UpratingRates (caremeter/model/uprating.h).
//
// Strict like every rule file: unknown keys refused, money read from its text, every income
// type of the person document present exactly once (a type nobody thought about is an error,
// never a silent "not uprated"), an old standard rate mapping to exactly one new rate. Errors
// carry a JSON Pointer into the file.
#pragma once

#include <string>
#include <string_view>

#include "caremeter/model/status.h"
#include "caremeter/model/uprating.h"

namespace caremeter {

// The rates file's bytes. `version` is what the file's name says ("2026-04"): the file's own
// version must equal it. `file` is the path named in errors and kept in the result's ref.
Result<UpratingRates> read_uprating_rates(std::string_view bytes, const std::string& version, const std::string& file);

}  // namespace caremeter
