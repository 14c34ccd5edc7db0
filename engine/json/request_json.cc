// request_json.cc — the parts of a calculation request every method and the command line share.
#include "caremeter/json/json_io.h"

namespace caremeter {

Status read_explain(const Json& value, const std::string& pointer, CalculationRequest& request) {
  if (value.is_boolean()) {
    request.explain = value.get<bool>();
    request.plain = false;
    return ok_status();
  }
  if (value.is_string() && value.get_ref<const std::string&>() == kPlainExplanation) {
    request.explain = true;
    request.plain = true;
    return ok_status();
  }
  return invalid_input(pointer, "expected true, false or \"" + std::string(kPlainExplanation) + "\", got " +
                                    (value.is_string() ? "'" + value.get<std::string>() + "'" : json_type_name(value)));
}

}  // namespace caremeter
