// calculate.cc — placeholder until the engine lands (lead engineer).
#include "caremeter/calculate.h"

namespace caremeter {

Result<AccountResult> calculate(const Person&, const RuleSet&, const Scenario&, const CalculationRequest&) {
  return Error{ErrorCode::kInternal, "calculate: not implemented yet", "", ""};
}

Result<Money> deferred_payment_equity_limit(const RuleSet&, Date, Money, Money) {
  return Error{ErrorCode::kInternal, "not implemented yet", "", ""};
}

}  // namespace caremeter
