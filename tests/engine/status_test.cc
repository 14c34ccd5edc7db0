// status_test.cc — the error table (kind → reason → JSON-RPC code) and the helpers that pass
// errors up: ASSIGN_OR_RETURN and RETURN_IF_ERROR.
#include "caremeter/model/status.h"

#include <gtest/gtest.h>

#include <string>

namespace caremeter {
namespace {

// The codes and reasons doc/service.md documents, written out here by hand.
TEST(ErrorTable, EveryKindHasTheDocumentedReasonAndCode) {
  struct Row {
    ErrorCode code;
    const char* reason;
    int rpc;
  };
  const Row rows[] = {
      {ErrorCode::kParseError, "parse_error", -32700},     {ErrorCode::kInvalidRequest, "invalid_request", -32600},
      {ErrorCode::kMethodNotFound, "method_not_found", -32601}, {ErrorCode::kInvalidInput, "invalid_input", -32602},
      {ErrorCode::kOverflow, "overflow", -32602},          {ErrorCode::kUnknownRules, "unknown_rules", -32001},
      {ErrorCode::kRuleNotPublished, "rule_not_published", -32002},
      {ErrorCode::kMissingRule, "missing_rule", -32006},   {ErrorCode::kConflict, "conflict", -32003},
      {ErrorCode::kUnknownPerson, "unknown_person", -32004}, {ErrorCode::kIo, "io", -32010},
      {ErrorCode::kInternal, "internal", -32603},
  };
  for (const Row& r : rows) {
    EXPECT_STREQ(error_code_name(r.code), r.reason);
    EXPECT_EQ(json_rpc_code(r.code), r.rpc) << r.reason;
  }
}

Result<int> half(int n) {
  if (n % 2 != 0) return invalid_input("/n", "expected an even number, got " + std::to_string(n));
  return n / 2;
}

// Two halvings through ASSIGN_OR_RETURN, into a declaration and into an existing variable.
Result<int> quarter(int n) {
  ASSIGN_OR_RETURN(int h, half(n));
  int q = 0;
  ASSIGN_OR_RETURN(q, half(h));
  return q;
}

Status even(int n) {
  RETURN_IF_ERROR(half(n));
  return ok_status();
}

TEST(AssignOrReturn, BindsTheValueOrPassesTheErrorUp) {
  ASSERT_TRUE(quarter(12).ok());
  EXPECT_EQ(*quarter(12), 3);  // 12 / 2 = 6, 6 / 2 = 3
  auto odd_half = quarter(6);  // 6 / 2 = 3, which is odd
  ASSERT_FALSE(odd_half.ok());
  EXPECT_EQ(odd_half.error().pointer, "/n");
  EXPECT_EQ(odd_half.error().message, "expected an even number, got 3");
  EXPECT_EQ(quarter(7).error().message, "expected an even number, got 7");
}

TEST(ReturnIfError, PassesTheErrorUpAndOtherwiseGoesOn) {
  EXPECT_TRUE(even(4).ok());
  Status odd = even(5);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(odd.error().message, "expected an even number, got 5");
}

}  // namespace
}  // namespace caremeter
