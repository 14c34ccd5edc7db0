// summary.h — short plain-English summaries of the service's answers, for the text content an
// MCP tool result carries beside its structured content (a person or an assistant reads this;
// a program reads the structured content). Figures only: why each figure is what it is comes
// from the result's plain explanations.
#pragma once

#include <string>
#include <string_view>

#include "caremeter/json/json_io.h"

namespace caremeter {

// "£86,000.00" from "86000.00" (text in, text out: never through a binary number).
std::string pounds(std::string_view amount);
// "16 January 2027" from "2027-01-16"; other text is returned as it is.
std::string date_in_words(std::string_view iso_date);

std::string summarise_account_result(const Json& result);
std::string summarise_compare(const Json& results);
std::string summarise_statement(const Json& statement);
// "Not calculated: <message> (at /person/care/0/weekly_fee)" from a JSON-RPC error object.
std::string summarise_error(const Json& error);

}  // namespace caremeter
