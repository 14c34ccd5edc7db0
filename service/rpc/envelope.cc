// envelope.cc — batches and notifications, whatever the door.
#include "rpc/envelope.h"

namespace caremeter {

std::string invalid_request_answer(std::string_view pointer, std::string_view message) {
  nlohmann::ordered_json error;
  error["code"] = -32600;
  error["message"] = std::string(message);
  error["data"] = {{"pointer", std::string(pointer)}, {"reason", "invalid_request"}};
  return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":" +
         error.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "}";
}

std::optional<std::string> answer_message(const Json& message, const SingleRequestHandler& one) {
  if (!message.is_array()) return one(message);
  if (message.empty()) return invalid_request_answer("", "an empty batch: expected at least one request");
  std::string out;
  for (const Json& request : message) {
    std::optional<std::string> answer = one(request);
    if (!answer) continue;
    out += out.empty() ? "[" : ",";
    out += *answer;
  }
  if (out.empty()) return std::nullopt;  // only notifications
  out += "]";
  return out;
}

}  // namespace caremeter
