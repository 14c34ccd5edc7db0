// envelope.h — JSON-RPC 2.0's rules for the message as a whole, shared by every door (stdio
// JSON-RPC, MCP, HTTP): a batch (an array) is answered with an array of the answers to its
// requests, in order; an empty batch with one Invalid Request error; a batch of notifications,
// like a single notification, with nothing at all (JSON-RPC 2.0 sections 4.1 and 6).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "caremeter/json/json_io.h"

namespace caremeter {

// Answers one request (any JSON value found alone or as a batch element): its response text,
// or nullopt when it gets none (a notification).
using SingleRequestHandler = std::function<std::optional<std::string>(const Json& request)>;

// The answer to a parsed message — a single request or a batch — or nullopt when nothing is to
// be sent back.
std::optional<std::string> answer_message(const Json& message, const SingleRequestHandler& one);

// A request object is a notification when it has no "id" member at all ("id": null is an id).
inline bool is_notification(const Json& request) { return request.is_object() && !request.contains("id"); }

// {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":…,"data":{"pointer":…,"reason":"invalid_request"}}}
std::string invalid_request_answer(std::string_view pointer, std::string_view message);

}  // namespace caremeter
