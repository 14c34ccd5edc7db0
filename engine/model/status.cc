// status.cc — names of error codes and the human form of an Error.
#include "caremeter/model/status.h"

namespace caremeter {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kUnknownRules: return "unknown_rules";
    case ErrorCode::kMissingRule: return "missing_rule";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnknownPerson: return "unknown_person";
    case ErrorCode::kUnknownStatement: return "unknown_statement";
    case ErrorCode::kOverflow: return "overflow";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kDamagedRecord: return "damaged_record";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) out += file;
  if (!pointer.empty() || !file.empty()) out += "#" + pointer;
  if (!out.empty()) out += ": ";
  return out + message;
}

}  // namespace caremeter
