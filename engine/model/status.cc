// status.cc — names and JSON-RPC codes of error kinds, and the human form of an Error.
#include "caremeter/model/status.h"

namespace caremeter {

const char* error_code_name(ErrorCode code) {
  switch (code) {
#define CAREMETER_ERROR_NAME(id, name, rpc) \
  case ErrorCode::id:                       \
    return name;
    CAREMETER_ERROR_CODES(CAREMETER_ERROR_NAME)
#undef CAREMETER_ERROR_NAME
  }
  return "internal";
}

int json_rpc_code(ErrorCode code) {
  switch (code) {
#define CAREMETER_ERROR_RPC(id, name, rpc) \
  case ErrorCode::id:                      \
    return rpc;
    CAREMETER_ERROR_CODES(CAREMETER_ERROR_RPC)
#undef CAREMETER_ERROR_RPC
  }
  return -32603;
}

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) out += file;
  if (!pointer.empty() || !file.empty()) out += "#" + pointer;
  if (!out.empty()) out += ": ";
  return out + message;
}

}  // namespace caremeter
